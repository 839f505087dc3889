// llm_attempts: one row per HTTP attempt of a call (retries included), for 429/529 rates.
import type { AttemptRow } from '../normalize/callRow';
import { shardedTableStatements } from './engines';
import type { Gateway } from './gateway';
import { nsToDateTime64, startTimeBounds } from './time';

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

export function toAttemptInsertRow(row: AttemptRow) {
  return {
    trace_id: row.traceId,
    span_id: row.spanId,
    attempt: row.attempt,
    start_time: nsToDateTime64(row.startTimeNs),
    duration_ms: row.durationMs,
    status_code: row.statusCode,
    error_type: row.errorType,
    retry_after_ms: row.retryAfterMs,
    request_id: row.requestId,
    service_name: row.serviceName,
    model: row.model,
    team: row.team,
  };
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
