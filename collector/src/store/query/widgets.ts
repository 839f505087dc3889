// Runs the builder's statements and shapes their rows: the ranking that picks a chart's top
// groups, then the series (every bucket present, empty ones filled), with totals.
import { z } from 'zod';
import type { Gateway } from '../gateway';
import { chBigInt, chCount, chDateTime, chFloat } from '../chValues';
import { queryRows } from '../typedQuery';
import { bucketStarts } from './intervals';
import type { Metric } from '@burnrate/contract';
import { metricSql, type ValueKind } from './metrics';
import { buildRankQuery, buildSeriesQuery, type BuildOptions, type WidgetRequest } from './widgetQuery';

/** A count, exact nano-dollars, or a float (null when there was nothing to measure). */
export type MetricValue = number | bigint | null;

export interface SeriesValues {
  /** Per metric (request order), one value per bucket. */
  values: MetricValue[][];
  /** Per metric, over the whole range. */
  totals: MetricValue[];
}

export interface GroupSeries extends SeriesValues {
  key: string[];
  other: boolean;
}

export interface TimeseriesResult {
  buckets: Date[];
  total: SeriesValues;
  series: GroupSeries[];
}

export interface RankedRow {
  key: string[];
  values: MetricValue[];
}

/** A metric column by its kind; nothing to count is 0, nothing to measure is null. */
const METRIC_VALUE: Record<ValueKind, z.ZodType<MetricValue>> = {
  count: chCount.nullish().transform((value) => value ?? 0),
  nano: chBigInt.nullish().transform((value) => value ?? 0n),
  float: chFloat.optional().transform((value) => value ?? null),
};

const GROUPING = {
  bucket: chDateTime.optional(),
  bucket_total: chCount.optional(),
  key: z.array(z.string()).optional(),
  series_key: z.array(z.string()).optional(),
  key_total: chCount.optional(),
};

export interface WidgetRow {
  bucket?: Date;
  bucket_total?: number;
  key?: string[];
  series_key?: string[];
  key_total?: number;
  /** The metrics' values, in request order. */
  values: MetricValue[];
}

/** The row schema of one built widget query: its grouping columns, and its metrics m0…mN (by their kinds) as `values`. */
export function widgetRowSchema(kinds: readonly ValueKind[]): z.ZodType<WidgetRow> {
  const metricColumns = Object.fromEntries(kinds.map((kind, i) => [`m${i}`, METRIC_VALUE[kind]]));
  // The metric columns are checked like the rest; their names are only known per query, so the
  // static type names the grouping columns and the transform reads the metrics by name.
  return z.object({ ...GROUPING, ...metricColumns } as typeof GROUPING).transform((row) => ({
    bucket: row.bucket,
    bucket_total: row.bucket_total,
    key: row.key,
    series_key: row.series_key,
    key_total: row.key_total,
    values: kinds.map((_, i) => (row as Record<string, unknown>)[`m${i}`] as MetricValue),
  }));
}

const emptyValue = (kind: ValueKind): MetricValue => (kind === 'count' ? 0 : kind === 'nano' ? 0n : null);
const keyId = (key: string[]) => JSON.stringify(key);

export async function runRanking(gateway: Gateway, request: WidgetRequest, options: BuildOptions, limit: number, orderBy?: number[]): Promise<RankedRow[]> {
  const built = buildRankQuery(gateway, request, options, { limit, orderBy });
  const rows = await queryRows(gateway, 'widget-rank', widgetRowSchema(built.kinds), built.sql, built.params);
  return rows.map((row) => ({ key: row.key ?? [], values: row.values }));
}

/**
 * What picks a chart's top groups: the first metric when it adds up (spend, calls, tokens),
 * else the volume under it (calls or attempts). Ranking by a p95 would put the slowest rare model
 * first, and merging digests just to rank costs more than the chart itself.
 */
export function rankMetric(metrics: readonly Metric[]): Metric {
  const first = metrics[0]!;
  const m = metricSql(first);
  if (m.kind !== 'float') return first;
  return m.source === 'calls' ? 'calls' : 'attempts';
}

/** The request's interval must be set. With groupBy, the top `limit` groups (see rankMetric) get their own series. */
export async function runTimeseries(
  gateway: Gateway,
  request: WidgetRequest & { interval: NonNullable<WidgetRequest['interval']> },
  options: BuildOptions,
  limit: number,
): Promise<TimeseriesResult> {
  const grouped = request.groupBy.length > 0;
  const ranked = grouped ? await runRanking(gateway, { ...request, metrics: [rankMetric(request.metrics)] }, options, limit) : [];
  const built = buildSeriesQuery(
    gateway,
    request,
    options,
    ranked.map((r) => r.key),
  );
  const rows = await queryRows(gateway, 'widget-series', widgetRowSchema(built.kinds), built.sql, built.params);

  const buckets = bucketStarts(request.from, request.to, request.interval);
  const index = new Map(buckets.map((b, i) => [b.getTime(), i]));
  const blank = (): SeriesValues => ({
    values: built.kinds.map((kind) => buckets.map(() => emptyValue(kind))),
    totals: built.kinds.map(emptyValue),
  });
  const total = blank();
  const series = new Map<string, GroupSeries>();
  const seriesFor = (key: string[]) => {
    const id = keyId(key);
    let found = series.get(id);
    if (!found) series.set(id, (found = { key, other: key.length === 0, ...blank() }));
    return found;
  };
  // Keep the ranking's order; "everything else" goes last.
  for (const r of ranked) seriesFor(r.key);

  for (const row of rows) {
    const values = row.values;
    const overall = !grouped || row.key_total === 1;
    const target = overall ? total : seriesFor(row.series_key ?? []);
    if (row.bucket_total === 1) {
      target.totals = values;
      continue;
    }
    const at = row.bucket && index.get(row.bucket.getTime());
    if (at === undefined) continue; // cannot happen: buckets cover the range the query read
    values.forEach((value, m) => (target.values[m]![at] = value));
  }
  const ordered = [...series.values()].sort((a, b) => Number(a.other) - Number(b.other));
  return { buckets, total, series: ordered };
}
