// Daily rollups are fed from their hourly rollups' rows (a chained view), and a store made before
// that (its daily views reading every call) is moved to it by migration 150 with nothing refilled:
// afterwards each daily rollup still equals its raw rows.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../../test/support/collector';
import { sendCalls } from '../../../../test/demo/otlp';
import { callsOfDay, type TrafficPlan } from '../../../../test/demo/traffic';
import { removeTestDir } from '../../../../test/support/removeTestDir';
import { queryModule } from '../../query';
import { CALLS_TABLE } from '../callsTable';
import type { Gateway } from '../gateway';
import { migrate } from '../migrations';
import { verifyRollups } from './rollupIntegrity';
import { CHAINED_DAILY_MIGRATION_VERSION, ROLLUPS } from './rollups';

const now = new Date(Date.UTC(2026, 10, 21, 16, 42, 30));
const plan: TrafficPlan = { days: 2, now, callsPerDay: 120 };
const range = { from: new Date(now.getTime() - 3 * 86_400_000), to: now, now: new Date(now.getTime() + 86_400_000) };
const DAILY = ROLLUPS.filter((def) => def.rolledFrom);
let running: RunningCollector;
let gateway: Gateway;

const viewQuery = async (table: string) =>
  (
    await gateway.query<{ q: string }>('t', `SELECT create_table_query AS q FROM system.tables WHERE database = {db:String} AND name = {name:String}`, {
      db: gateway.database,
      name: `${table}_mv`,
    })
  )[0]!.q;

beforeAll(async () => {
  running = await startCollector({}, [queryModule]);
  gateway = running.collector.gateway;
}, 60_000);
afterAll(async () => {
  await running?.stop();
  if (running) removeTestDir(running.dataDir);
});

it('every daily rollup with an hourly twin is chained to it', async () => {
  expect(DAILY.map((def) => def.table).sort()).toEqual(['llm_attempts_daily', 'llm_calls_by_user_daily', 'llm_calls_core_daily', 'llm_calls_detail_daily']);
  for (const def of DAILY) {
    const query = await viewQuery(def.table);
    expect(query).toContain(`FROM ${gateway.database}.${def.rolledFrom!.table}`);
    expect(query).not.toMatch(new RegExp(`FROM \\S+\\.(${CALLS_TABLE}|llm_attempts)\\s`));
  }
});

it('an older store whose daily views read every call is re-chained and stays equal to its raw rows', async () => {
  // The old form: each daily view aggregating the source rows itself.
  for (const def of DAILY) {
    const source = def.source === 'calls' ? CALLS_TABLE : 'llm_attempts';
    const old = (await viewQuery(def.rolledFrom!.table))
      .replace(/^CREATE MATERIALIZED VIEW \S+ TO \S+/, '')
      .replace('toStartOfHour(start_time) AS hour', "toDateTime(toStartOfDay(start_time), 'UTC') AS day");
    await gateway.command('t', `DROP VIEW ${gateway.table(`${def.table}_mv`)}`);
    await gateway.command(
      't',
      `CREATE MATERIALIZED VIEW ${gateway.table(`${def.table}_mv`)} TO ${gateway.table(def.table)} ${old.replace(/GROUP BY hour/, 'GROUP BY day')}`,
    );
    expect(await viewQuery(def.table)).toContain(`FROM ${gateway.database}.${source}`);
  }
  await gateway.command('t', `ALTER TABLE ${gateway.table('schema_migrations')} DELETE WHERE version = {v:UInt32}`, { v: CHAINED_DAILY_MIGRATION_VERSION });
  await sendCalls(running.url, callsOfDay(plan, 0), 2000, 2); // rolled up by the old views

  expect(await migrate(gateway, queryModule.migrations!)).toEqual([CHAINED_DAILY_MIGRATION_VERSION]);
  for (const def of DAILY) expect(await viewQuery(def.table)).toContain(`FROM ${gateway.database}.${def.rolledFrom!.table}`);
  await sendCalls(
    running.url,
    callsOfDay(plan, 1).filter((c) => c.startMs + c.durationMs < now.getTime()),
    2000,
    2,
  ); // rolled up by the chained views

  const report = await verifyRollups(gateway, { ...range, repair: false });
  expect(report.bucketsChecked).toBeGreaterThan(40);
  expect(report.drift).toEqual([]);
});
