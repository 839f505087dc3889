// llm_calls: one row per Claude API call. Owns its DDL, its insert shape and its queries.
// Duplicates from exporter retries collapse on (trace_id, span_id): the sort key ends with them
// (ReplacingMergeTree), and the writer skips keys already stored so rollups never see a twin.
import type { CallRow } from '../normalize/callRow';
import { costLineFields } from './callCostLines';
import { shardedTableStatements } from './engines';
import type { Gateway } from './gateway';
import { nsToDateTime64, startTimeBounds } from './time';

export const CALLS_TABLE = 'llm_calls';

export function callsTableStatements(gateway: Gateway): string[] {
  return shardedTableStatements(gateway, {
    name: CALLS_TABLE,
    columns: `
    trace_id String,
    span_id String,
    parent_span_id String,
    start_time DateTime64(6, 'UTC'),
    duration_ms Float64,
    service_name LowCardinality(String),
    environment LowCardinality(String),
    resource_attributes Map(LowCardinality(String), String),
    scope_name LowCardinality(String),
    instrumentation LowCardinality(String),
    provider LowCardinality(String),
    operation LowCardinality(String),
    request_model LowCardinality(String),
    response_model LowCardinality(String),
    model LowCardinality(String),
    input_tokens UInt64,
    output_tokens UInt64,
    cache_read_tokens UInt64,
    cache_write_5m_tokens UInt64,
    cache_write_1h_tokens UInt64,
    service_tier LowCardinality(String),
    stream Bool,
    ttft_ms Nullable(Float64),
    stop_reason LowCardinality(String),
    status_code UInt16,
    error_type LowCardinality(String),
    retry_count UInt16,
    request_id String,
    batch Bool,
    data_residency Bool,
    speed LowCardinality(String),
    rate_limits Map(LowCardinality(String), String),
    team LowCardinality(String),
    project LowCardinality(String),
    feature LowCardinality(String),
    user String,
    tenant String,
    route LowCardinality(String),
    route_reason String,
    route_requested_model LowCardinality(String),
    route_fallback_from LowCardinality(String),
    cost_nano_usd Nullable(Int64),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX span_id_bloom span_id TYPE bloom_filter(0.01) GRANULARITY 4`,
    family: 'ReplacingMergeTree',
    partitionBy: 'toYYYYMM(start_time)',
    orderBy: '(toStartOfHour(start_time), service_name, trace_id, span_id)',
    shardingKey: 'cityHash64(trace_id, span_id)',
  });
}

export function toCallInsertRow(row: CallRow) {
  return {
    trace_id: row.traceId,
    span_id: row.spanId,
    parent_span_id: row.parentSpanId,
    start_time: nsToDateTime64(row.startTimeNs),
    duration_ms: row.durationMs,
    service_name: row.serviceName,
    environment: row.environment,
    resource_attributes: row.resourceAttributes,
    scope_name: row.scopeName,
    instrumentation: row.instrumentation,
    provider: row.provider,
    operation: row.operation,
    request_model: row.requestModel,
    response_model: row.responseModel,
    model: row.model,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cache_read_tokens: row.cacheReadTokens,
    cache_write_5m_tokens: row.cacheWrite5mTokens,
    cache_write_1h_tokens: row.cacheWrite1hTokens,
    service_tier: row.serviceTier,
    stream: row.stream,
    ttft_ms: row.ttftMs,
    stop_reason: row.stopReason,
    status_code: row.statusCode,
    error_type: row.errorType,
    retry_count: row.retryCount,
    request_id: row.requestId,
    batch: row.batch,
    data_residency: row.dataResidency,
    speed: row.speed,
    rate_limits: row.rateLimits,
    team: row.team,
    project: row.project,
    feature: row.feature,
    user: row.user,
    tenant: row.tenant,
    route: row.route,
    route_reason: row.routeReason,
    route_requested_model: row.routeRequestedModel,
    route_fallback_from: row.routeFallbackFrom,
    // Int64 as text: JSON numbers lose exactness past 2^53.
    cost_nano_usd: row.costNanoUsd === null ? null : row.costNanoUsd.toString(),
    ...costLineFields(row),
  };
}

export const callKey = (row: { traceId: string; spanId: string }) => `${row.traceId}/${row.spanId}`;

/** Which of these calls are already stored; the time bounds let ClickHouse prune by its sort key. */
export async function storedCallKeys(gateway: Gateway, rows: readonly CallRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const found = await gateway.query<{ trace_id: string; span_id: string }>(
    'calls-existing-keys',
    `SELECT trace_id, span_id FROM ${gateway.table(CALLS_TABLE)}
     WHERE start_time >= {min:DateTime64(6, 'UTC')} AND start_time <= {max:DateTime64(6, 'UTC')}
       AND span_id IN {spanIds:Array(String)}`,
    { ...startTimeBounds(rows), spanIds: rows.map((r) => r.spanId) },
  );
  return new Set(found.map((r) => `${r.trace_id}/${r.span_id}`));
}
