// BURNRATE_RECENT_CALLS: memory of recent calls is what lets a new call skip the ClickHouse lookup.
// When more calls arrive within an hour than it holds, the minutes of the calls it forgets become
// holes, and every call near them is looked up: counted on /healthz (writeAheadLog.lookedUpCalls).
import { afterEach, expect, it } from 'vitest';
import { postTraces, startCollector, type RunningCollector } from '../../../test/support/collector';
import { syntheticExport } from '../../../test/support/syntheticSpans';
import { until } from '../../../test/support/walHealth';

const START_NS = BigInt(Date.now() - 600_000) * 1_000_000n;
let running: RunningCollector | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Posts four exports of 600 new calls in the same minutes; returns the calls looked up for the last. */
async function lookedUpForTheLast(config: Record<string, string>): Promise<number> {
  running = await startCollector(config);
  const writer = running.collector.writer;
  const drained = () => until(() => writer.status().log.entries === 0, 30_000, 20);
  for (let k = 0; k < 3; k++) {
    const res = await postTraces(running.url, JSON.stringify(syntheticExport(600, k * 1000, START_NS)), { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    await drained();
  }
  const before = writer.status().lookedUpCalls;
  await postTraces(running.url, JSON.stringify(syntheticExport(600, 5000, START_NS)), { 'content-type': 'application/json' });
  await drained();
  return writer.status().lookedUpCalls - before;
}

it('by default memory holds these calls: new calls are not looked up', async () => {
  expect(await lookedUpForTheLast({})).toBe(0);
});

it('a memory smaller than the calls of the hour forgets some, and every new call near them is looked up, counted', async () => {
  expect(await lookedUpForTheLast({ BURNRATE_RECENT_CALLS: '1000' })).toBe(600);
  const health = await (await fetch(`${running!.url}/healthz`)).json();
  expect(health.writeAheadLog.lookedUpCalls).toBeGreaterThanOrEqual(600);
});
