// The Calls screen's list: one page of calls, filtered, searched and sorted, read from the raw
// table (FINAL) with a time bound. Sort columns come from a fixed switch; search text and ids
// travel as parameters. Sorted by time without search, the rollups' per-hour counts say which
// hours hold the page (pageWindow.ts), so only those are read; otherwise the range is sorted
// whole and the page counts itself with a window function (one scan, not two).
import { type CallListRow, type CallSort, type Filters, nanoToUsd } from '@burnrate/contract';
import { CALLS_TABLE } from '../callsTable';
import type { Gateway } from '../gateway';
import { z } from 'zod';
import { chBigInt, chCount, chDateTime, chFloat } from '../chValues';
import { dateToDateTime64 } from '../time';
import { unreachable } from './dimensions';
import { filterConditions } from './filters';
import { pageWindow } from './pageWindow';
import { widgetRowSchema } from './widgets';
import { queryRows } from '../typedQuery';
import { buildSeriesQuery } from './widgetQuery';

export interface CallsListRequest {
  from: Date;
  to: Date;
  filters: Filters;
  /** Matches an id (trace, span, request, session) exactly, or any label as a case-insensitive substring. */
  q?: string;
  sort: CallSort;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export function sortExpression(sort: CallSort): string {
  switch (sort) {
    case 'time':
      return 'start_time';
    case 'cost':
      return 'cost_nano_usd';
    case 'tokens':
      return '(input_tokens + output_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens)';
    case 'latency':
      return 'duration_ms';
    default:
      return unreachable(sort);
  }
}

const SEARCHED_LABELS = ['service_name', 'team', 'project', 'feature', 'user', 'model', 'route', 'error_type'];

export const LIST_COLUMNS = `trace_id, span_id, start_time, service_name, team, project, feature, user, model, route, status_code, error_type,
  toString(cost_nano_usd) AS cost_nano, input_tokens, output_tokens, cache_read_tokens,
  cache_write_5m_tokens + cache_write_1h_tokens AS cache_write_tokens, duration_ms, ttft_ms, retry_count, session_id`;

/** The WHERE clause (range, filters, search) shared by the page and its count. */
export function callsWhere(gateway: Gateway, request: Omit<CallsListRequest, 'sort' | 'order' | 'offset' | 'limit'>, params: Record<string, unknown>): string {
  params.from = dateToDateTime64(request.from);
  params.to = dateToDateTime64(request.to);
  const conditions = [`start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}`];
  conditions.push(...filterConditions(gateway, 'calls', request.filters, request, params));
  if (request.q !== undefined) {
    params.q = request.q;
    params.q_id = request.q.toLowerCase();
    const labels = SEARCHED_LABELS.map((column) => `positionCaseInsensitiveUTF8(${column}, {q:String}) > 0`);
    conditions.push(`(trace_id = {q_id:String} OR span_id = {q_id:String} OR request_id = {q:String} OR session_id = {q:String} OR ${labels.join(' OR ')})`);
  }
  return conditions.join(' AND ');
}

export function buildCallsListQuery(
  gateway: Gateway,
  request: CallsListRequest,
  options: { withTotal?: boolean } = {},
): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { offset: request.offset, limit: request.limit };
  const direction = request.order === 'asc' ? 'ASC' : 'DESC';
  const sql = `SELECT ${LIST_COLUMNS}${options.withTotal ? ', count() OVER () AS total_rows' : ''}
FROM ${gateway.table(CALLS_TABLE)} FINAL
WHERE ${callsWhere(gateway, request, params)}
ORDER BY ${sortExpression(request.sort)} ${direction} NULLS LAST, trace_id ${direction}, span_id ${direction}
LIMIT {limit:UInt32} OFFSET {offset:UInt32}`;
  return { sql, params };
}

export function buildCallsCountQuery(
  gateway: Gateway,
  request: Omit<CallsListRequest, 'sort' | 'order' | 'offset' | 'limit'>,
): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  return { sql: `SELECT count() AS n FROM ${gateway.table(CALLS_TABLE)} FINAL WHERE ${callsWhere(gateway, request, params)}`, params };
}

/** The columns of LIST_COLUMNS, converted; toListRow names them as the API does. */
export const listColumnsSchema = z.object({
  trace_id: z.string(),
  span_id: z.string(),
  start_time: chDateTime,
  service_name: z.string(),
  team: z.string(),
  project: z.string(),
  feature: z.string(),
  user: z.string(),
  model: z.string(),
  route: z.string(),
  status_code: chCount,
  error_type: z.string(),
  cost_nano: chBigInt.nullable(),
  input_tokens: chCount,
  output_tokens: chCount,
  cache_read_tokens: chCount,
  cache_write_tokens: chCount,
  duration_ms: chFloat,
  ttft_ms: chFloat,
  retry_count: chCount,
  session_id: z.string(),
});

export function toListRow(row: z.output<typeof listColumnsSchema>): CallListRow {
  const nano = row.cost_nano === null ? null : row.cost_nano.toString();
  return {
    traceId: row.trace_id,
    spanId: row.span_id,
    startTime: row.start_time.toISOString(),
    service: row.service_name,
    team: row.team,
    project: row.project,
    feature: row.feature,
    user: row.user,
    model: row.model,
    route: row.route,
    statusCode: row.status_code,
    errorType: row.error_type,
    costUsd: nano === null ? null : nanoToUsd(nano),
    costNanoUsd: nano,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cacheReadTokens: row.cache_read_tokens,
    cacheWriteTokens: row.cache_write_tokens,
    // A Float64 that is never null; NaN (null in JSON) read as 0, as before.
    durationMs: row.duration_ms ?? 0,
    ttftMs: row.ttft_ms,
    retryCount: row.retry_count,
    sessionId: row.session_id,
  };
}

const pageRowSchema = listColumnsSchema.extend({ total_rows: chCount });
const countSchema = z.object({ n: chCount });

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Rows per bucket over the range, from the rollups (exact: raw rows for the ragged edges). */
async function bucketCounts(gateway: Gateway, request: CallsListRequest, rollups: boolean) {
  const interval = request.to.getTime() - request.from.getTime() <= 60 * DAY ? '1h' : '1d';
  const built = buildSeriesQuery(
    gateway,
    { metrics: ['calls'], groupBy: [], filters: request.filters, interval, from: request.from, to: request.to },
    { rollups },
  );
  const rows = await queryRows(gateway, 'calls-bucket-counts', widgetRowSchema(built.kinds), built.sql, built.params);
  const buckets = rows
    .filter((r) => r.bucket_total === 0 && r.bucket !== undefined)
    .map((r) => ({ start: r.bucket!, count: Number(r.values[0]) }))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  return { buckets, bucketMs: interval === '1h' ? HOUR : DAY };
}

export async function listCalls(gateway: Gateway, request: CallsListRequest, rollups: boolean): Promise<{ rows: CallListRow[]; total: number }> {
  if (request.q === undefined && request.sort === 'time') {
    const { buckets, bucketMs } = await bucketCounts(gateway, request, rollups);
    const total = buckets.reduce((sum, b) => sum + b.count, 0);
    const window = pageWindow(buckets, bucketMs, request, request.offset, request.limit, request.order);
    if (!window) return { rows: [], total };
    const { sql, params } = buildCallsListQuery(gateway, { ...request, ...window });
    return { rows: (await queryRows(gateway, 'calls-list-window', listColumnsSchema, sql, params)).map(toListRow), total };
  }
  const { sql, params } = buildCallsListQuery(gateway, request, { withTotal: true });
  const found = await queryRows(gateway, 'calls-list', pageRowSchema, sql, params);
  // Past the last row there is no row to carry the total; count separately then.
  const total = found.length > 0 ? found[0]!.total_rows : await countCalls(gateway, request);
  return { rows: found.map(toListRow), total };
}

export async function countCalls(gateway: Gateway, request: Omit<CallsListRequest, 'sort' | 'order' | 'offset' | 'limit'>): Promise<number> {
  const { sql, params } = buildCallsCountQuery(gateway, request);
  const [row] = await queryRows(gateway, 'calls-count', countSchema, sql, params);
  return row?.n ?? 0;
}
