// TimeseriesResponse → rows recharts draws. Pure, so they are tested without a browser.
import { formatBucket, formatKey } from '../format';
import type { Interval, Metric, TimeseriesResponse } from '../api/types';

/** How one series is drawn. */
export interface SeriesStyle {
  id: string;
  label: string;
  color: string;
  /** Drawn as this instead of the chart's kind (a peak line over average bars). */
  kind?: 'area' | 'bar' | 'line';
}

export function intervalMs(interval: Interval): number {
  switch (interval) {
    case '1m':
      return 60_000;
    case '5m':
      return 300_000;
    case '15m':
      return 900_000;
    case '1h':
      return 3_600_000;
    case '6h':
      return 21_600_000;
    case '1d':
      return 86_400_000;
  }
}

export type ChartRow = { t: string; label: string } & Record<string, number | string | null>;

export interface GroupSeries {
  /** Stable data key for the chart ("s0", "s1", …). */
  id: string;
  label: string;
  key: string[];
  other: boolean;
}

const rowBase = (response: TimeseriesResponse, i: number) => ({
  t: response.buckets[i]!,
  label: formatBucket(response.buckets[i]!, intervalMs(response.interval)),
});

/** One row per bucket with each listed metric of the ungrouped total. */
export function metricRows(
  response: TimeseriesResponse,
  metrics: readonly Metric[],
  scale: (metric: Metric, value: number | null) => number | null = (_, v) => v,
): ChartRow[] {
  return response.buckets.map((_, i) => {
    const row: ChartRow = rowBase(response, i);
    for (const metric of metrics) row[metric] = scale(metric, response.total.values[metric]?.[i] ?? null);
    return row;
  });
}

/** One row per bucket with one column per group, for a stacked chart of one metric. */
export function groupRows(
  response: TimeseriesResponse,
  metric: Metric,
  options: { skipKey?: (key: string[]) => boolean } = {},
): { rows: ChartRow[]; series: GroupSeries[] } {
  const kept = response.series.filter((s) => !(options.skipKey?.(s.key) ?? false));
  const series = kept.map((s, i) => ({ id: `s${i}`, label: formatKey(s.key, s.other), key: s.key, other: s.other }));
  const rows = response.buckets.map((_, i) => {
    const row: ChartRow = rowBase(response, i);
    kept.forEach((s, j) => (row[`s${j}`] = s.values[metric]?.[i] ?? null));
    return row;
  });
  return { rows, series };
}

/** Shares of the bucket's total (0..1) instead of amounts: a mix chart. */
export function toShares(rows: ChartRow[], series: GroupSeries[]): ChartRow[] {
  return rows.map((row) => {
    const total = series.reduce((sum, s) => sum + (Number(row[s.id]) || 0), 0);
    const out: ChartRow = { t: row.t, label: row.label };
    for (const s of series) out[s.id] = total > 0 ? (Number(row[s.id]) || 0) / total : null;
    return out;
  });
}

/** Counts per bucket → counts per minute, so buckets of any size read alike. */
export function perMinute(count: number | null, bucketMs: number): number | null {
  return count === null ? null : count / (bucketMs / 60_000);
}

/** Errors of each type over all calls in the bucket: the rates add up to the error rate. */
export function errorRateRows(byType: TimeseriesResponse, calls: TimeseriesResponse): { rows: ChartRow[]; series: GroupSeries[] } {
  const { rows, series } = groupRows(byType, 'errors', { skipKey: (key) => key[0] === '' });
  const denominators = calls.total.values.calls ?? [];
  const rates = rows.map((row, i) => {
    const out: ChartRow = { t: row.t, label: row.label };
    const callsInBucket = denominators[i] ?? 0;
    for (const s of series) out[s.id] = callsInBucket > 0 ? (Number(row[s.id]) || 0) / callsInBucket : null;
    return out;
  });
  return { rows: rates, series };
}

export interface TotalsRow {
  key: string[];
  label: string;
  other: boolean;
  values: Partial<Record<Metric, number | null>>;
}

/** Per-group totals over the range, in the API's order (best first, "Other" last). */
export function totalsRows(response: TimeseriesResponse): TotalsRow[] {
  return response.series.map((s) => ({ key: s.key, label: formatKey(s.key, s.other), other: s.other, values: s.totals }));
}

/** The latest bucket that is not empty, for "current" readings. */
export function lastValue(values: (number | null)[] | undefined): number | null {
  if (!values) return null;
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null && values[i] !== undefined) return values[i]!;
  return null;
}
