// Rollups equal their raw rows on a real embedded store: an insert that reached the raw table and
// not one rollup (its view detached, as when pushing to it failed on a full disk) is found by
// verifyRollups and rebuilt; an insert sent twice (a retry) counts once in every rollup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../../test/support/collector';
import { sendCalls } from '../../../../test/demo/otlp';
import { callsOfDay, type TrafficPlan } from '../../../../test/demo/traffic';
import { queryModule } from '../../query';
import { CALL_COLUMNS, CALLS_TABLE, NEW_CALL } from '../callsTable';
import { normalize } from '../../normalize/normalize';
import { decodeTraces } from '../../otlp/decode';
import { syntheticExport } from '../../../../test/support/syntheticSpans';
import type { Gateway } from '../gateway';
import { verifyRollups } from './rollupIntegrity';
import { removeTestDir } from '../../../../test/support/removeTestDir';

const now = new Date(Date.UTC(2026, 10, 21, 16, 42, 30));
const plan: TrafficPlan = { days: 2, now, callsPerDay: 200 };
const range = { from: new Date(now.getTime() - 3 * 86_400_000), to: now, now: new Date(now.getTime() + 86_400_000) };
let running: RunningCollector;
let gateway: Gateway;

beforeAll(async () => {
  running = await startCollector({}, [queryModule]);
  gateway = running.collector.gateway;
  const calls = [0, 1].flatMap((day) => callsOfDay(plan, day)).filter((c) => c.startMs + c.durationMs < now.getTime());
  await sendCalls(running.url, calls, 2000, 2);
}, 120_000);
afterAll(async () => {
  await running?.stop();
  if (running) removeTestDir(running.dataDir);
});

/** Stored calls as insert rows, moved to new identities (`tag`) so they are new calls. */
async function copiedCalls(tag: string, limit: number): Promise<Record<string, unknown>[]> {
  const rows = await gateway.query<Record<string, unknown>>(
    'test-rows',
    `SELECT * EXCEPT (ingested_at) FROM ${gateway.table(CALLS_TABLE)} FINAL WHERE sign > 0 ORDER BY start_time LIMIT {limit:UInt32}`,
    { limit },
  );
  return rows.map((row, i) => ({ ...row, trace_id: `${tag}${i}`, call_key: `${tag}${i}`, request_id: `${tag}${i}` }));
}

const rawCalls = async () =>
  Number((await gateway.query<{ n: string }>('t', `SELECT count() AS n FROM ${gateway.table(CALLS_TABLE)} FINAL WHERE sign > 0`))[0]!.n);
const rolledCalls = async (table: string) =>
  Number((await gateway.query<{ n: string }>('t', `SELECT toInt64(sum(calls)) AS n FROM ${gateway.table(table)}`))[0]!.n);

describe('rollups equal their raw rows', () => {
  it('finds nothing to repair when every insert reached every view', async () => {
    const report = await verifyRollups(gateway, { ...range, repair: false });
    expect(report.bucketsChecked).toBeGreaterThan(40);
    expect(report.drift).toEqual([]);
  });

  it('finds an insert that missed one rollup, rebuilds it, and reports what changed', async () => {
    const view = gateway.table('llm_calls_by_user_daily_mv');
    await gateway.command('t', `DETACH TABLE ${view}`);
    const rows = await copiedCalls('partial-', 25);
    try {
      await gateway.insert('calls-insert', gateway.table(CALLS_TABLE), rows);
    } finally {
      await gateway.command('t', `ATTACH TABLE ${view}`);
    }
    expect(await rolledCalls('llm_calls_by_user_daily')).toBe((await rawCalls()) - 25);

    const found = await verifyRollups(gateway, { ...range, repair: false });
    expect(found.drift.map((d) => d.rollup)).toEqual(found.drift.map(() => 'llm_calls_by_user_daily'));
    expect(found.drift.reduce((n, d) => n + (d.raw.calls - d.rolled.calls), 0n)).toBe(25n);
    expect(found.drift.every((d) => !d.repaired)).toBe(true);

    const repaired = await verifyRollups(gateway, { ...range, repair: true });
    expect(repaired.drift.length).toBe(found.drift.length);
    for (const d of repaired.drift) {
      expect(d.repaired).toBe(true);
      expect(d.after).toEqual(d.raw);
    }
    expect(await rolledCalls('llm_calls_by_user_daily')).toBe(await rawCalls());
    expect((await verifyRollups(gateway, { ...range, repair: false })).drift).toEqual([]);
  });

  it('counts a retried insert once in every rollup, deduplicated or the same block resent', async () => {
    const before = await rawCalls();
    const withToken = await copiedCalls('retried-token-', 30);
    await gateway.insert('calls-insert', gateway.table(CALLS_TABLE), withToken, { deduplicate: true });
    await gateway.insert('calls-insert', gateway.table(CALLS_TABLE), withToken, { deduplicate: true });
    const resent = await copiedCalls('retried-same-', 20);
    await gateway.insert('calls-insert', gateway.table(CALLS_TABLE), resent);
    await gateway.insert('calls-insert', gateway.table(CALLS_TABLE), resent);

    expect(await rawCalls()).toBe(before + 50);
    for (const table of ['llm_calls_core_hourly', 'llm_calls_detail_daily', 'llm_calls_by_user_hourly'])
      expect(await rolledCalls(table), table).toBe(before + 50);
    expect((await verifyRollups(gateway, { ...range, repair: false })).drift).toEqual([]);
  });

  it("counts a retried Native block (the write-ahead log's insert path) once in every rollup", async () => {
    const tables = ['llm_calls_core_hourly', 'llm_calls_detail_daily', 'llm_calls_by_user_hourly'];
    const before = await Promise.all(tables.map(rolledCalls));
    const exported = syntheticExport(40, 900_000, BigInt(now.getTime() - 7_200_000) * 1_000_000n);
    const calls = normalize(decodeTraces(Buffer.from(JSON.stringify(exported)), 'json')).calls.map((row) => ({ row, version: NEW_CALL }));
    await gateway.insertColumns('calls-insert', gateway.table(CALLS_TABLE), CALL_COLUMNS, calls, { deduplicate: true });
    await gateway.insertColumns('calls-insert', gateway.table(CALLS_TABLE), CALL_COLUMNS, calls, { deduplicate: true });
    expect(await Promise.all(tables.map(rolledCalls))).toEqual(before.map((n) => n + 40));
  });

  it('leaves a bucket that may still receive rows unrepaired, and says so', async () => {
    const lastHour = new Date(Date.UTC(2026, 10, 21, 16, 0, 0));
    await gateway.command('t', `ALTER TABLE ${gateway.table('llm_calls_core_hourly')} DELETE WHERE hour = {h:DateTime('UTC')} SETTINGS mutations_sync = 2`, {
      h: '2026-11-21 16:00:00',
    });
    const report = await verifyRollups(gateway, { ...range, now, repair: true });
    const drift = report.drift.find((d) => d.rollup === 'llm_calls_core_hourly' && d.bucket === lastHour.toISOString());
    expect(drift).toMatchObject({ repaired: false, unsettled: true });
    const later = await verifyRollups(gateway, { ...range, repair: true });
    expect(later.drift.find((d) => d.rollup === 'llm_calls_core_hourly')).toMatchObject({ repaired: true });
    expect((await verifyRollups(gateway, { ...range, repair: false })).drift).toEqual([]);
  });
});
