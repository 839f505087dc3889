// Retention from config reaches every table: raw calls and attempts on one setting, the query
// module's rollups on their own, so totals can outlive raw rows.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryModule } from '../../collector/src/query';
import { startCollector, type RunningCollector } from '../support/collector';

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({ BURNRATE_RETENTION_DAYS: '30', BURNRATE_ROLLUP_RETENTION_DAYS: '730' }, [queryModule]);
});
afterAll(async () => running?.stop());

it('raw tables keep 30 days, every rollup keeps 730', async () => {
  const g = running.collector.gateway;
  const tables = await g.query<{ name: string; engine_full: string }>(
    'test',
    `SELECT name, engine_full FROM system.tables WHERE database = {db:String} AND engine LIKE '%MergeTree'`,
    { db: g.database },
  );
  const ttl = Object.fromEntries(tables.map((t) => [t.name, /TTL (.*?) SETTINGS/.exec(t.engine_full)?.[1] ?? '']));
  expect(ttl.llm_calls).toBe('toDateTime(start_time) + toIntervalDay(30)');
  expect(ttl.llm_attempts).toBe('toDateTime(start_time) + toIntervalDay(30)');
  const rollups = Object.entries(ttl).filter(([name]) => /_(hourly|daily)$/.test(name));
  expect(rollups.length).toBeGreaterThanOrEqual(9);
  for (const [name, clause] of rollups) expect([name, clause]).toEqual([name, expect.stringMatching(/^(hour|day) \+ toIntervalDay\(730\)$/)]);
});
