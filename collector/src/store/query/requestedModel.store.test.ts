// The requested model of a call made without route() is the model the app asked for, not "(none)".
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TimeseriesResponse } from '@burnrate/contract';
import { queryModule } from '../../query';
import { getJson, newDataDir, openTestCollector, postCalls, removeDataDir, type TestCollector } from '../../../../test/support/budgetsCollector';

const at = new Date(Date.UTC(2026, 10, 20, 12));
let dataDir: string;
let running: TestCollector;
beforeAll(async () => {
  dataDir = newDataDir();
  running = await openTestCollector(dataDir, [queryModule]);
  await postCalls(running.url, [
    { model: 'claude-haiku-4-5', at },
    { model: 'claude-haiku-4-5', at: new Date(at.getTime() + 1) },
    { model: 'claude-opus-4-6', at: new Date(at.getTime() + 2) },
  ]);
});
afterAll(async () => {
  await running?.close();
  removeDataDir(dataDir);
});

it('calls-without-route-are-grouped-by-their-request-model', async () => {
  const range = `from=${new Date(at.getTime() - 86_400_000).toISOString()}&to=${new Date(at.getTime() + 3_600_000).toISOString()}`;
  const body = await getJson<TimeseriesResponse>(`${running.url}/api/v1/timeseries?metric=calls&groupBy=requested_model,model&interval=1d&${range}`);
  expect(body.series.map((s) => [s.key, s.totals.calls])).toEqual([
    [['claude-haiku-4-5', 'claude-haiku-4-5'], 2],
    [['claude-opus-4-6', 'claude-opus-4-6'], 1],
  ]);
});
