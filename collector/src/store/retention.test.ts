import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openGateway, type Gateway } from './gateway';
import { migrate } from './migrations';
import { applyRetention } from './retention';
import { removeTestDir } from '../../../test/support/removeTestDir';

const dir = mkdtempSync(join(tmpdir(), 'burnrate-retention-'));
let gateway: Gateway;
beforeAll(async () => {
  gateway = await openGateway({ kind: 'embedded', dataDir: dir, database: 'burnrate' });
  await migrate(gateway);
});
afterAll(async () => {
  await gateway.close();
  removeTestDir(dir);
});

const engineOf = async (table: string) =>
  (
    await gateway.query<{ engine_full: string }>('t', `SELECT engine_full FROM system.tables WHERE database = 'burnrate' AND name = {t:String}`, { t: table })
  )[0]!.engine_full;

it('sets a TTL per table, changes it when the setting changes, removes it at 0, and skips no-ops', async () => {
  const calls = { table: 'llm_calls', timeExpression: 'toDateTime(start_time)', days: 30 };
  expect(await applyRetention(gateway, [calls])).toEqual(['llm_calls']);
  expect(await engineOf('llm_calls')).toContain('TTL toDateTime(start_time) + toIntervalDay(30)');
  expect(await applyRetention(gateway, [calls])).toEqual([]); // already in force
  await applyRetention(gateway, [{ ...calls, days: 90 }]);
  expect(await engineOf('llm_calls')).toContain('toIntervalDay(90)');
  await applyRetention(gateway, [{ ...calls, days: 0 }]);
  expect(await engineOf('llm_calls')).not.toContain('TTL');
  expect(await applyRetention(gateway, [{ table: 'no_such_table', timeExpression: 'hour', days: 5 }])).toEqual([]);
});

it('expired rows are dropped by the TTL', async () => {
  const old = '2020-01-01 00:00:00.000000';
  await gateway.insert('t', gateway.table('llm_attempts'), [
    { trace_id: 'a', span_id: 'b', attempt: 1, start_time: old, status_code: 200, service_name: 's', model: 'm', team: '' },
  ]);
  await applyRetention(gateway, [{ table: 'llm_attempts', timeExpression: 'toDateTime(start_time)', days: 30 }]);
  await gateway.command('t', `OPTIMIZE TABLE ${gateway.table('llm_attempts')} FINAL`);
  const [row] = await gateway.query<{ n: string }>('t', `SELECT count() AS n FROM ${gateway.table('llm_attempts')}`);
  expect(Number(row!.n)).toBe(0);
});
