// A 200 must not run away from the store: while ClickHouse takes writes but more calls wait in
// the log than BURNRATE_LOG_MAX_BACKLOG_CALLS, exports get 503 + Retry-After (cause log_backlog,
// counted on /healthz and /metrics); once the backlog drains they are taken again, and every
// acknowledged call is stored once. During an outage the log buffers up to its size cap instead.
import { afterEach, expect, it } from 'vitest';
import { writeAheadLogFamilies } from '../../collector/src/alerts/writeAheadLogMetrics';
import { faultyGateway, type FaultSwitch } from '../support/faultyGateway';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';
import { syntheticExport } from '../support/syntheticSpans';
import { until } from '../support/walHealth';
import { capturedLog } from '../support/capturedLog';

const JSON_TYPE = { 'content-type': 'application/json' };
const START_NS = BigInt(Date.now() - 600_000) * 1_000_000n;
const exportOf = (first: number) => JSON.stringify(syntheticExport(10, first, START_NS + BigInt(first) * 1_000_000_000n));

let running: RunningCollector | undefined;
let release: () => void = () => undefined;
afterEach(async () => {
  release(); // a held insert would keep the collector from closing
  await running?.stop();
  running = undefined;
});

const drained = (writer: RunningCollector['collector']['writer']) => until(() => writer.status().log.calls === 0, 10_000, 20);

/** The held inserts go through, the backlog drains, and a next export is taken: 20 calls stored. */
async function releasedThenAnother(collector: RunningCollector, faults: FaultSwitch): Promise<void> {
  release();
  faults.holdInserts = undefined;
  await drained(collector.collector.writer);
  expect((await postTraces(collector.url, exportOf(100), JSON_TYPE)).status).toBe(200);
  await drained(collector.collector.writer);
  expect(await storedCalls(collector.url)).toBe(20);
}

async function storedCalls(url: string): Promise<number> {
  const from = new Date(Date.now() - 3_600_000).toISOString();
  return (await (await fetch(`${url}/api/v1/summary?from=${from}&to=${new Date(Date.now() + 60_000).toISOString()}`)).json()).calls;
}

it('refuses with 503 + Retry-After while the backlog passes its bound, then takes exports again', async () => {
  const faults: FaultSwitch = { down: false, failedCalls: 0, holdInserts: new Promise((r) => (release = r)) };
  running = await startCollector({ BURNRATE_ACK: 'log', BURNRATE_LOG_MAX_BACKLOG_CALLS: '15' }, [], { wrapGateway: (g) => faultyGateway(g, faults) });
  const writer = running.collector.writer;

  expect((await postTraces(running.url, exportOf(0), JSON_TYPE)).status).toBe(200); // 10 waiting: within 15
  const refused = await postTraces(running.url, exportOf(100), JSON_TYPE); // 10 + 10 would pass 15
  expect(refused.status).toBe(503);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await refused.json()).message).toContain('BURNRATE_LOG_MAX_BACKLOG_CALLS');

  const health = (await (await fetch(`${running.url}/healthz`)).json()).writeAheadLog;
  expect(health).toMatchObject({ calls: 10, maxBacklogCalls: 15, refusals: { log_backlog: 1 } });
  const refusals = writeAheadLogFamilies(writer.status()).find((f) => f.name === 'burnrate_ingest_refusals_total')!;
  expect(refusals.samples.find((s) => s.labels.cause === 'log_backlog')?.value).toBe(1);

  await releasedThenAnother(running, faults);
});

it('an export larger than the bound is taken when nothing waits; past the bound, one is refused before it is decoded', async () => {
  const faults: FaultSwitch = { down: false, failedCalls: 0, holdInserts: new Promise((r) => (release = r)) };
  running = await startCollector({ BURNRATE_ACK: 'log', BURNRATE_LOG_MAX_BACKLOG_CALLS: '5' }, [], { wrapGateway: (g) => faultyGateway(g, faults) });
  const writer = running.collector.writer;
  expect((await postTraces(running.url, exportOf(0), JSON_TYPE)).status).toBe(200); // 10 calls, nothing waiting
  // Not even valid OTLP: refused for the backlog before decoding (a 400 would mean it was read).
  const refused = await postTraces(running.url, '{"resourceSpans": 7', JSON_TYPE);
  expect(refused.status).toBe(503);
  expect(writer.status().admission.refusals.log_backlog).toBe(1);
  await releasedThenAnother(running, faults);
});

it('during an outage the bound does not apply: the log buffers, then stores everything once', async () => {
  const faults: FaultSwitch = { down: false, failedCalls: 0 };
  running = await startCollector({ BURNRATE_ACK: 'log', BURNRATE_LOG_MAX_BACKLOG_CALLS: '15' }, [], { wrapGateway: (g) => faultyGateway(g, faults) });
  const writer = running.collector.writer;
  faults.down = true;
  expect((await postTraces(running.url, exportOf(0), JSON_TYPE)).status).toBe(200);
  await until(() => writer.status().insertError !== undefined, 10_000, 20);
  for (const first of [100, 200]) expect((await postTraces(running.url, exportOf(first), JSON_TYPE)).status).toBe(200);
  expect(writer.status().admission.refusals.log_backlog).toBe(0);
  faults.down = false;
  await until(() => writer.status().log.calls === 0, 20_000, 20);
  expect(await storedCalls(running.url)).toBe(30);
});

it('by default the bound is two batches (the one being inserted and the next); a bound of one batch or less is warned about at start', async () => {
  const log = capturedLog('warn');
  running = await startCollector({ BURNRATE_ACK: 'log', BURNRATE_BATCH_ROWS: '30' }, [], { logger: log.logger });
  expect((await (await fetch(`${running.url}/healthz`)).json()).writeAheadLog.maxBacklogCalls).toBe(60);
  expect(log.messages('warn').join('\n')).not.toContain('BURNRATE_LOG_MAX_BACKLOG_CALLS');
  await running.stop();

  const tight = capturedLog('warn');
  running = await startCollector({ BURNRATE_ACK: 'log', BURNRATE_BATCH_ROWS: '30', BURNRATE_LOG_MAX_BACKLOG_CALLS: '30' }, [], { logger: tight.logger });
  expect((await (await fetch(`${running.url}/healthz`)).json()).writeAheadLog.maxBacklogCalls).toBe(30);
  expect(tight.messages('warn').join('\n')).toMatch(/BURNRATE_LOG_MAX_BACKLOG_CALLS \(30\) is not above BURNRATE_BATCH_ROWS \(30\)/);
});
