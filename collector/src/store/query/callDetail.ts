// One call with every stored attribute, and its HTTP attempts in order.
import type { AttemptDetail, CallDetail } from '@burnrate/contract';
import { ATTEMPTS_TABLE } from '../attemptsTable';
import { CALLS_TABLE } from '../callsTable';
import type { Gateway } from '../gateway';
import { dateTime64ToDate, dateToDateTime64 } from '../time';
import { LIST_COLUMNS, toListRow } from './callsList';

const DETAIL_COLUMNS = `${LIST_COLUMNS}, parent_span_id, environment, scope_name, instrumentation, provider, operation, request_model,
  response_model, cache_write_5m_tokens, cache_write_1h_tokens, service_tier, stream, stop_reason, request_id, batch, data_residency,
  speed, tenant, route_reason, route_requested_model, route_fallback_from, resource_attributes, rate_limits,
  web_search_requests, web_fetch_requests, price_source, price_from, toString(cost_fast_mode_nano_usd) AS fast_mode_nano,
  toString(cost_us_only_nano_usd) AS us_only_nano, toString(cost_web_search_nano_usd) AS web_search_nano`;

const text = (v: unknown) => String(v ?? '');
const bool = (v: unknown) => v === true || v === 1 || v === '1' || v === 'true';
const stringMap = (v: unknown): Record<string, string> =>
  v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {};

/** The stored lines; the token line is what the premiums and fees leave of the cost. */
function costLinesOf(row: Record<string, unknown>): CallDetail['costLines'] {
  if (row.cost_nano === null || row.cost_nano === undefined) return null;
  const [fastMode, usOnly, webSearch] = [row.fast_mode_nano, row.us_only_nano, row.web_search_nano].map((v) => BigInt(text(v) || '0')) as [
    bigint,
    bigint,
    bigint,
  ];
  const tokens = BigInt(text(row.cost_nano)) - fastMode - usOnly - webSearch;
  return { tokens: tokens.toString(), fastMode: fastMode.toString(), usOnly: usOnly.toString(), webSearch: webSearch.toString() };
}

export async function callDetail(
  gateway: Gateway,
  ids: { traceId: string; spanId: string },
  range: { from: Date; to: Date },
): Promise<{ call: CallDetail; attempts: AttemptDetail[] } | undefined> {
  const params = { traceId: ids.traceId, spanId: ids.spanId, from: dateToDateTime64(range.from), to: dateToDateTime64(range.to) };
  const [row] = await gateway.query<Record<string, unknown>>(
    'call-detail',
    `SELECT ${DETAIL_COLUMNS} FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}
       AND span_id = {spanId:String} AND trace_id = {traceId:String}
     LIMIT 1`,
    params,
  );
  if (!row) return undefined;
  const call: CallDetail = {
    ...toListRow(row),
    parentSpanId: text(row.parent_span_id),
    environment: text(row.environment),
    scopeName: text(row.scope_name),
    instrumentation: text(row.instrumentation),
    provider: text(row.provider),
    operation: text(row.operation),
    requestModel: text(row.request_model),
    responseModel: text(row.response_model),
    cacheWrite5mTokens: Number(row.cache_write_5m_tokens ?? 0),
    cacheWrite1hTokens: Number(row.cache_write_1h_tokens ?? 0),
    serviceTier: text(row.service_tier),
    stream: bool(row.stream),
    stopReason: text(row.stop_reason),
    requestId: text(row.request_id),
    batch: bool(row.batch),
    dataResidency: bool(row.data_residency),
    speed: text(row.speed),
    tenant: text(row.tenant),
    routeReason: text(row.route_reason),
    routeRequestedModel: text(row.route_requested_model),
    routeFallbackFrom: text(row.route_fallback_from),
    resourceAttributes: stringMap(row.resource_attributes),
    rateLimits: stringMap(row.rate_limits),
    webSearchRequests: Number(row.web_search_requests ?? 0),
    webFetchRequests: Number(row.web_fetch_requests ?? 0),
    priceSource: text(row.price_source),
    priceFrom: text(row.price_from),
    costLines: costLinesOf(row),
  };
  // Attempts start within their call, so the call's own time bounds their search.
  const started = dateTime64ToDate(text(row.start_time));
  const attempts = await gateway.query<Record<string, unknown>>(
    'call-attempts',
    `SELECT attempt, start_time, duration_ms, status_code, error_type, retry_after_ms, request_id
     FROM ${gateway.table(ATTEMPTS_TABLE)} FINAL
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}
       AND span_id = {spanId:String} AND trace_id = {traceId:String}
     ORDER BY attempt`,
    { ...params, from: dateToDateTime64(started), to: dateToDateTime64(new Date(started.getTime() + call.durationMs + 3_600_000)) },
  );
  return {
    call,
    attempts: attempts.map((a) => ({
      attempt: Number(a.attempt),
      startTime: dateTime64ToDate(text(a.start_time)).toISOString(),
      durationMs: a.duration_ms === null ? null : Number(a.duration_ms),
      statusCode: Number(a.status_code),
      errorType: text(a.error_type),
      retryAfterMs: a.retry_after_ms === null ? null : Number(a.retry_after_ms),
      requestId: text(a.request_id),
    })),
  };
}
