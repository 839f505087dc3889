// `burnrate verify` and POST /api/v1/admin/verify as an operator uses them, on a real store: a
// batch that reached the raw table and missed one rollup (its view detached while it was
// inserted, as when pushing to that view failed on a full disk) is found, rebuilt and reported.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { RollupVerifyResponse } from '@burnrate/contract';
import { queryModule } from '../../collector/src/query';
import { CALLS_TABLE } from '../../collector/src/store/callsTable';
import type { Gateway } from '../../collector/src/store/gateway';
import { sendCalls } from '../demo/otlp';
import { callsOfDay } from '../demo/traffic';
import { closedPort, runCli } from '../support/cli';
import { startCollector } from '../support/collector';
import { removeTestDir } from '../support/removeTestDir';

const dir = mkdtempSync(join(tmpdir(), 'burnrate-verify-'));
const dataDir = join(dir, 'data');
afterAll(() => removeTestDir(dir));

const now = new Date(Date.UTC(2026, 10, 21, 16, 42, 30));
const range = { from: '2026-11-20T00:00:00Z', to: '2026-11-22T00:00:00Z' };

/** Copies of stored calls under new identities, inserted while one rollup's view is detached. */
async function partialInsert(gateway: Gateway, tag: string, view: string, count: number): Promise<void> {
  const rows = await gateway.query<Record<string, unknown>>(
    'test-rows',
    `SELECT * EXCEPT (ingested_at) FROM ${gateway.table(CALLS_TABLE)} FINAL WHERE sign > 0 ORDER BY start_time LIMIT {n:UInt32}`,
    { n: count },
  );
  await gateway.command('t', `DETACH TABLE ${gateway.table(view)}`);
  try {
    await gateway.insert(
      'calls-insert',
      gateway.table(CALLS_TABLE),
      rows.map((row, i) => ({ ...row, trace_id: `${tag}${i}`, call_key: `${tag}${i}` })),
    );
  } finally {
    await gateway.command('t', `ATTACH TABLE ${gateway.table(view)}`);
  }
}

it('the admin API and the CLI find a batch that missed a rollup, rebuild it, and say what changed', async () => {
  const collector = await startCollector({}, [queryModule], { dataDir, keepData: true });
  const calls = callsOfDay({ days: 1, now, callsPerDay: 150 }, 0).filter((c) => c.startMs + c.durationMs < now.getTime());
  await sendCalls(collector.url, calls, 2000, 2);
  await partialInsert(collector.collector.gateway, 'api-', 'llm_calls_core_hourly_mv', 12);

  const post = async (body: object) => {
    const res = await fetch(`${collector.url}/api/v1/admin/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as RollupVerifyResponse;
  };
  const found = await post(range);
  expect(found.repair).toBe(false);
  expect(new Set(found.drift.map((d) => d.rollup))).toEqual(new Set(['llm_calls_core_hourly']));
  expect(found.drift.reduce((n, d) => n + d.raw.calls - d.rolled.calls, 0)).toBe(12);
  const repaired = await post({ ...range, repair: true });
  expect(repaired.drift.every((d) => d.repaired && d.after!.calls === d.raw.calls && d.after!.costNanoUsd === d.raw.costNanoUsd)).toBe(true);
  expect((await post(range)).drift).toEqual([]);
  expect(
    (await fetch(`${collector.url}/api/v1/admin/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"from":"soon"}' })).status,
  ).toBe(400);

  await partialInsert(collector.collector.gateway, 'cli-', 'llm_calls_by_user_daily_mv', 7);
  await collector.stop();
  const burnrate = async (args: string[]) =>
    runCli(['verify', '--from', range.from, '--to', range.to, ...args], { BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: String(await closedPort()) });
  const check = await burnrate([]);
  expect(check.code, check.stderr).toBe(1);
  expect(check.stdout).toMatch(/^2026-11-21T00:00:00\.000Z\s+llm_calls_by_user_daily\s+raw \d+ calls.*; rollup \d+ calls.*; differs$/m);
  expect(check.stdout).toContain('1 differ (run with --repair to rebuild them)');
  const repair = await burnrate(['--repair']);
  expect(repair.code, repair.stderr).toBe(0);
  expect(repair.stdout).toMatch(/llm_calls_by_user_daily .*repaired → /);
  expect((await burnrate([])).stdout).toContain('every rollup equals its raw rows');
}, 180_000);
