// BURNRATE_RECENT_CALLS: memory of recent calls is what lets a new call skip the ClickHouse lookup.
// Calls it forgets go into Bloom filters (recentCalls.ts, each of twice as many calls); when more
// calls arrive within an hour than those hold too, the minutes of the calls dropped become holes,
// and every call near them is looked up: counted on /healthz (writeAheadLog.lookedUpCalls), and
// said there and in the log (and /metrics: ingestLogCondition.test.ts), with the capacity that
// would hold an hour of them.
import { afterEach, expect, it } from 'vitest';
import { postTraces, startCollector, type RunningCollector } from '../../../test/support/collector';
import { syntheticExport } from '../../../test/support/syntheticSpans';
import { capturedLog, type CapturedLog } from '../../../test/support/capturedLog';
import { until } from '../../../test/support/walHealth';
import type { Gateway } from './gateway';

const START_NS = BigInt(Date.now() - 600_000) * 1_000_000n;
let running: RunningCollector | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** How each insert of calls went: prepared blocks, or planned from rows (insertBatches.ts). */
const inserts: ('blocks' | 'rows')[] = [];
let log: CapturedLog;
function recording(inner: Gateway): Gateway {
  return {
    ...inner,
    insertFile: (tag, table, columns, path, token) => {
      if (tag === 'calls-insert') inserts.push('blocks');
      return inner.insertFile!(tag, table, columns, path, token);
    },
    insertColumns: (tag, table, columns, rows, options) => {
      if (tag === 'calls-insert') inserts.push('rows');
      return inner.insertColumns(tag, table, columns, rows, options);
    },
  };
}

/** Posts exports of 600 new calls in the same minutes; returns the calls looked up for the last. */
async function lookedUpForTheLast(config: Record<string, string>, exportsBefore = 3): Promise<number> {
  inserts.length = 0;
  log = capturedLog('info');
  running = await startCollector(config, [], { wrapGateway: recording, logger: log.logger });
  const writer = running.collector.writer;
  const drained = () => until(() => writer.status().log.entries === 0, 30_000, 20);
  for (let k = 0; k < exportsBefore; k++) {
    const res = await postTraces(running.url, JSON.stringify(syntheticExport(600, k * 1000, START_NS)), { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    await drained();
  }
  const before = writer.status().lookedUpCalls;
  await postTraces(running.url, JSON.stringify(syntheticExport(600, 100_000, START_NS)), { 'content-type': 'application/json' });
  await drained();
  return writer.status().lookedUpCalls - before;
}

it('by default memory holds these calls: new calls are not looked up, and it says it held enough', async () => {
  expect(await lookedUpForTheLast({})).toBe(0);
  const health = await (await fetch(`${running!.url}/healthz`)).json();
  expect(health.writeAheadLog.recentCalls).toEqual({ capacity: 1_000_000, heldMinutes: null, enough: true, suggestedCapacity: null });
  expect(log.messages('warn').filter((line) => line.includes('BURNRATE_RECENT_CALLS'))).toEqual([]);
});

it('calls a small memory forgets are still known by its filters: new calls are not looked up', async () => {
  expect(await lookedUpForTheLast({ BURNRATE_RECENT_CALLS: '1000' })).toBe(0);
});

it('past what memory and its filters hold (1,000 + 2 × 3,000 calls of two keys), every new call near them is looked up, counted', async () => {
  expect(await lookedUpForTheLast({ BURNRATE_RECENT_CALLS: '1000' }, 14)).toBe(600);
  // None was stored: the export's prepared blocks are inserted as they are, not planned from rows.
  expect(inserts.at(-1)).toBe('blocks');
  const health = await (await fetch(`${running!.url}/healthz`)).json();
  expect(health.writeAheadLog.lookedUpCalls).toBeGreaterThanOrEqual(600);
  // Every call started in the same minutes: memory held less than one of them when it forgot some.
  expect(health.writeAheadLog.recentCalls).toEqual({ capacity: 1000, heldMinutes: 0, enough: false, suggestedCapacity: 100_000 });
  const warnings = log.messages('warn').filter((line) => line.includes('BURNRATE_RECENT_CALLS=1000)'));
  expect(warnings).toHaveLength(1); // once, not once a batch
  expect(warnings[0]).toContain('BURNRATE_RECENT_CALLS=100000 would hold an hour');
});
