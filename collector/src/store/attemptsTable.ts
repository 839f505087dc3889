// llm_attempts: one row per HTTP attempt of a call (retries included), for 429/529 rates.
import type { AttemptRow } from '../normalize/callRow';
import { onCluster, shardedTableStatements } from './engines';
import type { Gateway } from './gateway';
import { jsonInsertRow } from './insertRow';
import { idChars, lookupByIds } from './lookupChunks';
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

const LIMIT_COLUMNS = `
    ADD COLUMN IF NOT EXISTS limit_class LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS limit_detail LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS resumes_at_ms Nullable(Int64),
    ADD COLUMN IF NOT EXISTS error_code LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS wasted Bool DEFAULT false,
    ADD COLUMN IF NOT EXISTS fail_fast Bool DEFAULT false,
    ADD COLUMN IF NOT EXISTS account LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS unified_status LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS unified_5h_utilization Nullable(Float64),
    ADD COLUMN IF NOT EXISTS unified_5h_reset_ms Nullable(Int64),
    ADD COLUMN IF NOT EXISTS unified_7d_utilization Nullable(Float64),
    ADD COLUMN IF NOT EXISTS unified_7d_reset_ms Nullable(Int64)`;

/** Migration 30: what stopped each attempt, whether it was a wasted retry, the unified usage windows. */
export function attemptLimitStatements(gateway: Gateway): string[] {
  const statements = [`ALTER TABLE ${gateway.localTable(ATTEMPTS_TABLE)}${onCluster(gateway)}${LIMIT_COLUMNS}`];
  if (gateway.cluster) statements.push(`ALTER TABLE ${gateway.table(ATTEMPTS_TABLE)}${onCluster(gateway)}${LIMIT_COLUMNS}`);
  return statements;
}

/** ISO → epoch milliseconds (the Native block has no nullable DateTime64). */
function epochMs(iso: string | null | undefined): number | null {
  const at = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(at) ? at : null;
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
  // Migration 30 (optional in the row: batches spooled before it still replay).
  { name: 'limit_class', type: 'String', value: (a) => a.limitClass ?? '' },
  { name: 'limit_detail', type: 'String', value: (a) => a.limitDetail ?? '' },
  { name: 'resumes_at_ms', type: 'Nullable(Int64)', value: (a) => epochMs(a.resumesAt) },
  { name: 'error_code', type: 'String', value: (a) => a.errorCode ?? '' },
  { name: 'wasted', type: 'Bool', value: (a) => a.wasted ?? false },
  { name: 'fail_fast', type: 'Bool', value: (a) => a.failFast ?? false },
  { name: 'account', type: 'String', value: (a) => a.account ?? '' },
  { name: 'unified_status', type: 'String', value: (a) => a.unifiedStatus ?? '' },
  { name: 'unified_5h_utilization', type: 'Nullable(Float64)', value: (a) => a.unified5hUtilization ?? null },
  { name: 'unified_5h_reset_ms', type: 'Nullable(Int64)', value: (a) => epochMs(a.unified5hReset) },
  { name: 'unified_7d_utilization', type: 'Nullable(Float64)', value: (a) => a.unified7dUtilization ?? null },
  { name: 'unified_7d_reset_ms', type: 'Nullable(Int64)', value: (a) => epochMs(a.unified7dReset) },
];

export function toAttemptInsertRow(row: AttemptRow): Record<string, unknown> {
  return jsonInsertRow(ATTEMPT_COLUMNS, row);
}

export const attemptKey = (row: { traceId: string; spanId: string; attempt: number }) => `${row.traceId}/${row.spanId}/${row.attempt}`;

/** Each attempt once: not one already stored, nor a repeat within the batch. */
export function uniqueAttempts(attempts: readonly AttemptRow[], stored: ReadonlySet<string>): AttemptRow[] {
  const seen = new Set<string>();
  return attempts.filter((attempt) => {
    const key = attemptKey(attempt);
    if (stored.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Which of these attempts are already stored (a replay after a half-finished write): every attempt of a batch is looked up (lookupChunks.ts). */
export async function storedAttemptKeys(gateway: Gateway, rows: readonly AttemptRow[]): Promise<Set<string>> {
  const found = await lookupByIds(gateway, rows, {
    charsOf: (r) => idChars(r.spanId),
    idsOf: (run) => ({ spanIds: [...new Set(run.map((r) => r.spanId))] }),
    lookup: (run, ids) =>
      gateway.query<{ trace_id: string; span_id: string; attempt: number }>(
        'attempts-existing-keys',
        `SELECT trace_id, span_id, attempt FROM ${gateway.table(ATTEMPTS_TABLE)}
         WHERE start_time >= {min:DateTime64(6, 'UTC')} AND start_time <= {max:DateTime64(6, 'UTC')}
           AND span_id IN ${ids.in('spanIds')}`,
        { ...startTimeBounds(run), ...ids.params },
      ),
  });
  return new Set(found.map((r) => `${r.trace_id}/${r.span_id}/${Number(r.attempt)}`));
}
