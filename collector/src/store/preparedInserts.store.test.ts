// The embedded store's common insert (preparedRows.ts): exports kept prepared in the log are
// joined into one insert per batch, inserts come at most every BURNRATE_BATCH_INTERVAL_MS under
// load, and a batch memory cannot prove new (a repeat) is planned from its rows instead.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postTraces, startCollector, type RunningCollector } from '../../../test/support/collector';
import { syntheticExport } from '../../../test/support/syntheticSpans';
import { until } from '../../../test/support/walHealth';
import type { Gateway } from './gateway';

const INTERVAL_MS = 800;
const START_NS = BigInt(Date.now() - 600_000) * 1_000_000n;

interface Insert {
  how: 'blocks' | 'rows';
  table: string;
  at: number;
}

const inserts: Insert[] = [];
let collector: RunningCollector;

function recording(inner: Gateway): Gateway {
  return {
    ...inner,
    insertFile: (tag, table, columns, path, token) => {
      if (tag === 'calls-insert') inserts.push({ how: 'blocks', table, at: performance.now() });
      return inner.insertFile!(tag, table, columns, path, token);
    },
    insertColumns: (tag, table, columns, rows, options) => {
      if (tag === 'calls-insert') inserts.push({ how: 'rows', table, at: performance.now() });
      return inner.insertColumns(tag, table, columns, rows, options);
    },
  };
}

beforeAll(async () => {
  collector = await startCollector({ BURNRATE_BATCH_INTERVAL_MS: String(INTERVAL_MS), BURNRATE_ACK: 'log' }, [], { wrapGateway: recording });
});
afterAll(async () => {
  await collector?.stop();
});

const post = (body: string) => postTraces(collector.url, body, { 'content-type': 'application/json' });
const drained = () => until(() => collector.collector.writer.status().log.entries === 0, 30_000, 20);

async function storedCalls(): Promise<number> {
  const [row] = await collector.collector.gateway.query<{ n: string }>('t', `SELECT sum(sign) AS n FROM ${collector.collector.gateway.table('llm_calls')}`);
  return Number(row!.n);
}

it('exports-arriving-within-the-interval-are-one-insert-of-joined-blocks', async () => {
  const first = JSON.stringify(syntheticExport(30, 0, START_NS));
  expect((await post(first)).status).toBe(200);
  await drained();
  // Three more right away: the last insert began under INTERVAL_MS ago, so they wait and go together.
  const bodies = [1, 2, 3].map((k) => JSON.stringify(syntheticExport(30, k * 100, START_NS + BigInt(k) * 1_000_000_000n)));
  for (const res of await Promise.all(bodies.map(post))) expect(res.status).toBe(200);
  await drained();
  expect(inserts.map((i) => i.how)).toEqual(['blocks', 'blocks']);
  // Measured where the blocks are sent, after planning: the wait itself began INTERVAL_MS after the first.
  expect(inserts[1]!.at - inserts[0]!.at).toBeGreaterThan(INTERVAL_MS / 2);
  expect(await storedCalls()).toBe(120);
  // The exports' block files and the batches joined from them go once stored (by the thread pool).
  const blockDir = collector.collector.gateway.blockDir!;
  const left = () => [...readdirSync(blockDir), ...readdirSync(join(blockDir, 'exports'))];
  await until(() => left().length === 1, 5_000, 20);
  expect(left()).toEqual(['exports']);
});

it('an-export-sent-again-is-planned-from-its-rows-and-stored-once', async () => {
  inserts.length = 0;
  const lookedUp = () => collector.collector.writer.status().lookedUpCalls;
  const body = JSON.stringify(syntheticExport(10, 1000, START_NS + 5_000_000_000n));
  expect((await post(body)).status).toBe(200);
  await drained();
  const before = lookedUp();
  expect((await post(body)).status).toBe(200);
  await drained();
  // The repeat's calls are remembered, so its batch is looked up: rows, not prepared blocks.
  expect(inserts.map((i) => i.how)).toEqual(['blocks', 'rows']);
  expect(await storedCalls()).toBe(130);
  // Counted, and shown (/healthz, /metrics): each of the ten was looked up in ClickHouse.
  expect(lookedUp() - before).toBe(10);
  const health = await (await fetch(`${collector.url}/healthz`)).json();
  expect(health.writeAheadLog.lookedUpCalls).toBe(lookedUp());
});

it('an-export-whose-blocks-the-disk-will-not-take-is-stored-from-the-log-once', async () => {
  inserts.length = 0;
  // Every spill file is gone once stored (the first test), so the next export opens a new one: in
  // a directory removed under the running collector, it cannot.
  rmSync(join(collector.collector.gateway.blockDir!, 'exports'), { recursive: true, force: true });
  const body = JSON.stringify(syntheticExport(10, 2000, START_NS + 9_000_000_000n));
  expect((await post(body)).status).toBe(200);
  await drained();
  expect(inserts.map((i) => i.how)).toEqual(['rows']);
  expect(await storedCalls()).toBe(140);
  expect(collector.collector.writer.status().unreadableEntries).toBe(0);
});
