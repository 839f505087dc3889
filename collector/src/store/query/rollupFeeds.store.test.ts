// Rollups rolled up from a finer one are filled from that chain's feed (rollupFeeds.ts): three
// views read the raw rows, and a store made before (every view reading every call) is moved to
// the feeds by migration 150 with nothing refilled. Afterwards every rollup still equals its raw
// rows, and a repair of one rollup does not reach the others.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../../test/support/collector';
import { sendCalls } from '../../../../test/demo/otlp';
import { callsOfDay, type TrafficPlan } from '../../../../test/demo/traffic';
import { removeTestDir } from '../../../../test/support/removeTestDir';
import { queryModule } from '../../query';
import { ATTEMPTS_TABLE } from '../attemptsTable';
import { CALLS_TABLE } from '../callsTable';
import type { Gateway } from '../gateway';
import { migrate } from '../migrations';
import { FED_ROLLUPS, feedTable, RAW_VIEWS, ROLLUP_FEEDS_MIGRATION_VERSION } from './rollupFeeds';
import { verifyRollups } from './rollupIntegrity';
import { backfillStatement, RATE_LIMITS_HOURLY, ROLLUPS } from './rollups';

const now = new Date(Date.UTC(2026, 10, 21, 16, 42, 30));
const plan: TrafficPlan = { days: 2, now, callsPerDay: 120 };
const range = { from: new Date(now.getTime() - 3 * 86_400_000), to: now, now: new Date(now.getTime() + 86_400_000) };
const READS_RAW = new RegExp(`FROM \\S+\\.(${CALLS_TABLE}|${ATTEMPTS_TABLE})\\s`);
let running: RunningCollector;
let gateway: Gateway;

/** Every materialized view of the store and what it reads. */
async function views(): Promise<Map<string, string>> {
  const rows = await gateway.query<{ name: string; q: string }>(
    't',
    `SELECT name, create_table_query AS q FROM system.tables WHERE database = {db:String} AND engine = 'MaterializedView'`,
    { db: gateway.database },
  );
  return new Map(rows.map((r) => [r.name, r.q]));
}

beforeAll(async () => {
  running = await startCollector({}, [queryModule]);
  gateway = running.collector.gateway;
}, 60_000);
afterAll(async () => {
  await running?.stop();
  if (running) removeTestDir(running.dataDir);
});

it('three views read every call or attempt (the storm one only 429s and 529s), the rate-limit one its own; every other rollup reads a feed', async () => {
  const all = await views();
  const readingRaw = [...all].filter(([, q]) => READS_RAW.test(q)).map(([name]) => name);
  expect(readingRaw.sort()).toEqual([...RAW_VIEWS].sort());
  expect(RAW_VIEWS).toEqual([
    'llm_calls_detail_hourly_feed_mv',
    'llm_calls_by_user_hourly_feed_mv',
    'llm_attempts_hourly_feed_mv',
    'llm_attempt_storms_detail_hourly_feed_mv',
    'llm_ratelimits_hourly_mv',
  ]);
  for (const def of [...ROLLUPS, RATE_LIMITS_HOURLY]) expect(all.has(`${def.table}_mv`)).toBe(true);
  for (const def of FED_ROLLUPS) expect(all.get(`${def.table}_mv`)).toMatch(/FROM \S+_feed\s/);
  expect(FED_ROLLUPS.length).toBe(ROLLUPS.length);
  // The detail feed carries the cost lines' sums beside the detail rollup's own measures.
  expect(all.get('llm_calls_detail_hourly_feed_mv')).toContain('fast_mode_nano');
});

it('an older store whose views all read every call moves to the feeds and stays equal to its raw rows', async () => {
  // The old form: every rollup's view over the raw rows (its backfill's select), no feeds.
  for (const def of FED_ROLLUPS) {
    const select = backfillStatement(gateway, def, false).replace(/^INSERT INTO \S+ \([^)]*\) /, '');
    await gateway.command('t', `DROP VIEW ${gateway.table(`${def.table}_mv`)}`);
    await gateway.command('t', `CREATE MATERIALIZED VIEW ${gateway.table(`${def.table}_mv`)} TO ${gateway.table(def.table)} AS ${select}`);
  }
  for (const root of new Set(FED_ROLLUPS.filter((def) => !def.rolledFrom))) {
    await gateway.command('t', `DROP VIEW ${gateway.table(`${feedTable(root)}_mv`)}`);
    await gateway.command('t', `DROP TABLE ${gateway.table(feedTable(root))}`);
  }
  expect([...(await views()).values()].filter((q) => READS_RAW.test(q))).toHaveLength(ROLLUPS.length + 1);
  await gateway.command('t', `ALTER TABLE ${gateway.table('schema_migrations')} DELETE WHERE version = {v:UInt32} SETTINGS mutations_sync = 2`, {
    v: ROLLUP_FEEDS_MIGRATION_VERSION,
  });
  await sendCalls(running.url, callsOfDay(plan, 0), 2000, 2); // rolled up by the old views

  expect(await migrate(gateway, queryModule.migrations!)).toEqual([ROLLUP_FEEDS_MIGRATION_VERSION]);
  expect([...(await views()).values()].filter((q) => READS_RAW.test(q))).toHaveLength(RAW_VIEWS.length);
  await sendCalls(
    running.url,
    callsOfDay(plan, 1).filter((c) => c.startMs + c.durationMs < now.getTime()),
    2000,
    2,
  ); // rolled up through the feeds

  const report = await verifyRollups(gateway, { ...range, repair: false });
  expect(report.bucketsChecked).toBeGreaterThan(40);
  expect(report.drift).toEqual([]);
});

it('a repair of the finest rollup reaches no other rollup', async () => {
  const detail = FED_ROLLUPS.find((def) => def.table === 'llm_calls_detail_hourly')!;
  // Rows inserted straight into the detail rollup, as a repair or a backfill does.
  await gateway.command('t', backfillStatement(gateway, detail, true));
  const report = await verifyRollups(gateway, { ...range, repair: false });
  expect(new Set(report.drift.map((d) => d.rollup))).toEqual(new Set(['llm_calls_detail_hourly']));
  // Repaired twice: a second repair of one rollup is not taken for a repeat of the first.
  for (let i = 0; i < 2; i++) {
    await gateway.command('t', backfillStatement(gateway, detail, true));
    const repair = await verifyRollups(gateway, { ...range, repair: true });
    expect(repair.drift.length).toBeGreaterThan(0);
    expect(repair.drift.every((d) => d.repaired)).toBe(true);
  }
  const after = await verifyRollups(gateway, { ...range, repair: false });
  expect(after.drift).toEqual([]);
});
