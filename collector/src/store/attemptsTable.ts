// llm_attempts: one row per HTTP attempt of a call (retries included), for 429/529 rates.
import type { AttemptRow } from '../normalize/callRow';
import { shardedTableStatements } from './engines';
import type { Gateway } from './gateway';
import { jsonInsertRow } from './insertRow';
import type { NativeColumn } from './nativeBlock';
import { nsToMicros, startTimeBounds } from './time';

export const ATTEMPTS_TABLE = 'llm_attempts';

export function attemptsTableStatements(gateway: Gateway): string[] {
  return shardedTableStatements(gateway, {
    name: ATTEMPTS_TABLE,
    columns: `
    trace_id String,
    span_id String,
    attempt UInt16,
    start_time DateTime64(6, 'UTC'),
    duration_ms Nullable(Float64),
    status_code UInt16,
    error_type LowCardinality(String),
    retry_after_ms Nullable(Float64),
    request_id String,
    service_name LowCardinality(String),
    model LowCardinality(String),
    team LowCardinality(String)`,
    family: 'ReplacingMergeTree',
    partitionBy: 'toYYYYMM(start_time)',
    orderBy: '(toStartOfHour(start_time), service_name, trace_id, span_id, attempt)',
    shardingKey: 'cityHash64(trace_id, span_id)',
  });
}

/** Every column an insert writes (see callsTable.CALL_COLUMNS). */
export const ATTEMPT_COLUMNS: readonly NativeColumn<AttemptRow>[] = [
  { name: 'trace_id', type: 'String', value: (a) => a.traceId },
  { name: 'span_id', type: 'String', value: (a) => a.spanId },
  { name: 'attempt', type: 'UInt16', value: (a) => a.attempt },
  { name: 'start_time', type: "DateTime64(6, 'UTC')", value: (a) => nsToMicros(a.startTimeNs) },
  { name: 'duration_ms', type: 'Nullable(Float64)', value: (a) => a.durationMs },
  { name: 'status_code', type: 'UInt16', value: (a) => a.statusCode },
  { name: 'error_type', type: 'String', value: (a) => a.errorType },
  { name: 'retry_after_ms', type: 'Nullable(Float64)', value: (a) => a.retryAfterMs },
  { name: 'request_id', type: 'String', value: (a) => a.requestId },
  { name: 'service_name', type: 'String', value: (a) => a.serviceName },
  { name: 'model', type: 'String', value: (a) => a.model },
  { name: 'team', type: 'String', value: (a) => a.team },
];

export function toAttemptInsertRow(row: AttemptRow): Record<string, unknown> {
  return jsonInsertRow(ATTEMPT_COLUMNS, row);
}

export const attemptKey = (row: { traceId: string; spanId: string; attempt: number }) => `${row.traceId}/${row.spanId}/${row.attempt}`;

/** Which of these attempts are already stored (a replay after a half-finished write). */
export async function storedAttemptKeys(gateway: Gateway, rows: readonly AttemptRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const found = await gateway.query<{ trace_id: string; span_id: string; attempt: number }>(
    'attempts-existing-keys',
    `SELECT trace_id, span_id, attempt FROM ${gateway.table(ATTEMPTS_TABLE)}
     WHERE start_time >= {min:DateTime64(6, 'UTC')} AND start_time <= {max:DateTime64(6, 'UTC')}
       AND span_id IN {spanIds:Array(String)}`,
    { ...startTimeBounds(rows), spanIds: [...new Set(rows.map((r) => r.spanId))] },
  );
  return new Set(found.map((r) => `${r.trace_id}/${r.span_id}/${Number(r.attempt)}`));
}
