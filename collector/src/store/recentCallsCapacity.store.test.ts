// BURNRATE_RECENT_CALLS: memory of recent calls is what lets a new call skip the ClickHouse lookup.
// Calls it forgets go into Bloom filters (recentCalls.ts, each of twice as many calls); when those
// overflow too, the calls dropped leave holes in time, and every new call that may overlap them is
// looked up (memoryHoles.ts): counted on /healthz (writeAheadLog.lookedUpCalls), and said there and
// in the log (and /metrics: ingestLogCondition.test.ts), with the capacity that would hold them.
import { afterEach, expect, it } from 'vitest';
import { postTraces, startCollector, type RunningCollector } from '../../../test/support/collector';
import { syntheticExport } from '../../../test/support/syntheticSpans';
import { capturedLog, type CapturedLog } from '../../../test/support/capturedLog';
import { until } from '../../../test/support/walHealth';
import type { Gateway } from './gateway';

// At the start of a 10 s slot of memory's, so that every call of these exports starts and ends in one.
const START_NS = BigInt(Math.floor((Date.now() - 600_000) / 10_000) * 10_000) * 1_000_000n;
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

/**
 * Posts exports of 600 new calls, in the same seconds or `minutesApart` from one export to the
 * next (as a steady rate would); returns the calls looked up for the last.
 */
async function lookedUpForTheLast(config: Record<string, string>, exportsBefore = 3, minutesApart = 0): Promise<number> {
  const startOf = (k: number) => START_NS + BigInt(k * minutesApart * 60) * 1_000_000_000n;
  inserts.length = 0;
  log = capturedLog('info');
  running = await startCollector(config, [], { wrapGateway: recording, logger: log.logger });
  const writer = running.collector.writer;
  const drained = () => until(() => writer.status().log.entries === 0, 30_000, 20);
  for (let k = 0; k < exportsBefore; k++) {
    const res = await postTraces(running.url, JSON.stringify(syntheticExport(600, k * 1000, startOf(k))), { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    await drained();
  }
  const before = writer.status().lookedUpCalls;
  await postTraces(running.url, JSON.stringify(syntheticExport(600, 100_000, startOf(exportsBefore))), { 'content-type': 'application/json' });
  await drained();
  return writer.status().lookedUpCalls - before;
}

it('by default memory holds these calls: new calls are not looked up, and it says it held enough', async () => {
  expect(await lookedUpForTheLast({})).toBe(0);
  const health = await (await fetch(`${running!.url}/healthz`)).json();
  expect(health.writeAheadLog.recentCalls).toEqual({ capacity: 1_000_000, heldMinutes: null, neededMinutes: null, enough: true, suggestedCapacity: null });
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
  // Every call started in the same 10 s: memory held none of that when it forgot some, and needed
  // the slot and the clocks' 30 s.
  expect(health.writeAheadLog.recentCalls).toEqual({ capacity: 1000, heldMinutes: 0, neededMinutes: 0.7, enough: false, suggestedCapacity: 100_000 });
  const warnings = log.messages('warn').filter((line) => line.includes('BURNRATE_RECENT_CALLS=1000)'));
  expect(warnings).toHaveLength(1); // once, not once a batch
  expect(warnings[0]).toContain('BURNRATE_RECENT_CALLS=100000 would hold them');
  // An exporter's retry of the first export, whose calls memory forgot entirely: looked up, found, stored once.
  const writer = running!.collector.writer;
  const res = await postTraces(running!.url, JSON.stringify(syntheticExport(600, 0, START_NS)), { 'content-type': 'application/json' });
  expect(res.status).toBe(200);
  await until(() => writer.status().log.entries === 0, 30_000, 20);
  const gateway = running!.collector.gateway;
  const [stored] = await gateway.query<{ n: string }>('test', `SELECT count() AS n FROM ${gateway.table('llm_calls')} FINAL WHERE sign > 0`);
  expect(Number(stored!.n)).toBe(15 * 600);
});

it('calls that start after those forgotten have ended are not looked up: memory needs the calls they may overlap, not an hour', async () => {
  // The same overflow, at two minutes an export: 28 minutes of calls in a memory that holds a few.
  // Only the filters' false positives are looked up (a few in a thousand), not all 600 as above.
  expect(await lookedUpForTheLast({ BURNRATE_RECENT_CALLS: '1000' }, 14, 2)).toBeLessThan(20);
  const health = await (await fetch(`${running!.url}/healthz`)).json();
  expect(health.writeAheadLog.recentCalls).toMatchObject({ capacity: 1000, enough: true, suggestedCapacity: null });
  expect(health.writeAheadLog.recentCalls.heldMinutes).toBeGreaterThanOrEqual(2);
});
