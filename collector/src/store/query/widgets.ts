// Runs the builder's statements and shapes their rows: the ranking that picks a chart's top
// groups, then the series (every bucket present, empty ones filled), with totals.
import { z } from 'zod';
import type { Gateway } from '../gateway';
import { dateTime64ToDate } from '../time';
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

const cell = z.union([z.string(), z.number(), z.null()]);
const rowSchema = z
  .object({
    bucket: z.string().optional(),
    bucket_total: z.coerce.number().optional(),
    key: z.array(z.string()).optional(),
    series_key: z.array(z.string()).optional(),
    key_total: z.coerce.number().optional(),
  })
  .catchall(cell.optional());

export function parseValue(kind: ValueKind, raw: unknown): MetricValue {
  switch (kind) {
    case 'count':
      return raw === null || raw === undefined ? 0 : Number(raw);
    case 'nano':
      return raw === null || raw === undefined ? 0n : BigInt(String(raw));
    case 'float':
      return raw === null || raw === undefined || (typeof raw === 'number' && Number.isNaN(raw)) ? null : Number(raw);
  }
}

const emptyValue = (kind: ValueKind): MetricValue => (kind === 'count' ? 0 : kind === 'nano' ? 0n : null);
const metricsOf = (row: Record<string, unknown>, kinds: ValueKind[]) => kinds.map((kind, i) => parseValue(kind, row[`m${i}`]));
const keyId = (key: string[]) => JSON.stringify(key);

export async function runRanking(gateway: Gateway, request: WidgetRequest, options: BuildOptions, limit: number, orderBy?: number[]): Promise<RankedRow[]> {
  const built = buildRankQuery(gateway, request, options, { limit, orderBy });
  const rows = await gateway.query<Record<string, unknown>>('widget-rank', built.sql, built.params);
  return rows.map((raw) => {
    const row = rowSchema.parse(raw);
    return { key: row.key ?? [], values: metricsOf(raw, built.kinds) };
  });
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
  const rows = await gateway.query<Record<string, unknown>>('widget-series', built.sql, built.params);

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

  for (const raw of rows) {
    const row = rowSchema.parse(raw);
    const values = metricsOf(raw, built.kinds);
    const overall = !grouped || row.key_total === 1;
    const target = overall ? total : seriesFor(row.series_key ?? []);
    if (row.bucket_total === 1) {
      target.totals = values;
      continue;
    }
    const at = index.get(dateTime64ToDate(row.bucket ?? '').getTime());
    if (at === undefined) continue; // cannot happen: buckets cover the range the query read
    values.forEach((value, m) => (target.values[m]![at] = value));
  }
  const ordered = [...series.values()].sort((a, b) => Number(a.other) - Number(b.other));
  return { buckets, total, series: ordered };
}
