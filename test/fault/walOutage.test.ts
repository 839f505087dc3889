// A 200 means durable: every accepted export is synced in the write-ahead log first; while
// ClickHouse fails, the log keeps it and replays it in order when it is back (also after a
// restart); a full log answers 503.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { faultyGateway, type FaultSwitch } from '../support/faultyGateway';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';
import { syntheticExport } from '../support/syntheticSpans';

const JSON_TYPE = { 'content-type': 'application/json' };
const START_NS = BigInt(Date.now() - 600_000) * 1_000_000n;
// Generated once per (first, count): ids are random, and a retry must resend the same spans.
const bodies = new Map<string, string>();
function exportBody(first: number, count = 10): string {
  const key = `${first}/${count}`;
  if (!bodies.has(key)) bodies.set(key, JSON.stringify(syntheticExport(count, first, START_NS + BigInt(first) * 1_000_000_000n)));
  return bodies.get(key)!;
}

let running: RunningCollector | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function calls(url: string): Promise<number> {
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const res = await fetch(`${url}/api/v1/summary?from=${from}&to=${new Date(Date.now() + 60_000).toISOString()}`);
  expect(res.status).toBe(200);
  return (await res.json()).calls;
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the write-ahead log while ClickHouse is down', () => {
  it('accepts into the log, then drains in order with nothing lost or twice', async () => {
    const faults: FaultSwitch = { down: false, failedCalls: 0 };
    running = await startCollector({}, [], { wrapGateway: (g) => faultyGateway(g, faults) });
    faults.down = true;
    for (const first of [0, 100, 200]) expect((await postTraces(running.url, exportBody(first), JSON_TYPE)).status).toBe(200);
    expect(faults.failedCalls).toBeGreaterThan(0);
    expect(running.collector.writer.status().log.entries).toBeGreaterThan(0);
    // An exporter's retry of an accepted export while still down: logged again, stored once.
    expect((await postTraces(running.url, exportBody(100), JSON_TYPE)).status).toBe(200);
    faults.down = false;
    await until(() => running!.collector.writer.status().log.entries === 0);
    expect(await calls(running.url)).toBe(30);
    expect((await postTraces(running.url, exportBody(200), JSON_TYPE)).status).toBe(200);
    expect(await calls(running.url)).toBe(30);
  });

  it('a write that stops between calls and attempts is finished by its replay, nothing twice', async () => {
    const faults: FaultSwitch = { down: false, failedCalls: 0, failOnce: new Set(['attempts-insert']) };
    running = await startCollector({}, [], { wrapGateway: (g) => faultyGateway(g, faults) });
    expect((await postTraces(running.url, exportBody(300), JSON_TYPE)).status).toBe(200);
    expect(faults.failedCalls).toBe(1); // the calls went in, the attempts did not: retried from the log
    await until(() => running!.collector.writer.status().log.entries === 0);
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const summary = await (await fetch(`${running.url}/api/v1/summary?from=${from}&to=${new Date(Date.now() + 60_000).toISOString()}`)).json();
    // syntheticExport: one attempt per call, two for every 20th (a 429 then a 200).
    expect([summary.calls, summary.attempts, summary.rateLimitedAttempts]).toEqual([10, 11, 1]);
    const gateway = running.collector.gateway;
    const [raw] = await gateway.query<{ n: string }>('test', `SELECT count() AS n FROM ${gateway.table('llm_attempts')}`);
    expect(Number(raw!.n)).toBe(11); // physically once, not merely collapsed at read time
  });

  it('a full log answers 503 with Retry-After and keeps what it took', async () => {
    const faults: FaultSwitch = { down: true, failedCalls: 0 };
    running = await startCollector({ BURNRATE_LOG_MAX_BYTES: '60000' }, [], { wrapGateway: (g) => faultyGateway(g, faults) });
    expect((await postTraces(running.url, exportBody(0), JSON_TYPE)).status).toBe(200);
    const refused = await postTraces(running.url, exportBody(1000, 200), JSON_TYPE);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect((await refused.json()).message).toContain('BURNRATE_LOG_MAX_BYTES');
    expect(running.collector.writer.status().admission.refusals.log_full).toBe(1);
    const health = (await (await fetch(`${running.url}/healthz`)).json()).writeAheadLog;
    expect(health).toMatchObject({ entries: 1, calls: 10, maxBytes: 60000, refusals: { log_full: 1 } });
    expect(health.oldestEntryAgeSeconds).toBeGreaterThanOrEqual(0);
    faults.down = false;
    await until(() => running!.collector.writer.status().log.entries === 0);
    expect(await calls(running.url)).toBe(10);
  });

  it('logged spans survive a restart and are replayed by the next collector', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'burnrate-spool-'));
    const faults: FaultSwitch = { down: true, failedCalls: 0 };
    const first = await startCollector({}, [], { dataDir, wrapGateway: (g) => faultyGateway(g, faults) });
    expect((await postTraces(first.url, exportBody(0), JSON_TYPE)).status).toBe(200);
    await first.stop(); // still down: the log keeps the batch
    expect(readdirSync(join(dataDir, 'wal')).filter((n) => n.endsWith('.wal')).length).toBeGreaterThan(0);
    running = await startCollector({}, [], { dataDir });
    await until(() => running!.collector.writer.status().log.entries === 0);
    expect(await calls(running.url)).toBe(10);
    expect(existsSync(join(dataDir, 'wal'))).toBe(true);
  });
});
