// After a fault test: what the store physically holds (no FINAL, no merge), compared with the
// sender's ledger of acknowledged spans. Opens the embedded store of a stopped collector.
import { expect } from 'vitest';
import { openGateway } from '../../collector/src/store/gateway';
import type { SenderLedger } from './otlpSender';
import { verifyRollups } from '../../collector/src/store/query/rollupIntegrity';

export interface StoredVsAcked {
  acked: number;
  storedCalls: number;
  missing: number;
  extra: number;
  duplicateCallRows: number;
  attemptRows: number;
  duplicateAttemptRows: number;
  /** syntheticSpans: one attempt per call, two for every 20th call (a 429, then a 200). */
  callsWithoutAttempts: number;
  /** Rollup buckets (hour or day, every rollup) whose totals differ from the raw rows'. */
  rollupDrift: number;
  /** What the Overview counts: calls in the core hourly rollup. */
  rolledCalls: number;
}

/** The senders' spans start around now: two days back and one ahead covers them. */
const DAY_MS = 86_400_000;

export async function compareStoreWithLedger(dataDir: string, acked: readonly string[]): Promise<StoredVsAcked> {
  const gateway = await openGateway({ kind: 'embedded', dataDir, database: 'burnrate' });
  try {
    const calls = await gateway.query<{ k: string }>('test', `SELECT concat(trace_id, '/', span_id) AS k FROM ${gateway.table('llm_calls')}`);
    const attempts = await gateway.query<{ k: string; a: number }>(
      'test',
      `SELECT concat(trace_id, '/', span_id) AS k, attempt AS a FROM ${gateway.table('llm_attempts')}`,
    );
    const stored = new Set(calls.map((r) => r.k));
    const ackedSet = new Set(acked);
    const attemptKeys = new Set(attempts.map((r) => `${r.k}/${r.a}`));
    const withAttempts = new Set(attempts.map((r) => r.k));
    const now = Date.now();
    const drift = await verifyRollups(gateway, { from: new Date(now - 2 * DAY_MS), to: new Date(now + DAY_MS), repair: false });
    const [rolled] = await gateway.query<{ n: string }>('test', `SELECT toInt64(sum(calls)) AS n FROM ${gateway.table('llm_calls_core_hourly')}`);
    return {
      acked: ackedSet.size,
      storedCalls: stored.size,
      missing: [...ackedSet].filter((k) => !stored.has(k)).length,
      extra: [...stored].filter((k) => !ackedSet.has(k)).length,
      duplicateCallRows: calls.length - stored.size,
      attemptRows: attempts.length,
      duplicateAttemptRows: attempts.length - attemptKeys.size,
      callsWithoutAttempts: [...stored].filter((k) => !withAttempts.has(k)).length,
      rollupDrift: drift.drift.length,
      rolledCalls: Number(rolled?.n ?? 0),
    };
  } finally {
    await gateway.close();
  }
}

/**
 * The fault tests' verdict: every export was answered 200 or 503 with Retry-After (none given up,
 * no other status), and the store holds each acknowledged call once, each with its attempts, with
 * every rollup equal to the raw rows. Prints the figures under `label`.
 */
export async function expectAcknowledgedStoredOnce(
  dataDir: string,
  ledger: SenderLedger,
  spansPerExport: number,
  label: string,
  extra: Record<string, unknown> = {},
): Promise<StoredVsAcked> {
  const result = await compareStoreWithLedger(dataDir, ledger.acked);
  console.log(`${label}: ${JSON.stringify({ ...result, ...extra, refusedWithRetryAfter: ledger.refusedWithRetryAfter, exportsAcked: ledger.exportsAcked })}`);
  expect({ withoutRetryAfter: ledger.refusedWithoutRetryAfter, other: ledger.otherStatuses, abandoned: ledger.exportsAbandoned }).toEqual({
    withoutRetryAfter: 0,
    other: {},
    abandoned: 0,
  });
  expect(result).toMatchObject({ missing: 0, extra: 0, duplicateCallRows: 0, duplicateAttemptRows: 0, callsWithoutAttempts: 0, rollupDrift: 0 });
  expect(result.rolledCalls).toBe(result.storedCalls); // the Overview counts what the raw table holds
  expect(result.storedCalls).toBe(ledger.exportsAcked * spansPerExport);
  return result;
}
