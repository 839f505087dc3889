// One call with every stored attribute, and its HTTP attempts in order.
import type { AttemptDetail, CallDetail } from '@burnrate/contract';
import { ATTEMPTS_TABLE } from '../attemptsTable';
import { CALLS_TABLE } from '../callsTable';
import type { Gateway } from '../gateway';
import { z } from 'zod';
import { chBigInt, chBool, chCount, chDateTime, chFloat } from '../chValues';
import { dateToDateTime64 } from '../time';
import { queryRows } from '../typedQuery';
import { LIST_COLUMNS, listColumnsSchema, toListRow } from './callsList';

const DETAIL_COLUMNS = `${LIST_COLUMNS}, parent_span_id, environment, scope_name, instrumentation, provider, operation, request_model,
  response_model, cache_write_5m_tokens, cache_write_1h_tokens, service_tier, stream, stop_reason, request_id, batch, data_residency,
  speed, tenant, route_reason, route_requested_model, route_fallback_from, resource_attributes, rate_limits,
  web_search_requests, web_fetch_requests, price_source, price_from, toString(cost_fast_mode_nano_usd) AS fast_mode_nano,
  toString(cost_us_only_nano_usd) AS us_only_nano, toString(cost_web_search_nano_usd) AS web_search_nano`;

const detailSchema = listColumnsSchema.extend({
  parent_span_id: z.string(),
  environment: z.string(),
  scope_name: z.string(),
  instrumentation: z.string(),
  provider: z.string(),
  operation: z.string(),
  request_model: z.string(),
  response_model: z.string(),
  cache_write_5m_tokens: chCount,
  cache_write_1h_tokens: chCount,
  service_tier: z.string(),
  stream: chBool,
  stop_reason: z.string(),
  request_id: z.string(),
  batch: chBool,
  data_residency: chBool,
  speed: z.string(),
  tenant: z.string(),
  route_reason: z.string(),
  route_requested_model: z.string(),
  route_fallback_from: z.string(),
  resource_attributes: z.record(z.string(), z.string()),
  rate_limits: z.record(z.string(), z.string()),
  web_search_requests: chCount,
  web_fetch_requests: chCount,
  price_source: z.string(),
  price_from: z.string(),
  fast_mode_nano: chBigInt,
  us_only_nano: chBigInt,
  web_search_nano: chBigInt,
});

const attemptSchema = z.object({
  attempt: chCount,
  start_time: chDateTime,
  duration_ms: chFloat,
  status_code: chCount,
  error_type: z.string(),
  retry_after_ms: chFloat,
  request_id: z.string(),
});

/** The stored lines; the token line is what the premiums and fees leave of the cost. */
function costLinesOf(row: z.output<typeof detailSchema>): CallDetail['costLines'] {
  if (row.cost_nano === null) return null;
  const [fastMode, usOnly, webSearch] = [row.fast_mode_nano, row.us_only_nano, row.web_search_nano];
  const tokens = row.cost_nano - fastMode - usOnly - webSearch;
  return { tokens: tokens.toString(), fastMode: fastMode.toString(), usOnly: usOnly.toString(), webSearch: webSearch.toString() };
}

export async function callDetail(
  gateway: Gateway,
  ids: { traceId: string; spanId: string },
  range: { from: Date; to: Date },
): Promise<{ call: CallDetail; attempts: AttemptDetail[] } | undefined> {
  const params = { traceId: ids.traceId, spanId: ids.spanId, from: dateToDateTime64(range.from), to: dateToDateTime64(range.to) };
  const [row] = await queryRows(
    gateway,
    'call-detail',
    detailSchema,
    `SELECT ${DETAIL_COLUMNS} FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}
       AND span_id = {spanId:String} AND trace_id = {traceId:String}
     LIMIT 1`,
    params,
  );
  if (!row) return undefined;
  const call: CallDetail = {
    ...toListRow(row),
    parentSpanId: row.parent_span_id,
    environment: row.environment,
    scopeName: row.scope_name,
    instrumentation: row.instrumentation,
    provider: row.provider,
    operation: row.operation,
    requestModel: row.request_model,
    responseModel: row.response_model,
    cacheWrite5mTokens: row.cache_write_5m_tokens,
    cacheWrite1hTokens: row.cache_write_1h_tokens,
    serviceTier: row.service_tier,
    stream: row.stream,
    stopReason: row.stop_reason,
    requestId: row.request_id,
    batch: row.batch,
    dataResidency: row.data_residency,
    speed: row.speed,
    tenant: row.tenant,
    routeReason: row.route_reason,
    routeRequestedModel: row.route_requested_model,
    routeFallbackFrom: row.route_fallback_from,
    resourceAttributes: row.resource_attributes,
    rateLimits: row.rate_limits,
    webSearchRequests: row.web_search_requests,
    webFetchRequests: row.web_fetch_requests,
    priceSource: row.price_source,
    priceFrom: row.price_from,
    costLines: costLinesOf(row),
  };
  // Attempts start within their call, so the call's own time bounds their search.
  const started = row.start_time;
  const attempts = await queryRows(
    gateway,
    'call-attempts',
    attemptSchema,
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
      attempt: a.attempt,
      startTime: a.start_time.toISOString(),
      durationMs: a.duration_ms,
      statusCode: a.status_code,
      errorType: a.error_type,
      retryAfterMs: a.retry_after_ms,
      requestId: a.request_id,
    })),
  };
}
