// llm_calls: one row per Claude API call. Owns its DDL, its insert shape and its queries.
// A call is stored under the (trace_id, span_id) of the first span that told of it; every later
// span of the same call (an exporter retry, a third-party span around the SDK's, the same message
// id) is merged into that row by the writer (store/callMerge.ts), which re-inserts the merged row
// under the same sort key (ReplacingMergeTree keeps the last) with a retraction of the old one
// (sign = -1) in the same insert, so the rollup views, which sum `sign`, count each call once.
import type { CallRow } from '../normalize/callRow';
import { COST_LINE_COLUMNS, costLineColumns } from './callCostLines';
import { SESSION_COLUMN, SESSION_INDEX, sessionColumns } from './callSession';
import { onCluster, shardedTableStatements } from './engines';
import type { Gateway } from './gateway';
import { jsonInsertRow } from './insertRow';
import { idChars, type IdLists, lookupByIds } from './lookupChunks';
import type { NativeColumn } from './nativeBlock';
import { TWIN_WINDOW_MS } from './memoryHoles';
import type { CallIds } from './recentCalls';
import { nsToDateTime64, nsToMicros } from './time';

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

/**
 * Migration 2: the call's identity, the sign that lets a stored call be corrected, and bloom
 * indexes for the writer's three lookups (by key, by span, by parent): each is its own query, as
 * a skip index cannot prune an OR over different columns. Indexes live on the table that holds
 * the data (the shard-local one on a cluster), columns on both.
 */
export function callIdentityStatements(gateway: Gateway): string[] {
  const columns = `
    ADD COLUMN IF NOT EXISTS call_key String DEFAULT '',
    ADD COLUMN IF NOT EXISTS source_rank UInt8 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS sign Int8 DEFAULT 1,
    ADD COLUMN IF NOT EXISTS revision Bool DEFAULT false`;
  const indexes = `,
    ADD INDEX IF NOT EXISTS call_key_bloom call_key TYPE bloom_filter(0.01) GRANULARITY 4,
    ADD INDEX IF NOT EXISTS parent_span_id_bloom parent_span_id TYPE bloom_filter(0.01) GRANULARITY 4`;
  const local = gateway.localTable(CALLS_TABLE);
  const statements = [`ALTER TABLE ${local}${onCluster(gateway)}${columns}${indexes}`];
  if (gateway.cluster) statements.push(`ALTER TABLE ${gateway.table(CALLS_TABLE)}${onCluster(gateway)}${columns}`);
  return statements;
}

/** Migration 12: the bill-detail columns of callCostLines.ts (on a cluster, on the shards' tables and the Distributed one). */
export function callCostLinesStatements(gateway: Gateway): string[] {
  const add = COST_LINE_COLUMNS.map((column) => `ADD COLUMN IF NOT EXISTS ${column}`).join(', ');
  // On a cluster the shards' local tables hold the data and the Distributed table must expose
  // the same columns.
  const tables = gateway.cluster ? [gateway.localTable(CALLS_TABLE), gateway.table(CALLS_TABLE)] : [gateway.table(CALLS_TABLE)];
  return tables.map((table) => `ALTER TABLE ${table}${onCluster(gateway)} ${add}`);
}

/** Migration 45: the session id (callSession.ts). Indexes on the table that holds the data, columns on both. */
export function callSessionStatements(gateway: Gateway): string[] {
  const column = `ADD COLUMN IF NOT EXISTS ${SESSION_COLUMN}`;
  const statements = [`ALTER TABLE ${gateway.localTable(CALLS_TABLE)}${onCluster(gateway)} ${column}, ADD INDEX IF NOT EXISTS ${SESSION_INDEX}`];
  if (gateway.cluster) statements.push(`ALTER TABLE ${gateway.table(CALLS_TABLE)}${onCluster(gateway)} ${column}`);
  return statements;
}

/** A stored row's role in an insert: a new call, a retraction of a stored version, or its replacement. */
export type CallVersion = { sign: 1 | -1; revision: boolean };
export const NEW_CALL: CallVersion = { sign: 1, revision: false };

/** A call as one insert writes it: the row and its role (new, retraction or replacement). */
export interface VersionedCall {
  row: CallRow;
  version: CallVersion;
}

/**
 * Every column an insert writes, in one list: the Native block (store/nativeBlock.ts) and the JSON
 * row (toCallInsertRow, for comparing and for the text insert path) are both made from it.
 */
export const CALL_COLUMNS: readonly NativeColumn<VersionedCall>[] = [
  { name: 'call_key', type: 'String', value: (c) => c.row.callKey },
  { name: 'source_rank', type: 'UInt8', value: (c) => c.row.sourceRank },
  { name: 'sign', type: 'Int8', value: (c) => c.version.sign },
  { name: 'revision', type: 'Bool', value: (c) => c.version.revision },
  { name: 'trace_id', type: 'String', value: (c) => c.row.traceId },
  { name: 'span_id', type: 'String', value: (c) => c.row.spanId },
  { name: 'parent_span_id', type: 'String', value: (c) => c.row.parentSpanId },
  { name: 'start_time', type: "DateTime64(6, 'UTC')", value: (c) => nsToMicros(c.row.startTimeNs) },
  { name: 'duration_ms', type: 'Float64', value: (c) => c.row.durationMs },
  { name: 'service_name', type: 'String', value: (c) => c.row.serviceName },
  { name: 'environment', type: 'String', value: (c) => c.row.environment },
  { name: 'resource_attributes', type: 'Map(String, String)', value: (c) => c.row.resourceAttributes },
  { name: 'scope_name', type: 'String', value: (c) => c.row.scopeName },
  { name: 'instrumentation', type: 'String', value: (c) => c.row.instrumentation },
  { name: 'provider', type: 'String', value: (c) => c.row.provider },
  { name: 'operation', type: 'String', value: (c) => c.row.operation },
  { name: 'request_model', type: 'String', value: (c) => c.row.requestModel },
  { name: 'response_model', type: 'String', value: (c) => c.row.responseModel },
  { name: 'model', type: 'String', value: (c) => c.row.model },
  { name: 'input_tokens', type: 'UInt64', value: (c) => c.row.inputTokens },
  { name: 'output_tokens', type: 'UInt64', value: (c) => c.row.outputTokens },
  { name: 'cache_read_tokens', type: 'UInt64', value: (c) => c.row.cacheReadTokens },
  { name: 'cache_write_5m_tokens', type: 'UInt64', value: (c) => c.row.cacheWrite5mTokens },
  { name: 'cache_write_1h_tokens', type: 'UInt64', value: (c) => c.row.cacheWrite1hTokens },
  { name: 'service_tier', type: 'String', value: (c) => c.row.serviceTier },
  { name: 'stream', type: 'Bool', value: (c) => c.row.stream },
  { name: 'ttft_ms', type: 'Nullable(Float64)', value: (c) => c.row.ttftMs },
  { name: 'stop_reason', type: 'String', value: (c) => c.row.stopReason },
  { name: 'status_code', type: 'UInt16', value: (c) => c.row.statusCode },
  { name: 'error_type', type: 'String', value: (c) => c.row.errorType },
  { name: 'retry_count', type: 'UInt16', value: (c) => c.row.retryCount },
  { name: 'request_id', type: 'String', value: (c) => c.row.requestId },
  { name: 'batch', type: 'Bool', value: (c) => c.row.batch },
  { name: 'data_residency', type: 'Bool', value: (c) => c.row.dataResidency },
  { name: 'speed', type: 'String', value: (c) => c.row.speed },
  { name: 'rate_limits', type: 'Map(String, String)', value: (c) => c.row.rateLimits },
  { name: 'team', type: 'String', value: (c) => c.row.team },
  { name: 'project', type: 'String', value: (c) => c.row.project },
  { name: 'feature', type: 'String', value: (c) => c.row.feature },
  { name: 'user', type: 'String', value: (c) => c.row.user },
  { name: 'tenant', type: 'String', value: (c) => c.row.tenant },
  { name: 'route', type: 'String', value: (c) => c.row.route },
  { name: 'route_reason', type: 'String', value: (c) => c.row.routeReason },
  { name: 'route_requested_model', type: 'String', value: (c) => c.row.routeRequestedModel },
  { name: 'route_fallback_from', type: 'String', value: (c) => c.row.routeFallbackFrom },
  { name: 'cost_nano_usd', type: 'Nullable(Int64)', value: (c) => c.row.costNanoUsd },
  ...costLineColumns,
  { name: 'key_id', type: 'String', value: (c) => c.row.keyId ?? '' },
  ...sessionColumns,
];

/** The same row as JSON (64-bit integers and times as text, as ClickHouse parses them exactly). */
export function toCallInsertRow(row: CallRow, version: CallVersion = NEW_CALL): Record<string, unknown> {
  return jsonInsertRow(CALL_COLUMNS, { row, version });
}

export const callKey = (row: { traceId: string; spanId: string }) => `${row.traceId}/${row.spanId}`;

// Spans of one call start within the call; an hour either side bounds the lookup by the sort key.
const TWIN_WINDOW_NS = BigInt(TWIN_WINDOW_MS) * 1_000_000n;

// The lookup's skip indexes (sameCallIndexes.ts) pay while they leave most granules unread. A
// granule passes when any asked id may be in it, ~n in 10,000 for n ids: past a few thousand ids
// most granules are read anyway, and checking every id against every granule's filter costs more.
const SKIP_INDEX_MAX_IDS = 6000;

const STORED_CALL_COLUMNS = `call_key, source_rank, trace_id, span_id, parent_span_id,
  toString(toUnixTimestamp64Nano(start_time)) AS start_ns, duration_ms, service_name, environment, resource_attributes,
  scope_name, instrumentation, provider, operation, request_model, response_model, model, input_tokens, output_tokens,
  cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, service_tier, stream, ttft_ms, stop_reason,
  status_code, error_type, retry_count, request_id, batch, data_residency, speed, rate_limits, team, project, feature,
  user, tenant, route, route_reason, route_requested_model, route_fallback_from, toString(cost_nano_usd) AS cost,
  web_search_requests, web_fetch_requests, toString(cost_fast_mode_nano_usd) AS cost_fast_mode, toString(cost_us_only_nano_usd) AS cost_us_only,
  toString(cost_web_search_nano_usd) AS cost_web_search, price_source, price_from, cloud_endpoint, key_id, session_id`;

type StoredCall = Record<string, string | number | boolean | null | Record<string, string>>;

function fromStoredCall(r: StoredCall): CallRow {
  const text = (key: string) => String(r[key] ?? '');
  const num = (key: string) => Number(r[key] ?? 0);
  const bool = (key: string) => r[key] === true || r[key] === 1 || r[key] === 'true';
  return {
    callKey: text('call_key'),
    sourceRank: num('source_rank'),
    traceId: text('trace_id'),
    spanId: text('span_id'),
    parentSpanId: text('parent_span_id'),
    startTimeNs: BigInt(text('start_ns')),
    durationMs: num('duration_ms'),
    serviceName: text('service_name'),
    environment: text('environment'),
    resourceAttributes: (r.resource_attributes ?? {}) as Record<string, string>,
    scopeName: text('scope_name'),
    instrumentation: text('instrumentation') as CallRow['instrumentation'],
    provider: text('provider'),
    operation: text('operation'),
    requestModel: text('request_model'),
    responseModel: text('response_model'),
    model: text('model'),
    inputTokens: num('input_tokens'),
    outputTokens: num('output_tokens'),
    cacheReadTokens: num('cache_read_tokens'),
    cacheWrite5mTokens: num('cache_write_5m_tokens'),
    cacheWrite1hTokens: num('cache_write_1h_tokens'),
    serviceTier: text('service_tier'),
    stream: bool('stream'),
    ttftMs: r.ttft_ms === null || r.ttft_ms === undefined ? null : num('ttft_ms'),
    stopReason: text('stop_reason'),
    statusCode: num('status_code'),
    errorType: text('error_type'),
    retryCount: num('retry_count'),
    requestId: text('request_id'),
    batch: bool('batch'),
    dataResidency: bool('data_residency'),
    speed: text('speed'),
    rateLimits: (r.rate_limits ?? {}) as Record<string, string>,
    team: text('team'),
    project: text('project'),
    feature: text('feature'),
    user: text('user'),
    tenant: text('tenant'),
    route: text('route'),
    routeReason: text('route_reason'),
    routeRequestedModel: text('route_requested_model'),
    routeFallbackFrom: text('route_fallback_from'),
    costNanoUsd: r.cost === null || r.cost === undefined || r.cost === '' ? null : BigInt(text('cost')),
    webSearchRequests: num('web_search_requests'),
    webFetchRequests: num('web_fetch_requests'),
    cloudEndpoint: text('cloud_endpoint'),
    keyId: text('key_id'),
    sessionId: text('session_id'),
    pricing: {
      fastModeNanoUsd: BigInt(text('cost_fast_mode') || '0'),
      usOnlyNanoUsd: BigInt(text('cost_us_only') || '0'),
      webSearchNanoUsd: BigInt(text('cost_web_search') || '0'),
      source: text('price_source'),
      from: text('price_from'),
    },
  };
}

/** One statement of storedCallsLike: the stored calls like these rows, an hour either side of them. */
function storedCallsLikeRun(gateway: Gateway, rows: readonly CallIds[], ids: IdLists): Promise<StoredCall[]> {
  const min = rows.reduce((m, r) => (r.startTimeNs < m ? r.startTimeNs : m), rows[0]!.startTimeNs) - TWIN_WINDOW_NS;
  const max = rows.reduce((m, r) => (r.startTimeNs > m ? r.startTimeNs : m), rows[0]!.startTimeNs) + TWIN_WINDOW_NS;
  // Without FINAL (it would merge every part in the window): retractions are left out, and of a
  // call's versions not merged yet the latest insert wins below, as ReplacingMergeTree will keep it.
  const lookup = (column: string, list: string) =>
    `SELECT ${STORED_CALL_COLUMNS}, toString(ingested_at) AS ingested FROM ${gateway.table(CALLS_TABLE)}
     WHERE start_time >= {min:DateTime64(6, 'UTC')} AND start_time <= {max:DateTime64(6, 'UTC')} AND ${column} IN ${ids.in(list)} AND sign > 0`;
  return gateway.query<StoredCall>(
    'calls-same-call',
    [lookup('span_id', 'spans'), lookup('parent_span_id', 'spanIds'), ...(ids.size('keys') > 0 ? [lookup('call_key', 'keys')] : [])].join('\nUNION ALL\n'),
    { min: nsToDateTime64(min), max: nsToDateTime64(max), ...ids.params },
    { use_skip_indexes: ids.size('spans') <= SKIP_INDEX_MAX_IDS ? 1 : 0 },
  );
}

/** The ids a run of rows is looked up by: spans and their parents, spans alone, and the API's keys. */
function sameCallIds(rows: readonly CallIds[]): Record<string, string[]> {
  const spanIds = [...new Set(rows.map((r) => r.spanId))];
  return {
    spans: [...new Set([...spanIds, ...rows.map((r) => r.parentSpanId).filter((id) => id !== '')])],
    spanIds,
    // span: keys name a span, already found by span id; only the API's ids need their own lookup.
    keys: [...new Set(rows.map((r) => r.callKey).filter((key) => !key.startsWith('span:')))],
  };
}

/**
 * Stored calls that may be the same call as one of these rows: the same call key, the same span,
 * or a span that is a row's parent or child. The caller decides (callIdentity.ts) which really are.
 * A large batch is looked up in one statement from id files, or in runs on a server (lookupChunks.ts).
 */
export async function storedCallsLike(gateway: Gateway, rows: readonly CallIds[]): Promise<CallRow[]> {
  const found = await lookupByIds(gateway, rows, {
    // The span id goes in twice (by span, and among spans and parents).
    charsOf: (r) => 2 * idChars(r.spanId) + idChars(r.parentSpanId) + idChars(r.callKey),
    idsOf: sameCallIds,
    lookup: (run, ids) => storedCallsLikeRun(gateway, run, ids),
  });
  const latest = new Map<string, { row: CallRow; ingested: string }>();
  for (const raw of found) {
    const row = fromStoredCall(raw);
    const ingested = String(raw.ingested);
    const seen = latest.get(callKey(row));
    if (!seen || ingested > seen.ingested) latest.set(callKey(row), { row, ingested });
  }
  return [...latest.values()].map((v) => v.row);
}
