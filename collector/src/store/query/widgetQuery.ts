// THE query builder: a widget request {metrics, groupBy, filters, interval, from, to} becomes one
// SQL statement and its typed parameters. Every identifier and SQL fragment in the output comes
// from an exhaustive switch over a validated enum (dimensions.ts, metrics.ts, intervals.ts);
// every value the request carries travels as a {name:Type} parameter. Nothing of the request's
// text is ever spliced into the SQL.
//
// Shape of every statement: an inner UNION ALL of partial aggregates, one per segment of the
// range (rollup for whole hours, raw table for the edges, see segments.ts), and an outer query
// that merges the partials. The series form uses GROUPING SETS so one scan yields per-bucket
// values, per-series totals and the overall totals.
import type { Filters, GroupDimension, Interval, Metric } from '@burnrate/contract';
import type { Gateway } from '../gateway';
import { dateToDateTime64 } from '../time';
import { dimensionAvailable, dimensionColumn } from './dimensions';
import { filterConditions, WidgetRequestError } from './filters';
import { intervalSql } from './intervals';
import { metricSql, partSql, SAVINGS_PARAMS, type Part, type ValueKind } from './metrics';
import { SOURCE_TABLES, timeColumn, type Source } from './rollups';
import { planSegments, type Segment, type SourcePlan } from './segments';

export { WidgetRequestError };

export interface WidgetRequest {
  metrics: readonly Metric[];
  groupBy: readonly GroupDimension[];
  filters: Filters;
  /** null: one value per group over the whole range. */
  interval: Interval | null;
  from: Date;
  to: Date;
}

/** Per model, the nano-dollars one cache-read token saved against an uncached one. */
export interface SavingsPrices {
  models: string[];
  /** Per-token prices are far below 2^53, so plain numbers are exact. */
  nanoPerToken: number[];
}

export interface BuildOptions {
  rollups: boolean;
  savings?: SavingsPrices;
}

export interface BuiltQuery {
  sql: string;
  params: Record<string, unknown>;
  plan: SourcePlan;
  /** Value kind of each metric column m0, m1, … in request order. */
  kinds: ValueKind[];
}

const dateTimeParam = (date: Date) => dateToDateTime64(date).slice(0, 19);

function sourceOf(request: WidgetRequest): Source {
  if (request.metrics.length === 0) throw new WidgetRequestError('metric is required');
  const sources = new Set(request.metrics.map((m) => metricSql(m).source));
  if (sources.size > 1) throw new WidgetRequestError('metrics over calls and over attempts cannot be mixed in one request; ask for them separately');
  const source = [...sources][0]!;
  for (const dimension of request.groupBy) {
    if (!dimensionAvailable(dimension, source)) throw new WidgetRequestError(`groupBy ${dimension} is not available for attempt metrics`);
  }
  if (new Set(request.groupBy).size !== request.groupBy.length) throw new WidgetRequestError('groupBy names a dimension twice');
  if (request.from >= request.to) throw new WidgetRequestError('from must be before to');
  return source;
}

function partsOf(metrics: readonly Metric[]): Part[] {
  return [...new Set(metrics.flatMap((m) => metricSql(m).parts))];
}

function partialSelect(
  gateway: Gateway,
  plan: SourcePlan,
  segment: Segment,
  index: number,
  request: WidgetRequest,
  parts: Part[],
  filters: string[],
  params: Record<string, unknown>,
): string {
  const time = segment.kind === 'rollup' ? timeColumn(segment.rollup) : 'start_time';
  const columns: string[] = [];
  const groupBy: string[] = [];
  if (request.interval) {
    columns.push(`toDateTime(toStartOfInterval(${time}, ${intervalSql(request.interval)}), 'UTC') AS bucket`);
    groupBy.push('bucket');
  }
  if (request.groupBy.length > 0) {
    columns.push(`[${request.groupBy.map((d) => `toString(${dimensionColumn(d)})`).join(', ')}] AS key`);
    groupBy.push('key');
  }
  for (const part of parts) columns.push(`${segment.kind === 'rollup' ? partSql(part).rollup : partSql(part).raw} AS p_${part}`);
  let where: string;
  let from: string;
  if (segment.kind === 'rollup') {
    params[`s${index}_from`] = dateTimeParam(segment.from);
    params[`s${index}_to`] = dateTimeParam(segment.to);
    where = `${time} >= {s${index}_from:DateTime('UTC')} AND ${time} < {s${index}_to:DateTime('UTC')}`;
    from = gateway.table(segment.rollup.table);
  } else {
    params[`s${index}_from`] = dateToDateTime64(segment.from);
    params[`s${index}_to`] = dateToDateTime64(segment.to);
    where = `start_time >= {s${index}_from:DateTime64(6, 'UTC')} AND start_time < {s${index}_to:DateTime64(6, 'UTC')}`;
    // FINAL collapses a duplicate that slipped past the writer (two collectors racing).
    from = `${gateway.table(SOURCE_TABLES[plan.source])} FINAL`;
  }
  return `SELECT ${columns.join(', ')}
    FROM ${from}
    WHERE ${[where, ...filters].join(' AND ')}${groupBy.length > 0 ? `\n    GROUP BY ${groupBy.join(', ')}` : ''}`;
}

interface Prepared {
  inner: string;
  /** Each metric's merged value, for ORDER BY (nano sums stay integers here). */
  values: string[];
  /** Each metric as an output column m<i>. */
  finals: string[];
  params: Record<string, unknown>;
  plan: SourcePlan;
  kinds: ValueKind[];
}

function prepare(gateway: Gateway, request: WidgetRequest, options: BuildOptions): Prepared {
  const source = sourceOf(request);
  const parts = partsOf(request.metrics);
  const plan = planSegments(source, parts, request, options.rollups);
  const params: Record<string, unknown> = {};
  if (parts.includes('cache_savings')) {
    if (!options.savings) throw new WidgetRequestError('cache_savings_usd needs the price table, which this endpoint does not have');
    params[SAVINGS_PARAMS.models] = options.savings.models;
    params[SAVINGS_PARAMS.nanoPerToken] = options.savings.nanoPerToken;
  }
  const filters = filterConditions(gateway, source, request.filters, request, params);
  const inner = plan.segments.map((segment, i) => partialSelect(gateway, plan, segment, i, request, parts, filters, params)).join('\n  UNION ALL\n  ');
  const merged = (part: Part) => partSql(part).merge(`p_${part}`);
  const values = request.metrics.map((metric) => metricSql(metric).final(merged));
  // Int64 sums leave as text: a JSON number would round past 2^53 nano-dollars (~$9M).
  const finals = request.metrics.map((metric, i) => `${metricSql(metric).kind === 'nano' ? `toString(${values[i]})` : values[i]} AS m${i}`);
  return { inner, values, finals, params, plan, kinds: request.metrics.map((m) => metricSql(m).kind) };
}

/**
 * Values per bucket and group, plus per-group totals and overall totals (GROUPING SETS). Groups
 * not in `keep` fold into one series whose key is [] ("everything else").
 */
export function buildSeriesQuery(gateway: Gateway, request: WidgetRequest, options: BuildOptions, keep: string[][] = []): BuiltQuery {
  const { inner, finals, params, plan, kinds } = prepare(gateway, request, options);
  const select: string[] = [];
  const keys: string[] = [];
  if (request.interval) {
    select.push('bucket', 'grouping(bucket) AS bucket_total');
    keys.push('bucket');
  }
  if (request.groupBy.length > 0) {
    params.keep = keep;
    select.push('if(has({keep:Array(Array(String))}, key), key, []) AS series_key', 'grouping(series_key) AS key_total');
    keys.push('series_key');
  }
  let groupBy = '';
  if (keys.length === 2) groupBy = 'GROUP BY GROUPING SETS ((bucket, series_key), (series_key), (bucket), ())';
  else if (keys.length === 1) groupBy = `GROUP BY GROUPING SETS ((${keys[0]}), ())`;
  const sql = `SELECT ${[...select, ...finals].join(', ')}
FROM (
  ${inner}
)
${groupBy}`;
  return { sql, params, plan, kinds };
}

/** One row per group over the whole range, best first by `orderBy` (default: the first metric). */
export function buildRankQuery(
  gateway: Gateway,
  request: WidgetRequest,
  options: BuildOptions,
  rank: { limit: number; orderBy?: readonly number[] },
): BuiltQuery {
  if (request.groupBy.length === 0) throw new WidgetRequestError('a ranking needs groupBy');
  const { inner, values, finals, params, plan, kinds } = prepare(gateway, { ...request, interval: null }, options);
  params.limit = rank.limit;
  const order = (rank.orderBy ?? [0]).map((i) => {
    if (values[i] === undefined) throw new Error(`orderBy ${i} names no metric`);
    return `${values[i]} DESC NULLS LAST`;
  });
  const sql = `SELECT key, ${finals.join(', ')}
FROM (
  ${inner}
)
GROUP BY key
ORDER BY ${[...order, 'key'].join(', ')}
LIMIT {limit:UInt32}`;
  return { sql, params, plan, kinds };
}

/**
 * Each part's total over the range, one row with a column per part (named after it; 64-bit sums
 * as text): the rollups for whole hours and days, the raw rows for the edges, as every widget.
 */
export function buildTotalsQuery(
  gateway: Gateway,
  request: Pick<WidgetRequest, 'filters' | 'from' | 'to'>,
  parts: readonly Part[],
  options: BuildOptions,
): BuiltQuery {
  const whole: WidgetRequest = { ...request, metrics: [], groupBy: [], interval: null };
  const plan = planSegments('calls', parts, whole, options.rollups);
  const params: Record<string, unknown> = {};
  const filters = filterConditions(gateway, 'calls', request.filters, request, params);
  const inner = plan.segments.map((segment, i) => partialSelect(gateway, plan, segment, i, whole, [...parts], filters, params)).join('\n  UNION ALL\n  ');
  const sql = `SELECT ${parts.map((part) => `toString(${partSql(part).merge(`p_${part}`)}) AS ${part}`).join(', ')}
FROM (
  ${inner}
)`;
  return { sql, params, plan, kinds: [] };
}
