// The writer's lookups of a large batch (a replay, or memory overflowing: recentCalls.ts) against
// the real engine. 28,000 call keys as one array parameter (~1 MB) took chDB 18 s against 100,000
// stored calls and 107 s against a million, at 200% CPU, every other statement waiting. The
// embedded engine reads a batch's ids from files, the whole batch in one statement; a server gets
// them in runs (lookupChunks.ts) of at most LOOKUP_PARAM_CHARS of ids each (its SQL is run here
// through the embedded engine, by a gateway without a block directory). Either way the lookup
// finds the stored calls wherever they sit in the batch.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postTraces, startCollector, type RunningCollector } from '../../../test/support/collector';
import { syntheticExport } from '../../../test/support/syntheticSpans';
import { until } from '../../../test/support/walHealth';
import type { AttemptRow, CallRow } from '../normalize/callRow';
import { normalize } from '../normalize/normalize';
import { decodeTraces } from '../otlp/decode';
import { storedAttemptKeys } from './attemptsTable';
import { CALLS_TABLE, storedCallsLike } from './callsTable';
import type { Gateway } from './gateway';
import { LOOKUP_PARAM_CHARS } from './lookupChunks';

const START_NS = BigInt(Date.now() - 600_000) * 1_000_000n;
const BATCH = 40_000;
let running: RunningCollector;
let stored: { calls: CallRow[]; attempts: AttemptRow[] };
let batch: { calls: CallRow[]; attempts: AttemptRow[] };

/** Each statement's parameter text, as JSON writes it (an id, its quotes and a comma: what idChars counts). */
const sent: { tag: string; chars: number }[] = [];
function recording(inner: Gateway): Gateway {
  return {
    ...inner,
    query: (tag, sql, params, extra) => {
      sent.push({ tag, chars: JSON.stringify(params ?? {}).length });
      return inner.query(tag, sql, params, extra);
    },
  };
}
const sentAs = (tag: string) => sent.filter((s) => s.tag === tag).map((s) => s.chars);
// The bounds, the min and max start times, and the parameter names.
const OVERHEAD_CHARS = 200;

const rowsOf = (body: unknown) => normalize(decodeTraces(Buffer.from(JSON.stringify(body)), 'json'));

beforeAll(async () => {
  running = await startCollector({});
  const body = syntheticExport(3, 0, START_NS);
  stored = rowsOf(body);
  const res = await postTraces(running.url, JSON.stringify(body), { 'content-type': 'application/json' });
  expect(res.status).toBe(200);
  const gateway = running.collector.gateway;
  await until(async () => {
    const [row] = await gateway.query<{ n: string }>('test', `SELECT count() AS n FROM ${gateway.table(CALLS_TABLE)}`);
    return Number(row?.n) === 3;
  }, 20_000);
  batch = largeBatch();
}, 60_000);
afterAll(async () => {
  await running?.stop();
});

/** A batch of new calls, each with an API message id as its key, and the stored ones at its start, middle and end. */
function largeBatch(): { calls: CallRow[]; attempts: AttemptRow[] } {
  const fresh = rowsOf(syntheticExport(BATCH, 1_000, START_NS));
  const calls = fresh.calls.map((row) => ({ ...row, callKey: `msg:msg_01${randomBytes(12).toString('hex')}` }));
  const at = [0, BATCH / 2, BATCH - 1];
  at.forEach((i, k) => (calls[i] = stored.calls[k]!));
  const attempts = [...fresh.attempts];
  at.forEach((i, k) => attempts.splice(Math.min(i, attempts.length), 0, ...stored.attempts.filter((a) => a.spanId === stored.calls[k]!.spanId)));
  return { calls, attempts };
}

/** The gateway a ClickHouse server would have: no block directory, so ids go as array parameters. */
const asServer = (gateway: Gateway): Gateway => ({ ...gateway, blockDir: undefined, insertFile: undefined });
const idFilesLeft = () => readdirSync(running.collector.gateway.blockDir!).filter((name) => name.startsWith('lookup-'));

it('looks up a batch whose keys are many times one run of parameters in one statement from id files, and finds every stored call in it', async () => {
  const { calls } = batch;
  expect(calls.reduce((n, c) => n + c.callKey.length + 3, 0)).toBeGreaterThan(4 * LOOKUP_PARAM_CHARS);
  const found = await storedCallsLike(recording(running.collector.gateway), calls);
  const lookups = sentAs('calls-same-call');
  expect(lookups).toHaveLength(1);
  expect(lookups[0]).toBeLessThanOrEqual(OVERHEAD_CHARS + 3 * 200); // three file paths, no ids
  expect(found.map((c) => c.spanId).sort()).toEqual(stored.calls.map((c) => c.spanId).sort());
  expect(idFilesLeft()).toEqual([]);
}, 60_000);

it('looks up that batch as a server would, in runs of parameters within the budget, and finds every stored call in it', async () => {
  const before = sentAs('calls-same-call').length;
  const found = await storedCallsLike(recording(asServer(running.collector.gateway)), batch.calls);
  const lookups = sentAs('calls-same-call').slice(before);
  expect(lookups.length).toBeGreaterThanOrEqual(4);
  for (const chars of lookups) expect(chars).toBeLessThanOrEqual(LOOKUP_PARAM_CHARS + OVERHEAD_CHARS);
  expect(found.map((c) => c.spanId).sort()).toEqual(stored.calls.map((c) => c.spanId).sort());
}, 60_000);

it('finds the stored attempts of a large batch wherever they sit in it, from id files and in runs', async () => {
  const { attempts } = batch;
  const expected = stored.attempts.map((a) => `${a.traceId}/${a.spanId}/${a.attempt}`).sort();
  expect(attempts.reduce((n, a) => n + a.spanId.length + 3, 0)).toBeGreaterThan(2 * LOOKUP_PARAM_CHARS);
  expect([...(await storedAttemptKeys(recording(running.collector.gateway), attempts))].sort()).toEqual(expected);
  expect(sentAs('attempts-existing-keys')).toHaveLength(1);
  expect([...(await storedAttemptKeys(recording(asServer(running.collector.gateway)), attempts))].sort()).toEqual(expected);
  const runs = sentAs('attempts-existing-keys').slice(1);
  expect(runs.length).toBeGreaterThanOrEqual(2);
  for (const chars of runs) expect(chars).toBeLessThanOrEqual(LOOKUP_PARAM_CHARS + OVERHEAD_CHARS);
  expect(idFilesLeft()).toEqual([]);
}, 60_000);
