// Issue 21's partial insert, made by the real engine: one rollup table gets a constraint no row
// meets, so a send stores its raw rows and the rollups pushed before that one, and fails there
// (the rollups pushed after it, in the engine's order of views, miss the block too). Used by the writer's retry and replay tests.
import { expect } from 'vitest';
import type { RunningCollector } from './collector';
import { sendCalls } from '../demo/otlp';
import { callsOfDay, type SyntheticCall, type TrafficPlan } from '../demo/traffic';
import { CALLS_TABLE } from '../../collector/src/store/callsTable';
import type { Gateway } from '../../collector/src/store/gateway';
import { verifyRollups } from '../../collector/src/store/query/rollupIntegrity';

const now = new Date(Date.UTC(2026, 10, 21, 16, 42, 30));
const plan: TrafficPlan = { days: 2, now, callsPerDay: 150 };
const range = { from: new Date(now.getTime() - 3 * 86_400_000), to: now, now: new Date(now.getTime() + 86_400_000) };
export const REFUSING_ROLLUP = 'llm_calls_by_user_daily';
const OVERVIEW_ROLLUP = 'llm_calls_core_hourly'; // what the Overview reads
const calls: SyntheticCall[] = [0, 1].flatMap((day) => callsOfDay(plan, day)).filter((c) => c.startMs + c.durationMs < now.getTime());
const half = Math.floor(calls.length / 2);

const count = async (gateway: Gateway, sql: string) => Number((await gateway.query<{ n: string }>('test', sql))[0]!.n);
const rolled = (gateway: Gateway, table: string) => count(gateway, `SELECT toInt64(sum(calls)) AS n FROM ${gateway.table(table)}`);

export const refuseInRollup = (gateway: Gateway) =>
  gateway.command('test', `ALTER TABLE ${gateway.table(REFUSING_ROLLUP)} ADD CONSTRAINT refuse_all CHECK toInt64(calls) < 0`);
export const takeInRollupAgain = (gateway: Gateway) => gateway.command('test', `ALTER TABLE ${gateway.table(REFUSING_ROLLUP)} DROP CONSTRAINT refuse_all`);

/** Sends the second half while the rollup refuses: the raw table has every call, that rollup half. */
export async function sendHalfStored(collector: RunningCollector): Promise<void> {
  const gateway = collector.collector.gateway;
  await sendCalls(collector.url, calls.slice(0, half), 1000, 1);
  expect(await rolled(gateway, REFUSING_ROLLUP)).toBe(half);
  await refuseInRollup(gateway);
  await sendCalls(collector.url, calls.slice(half), 1000, 1); // ack 'stored': answered after the failed first try
  expect(collector.collector.writer.status().insertError).toMatch(/refuse_all/);
  expect(await count(gateway, `SELECT count() AS n FROM ${gateway.table(CALLS_TABLE)}`)).toBe(calls.length);
  expect(await rolled(gateway, REFUSING_ROLLUP)).toBe(half);
}

export async function expectRollupsEqualRaw(gateway: Gateway): Promise<void> {
  expect(await count(gateway, `SELECT count() AS n FROM ${gateway.table(CALLS_TABLE)}`)).toBe(calls.length); // no raw row twice
  expect(await rolled(gateway, REFUSING_ROLLUP)).toBe(calls.length);
  expect(await rolled(gateway, OVERVIEW_ROLLUP)).toBe(calls.length);
  expect((await verifyRollups(gateway, { ...range, repair: false })).drift).toEqual([]);
}
