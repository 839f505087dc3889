// The insert path on the embedded store: Native blocks in, each call once, and the ClickHouse
// lookup only for calls that may be stored (a repeat, a restart, a second span of a stored call).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticExport } from '../../../test/support/syntheticSpans';
import type { CallRow } from '../normalize/callRow';
import { normalize } from '../normalize/normalize';
import { decodeTraces } from '../otlp/decode';
import { ATTEMPT_COLUMNS, ATTEMPTS_TABLE } from './attemptsTable';
import { CALL_COLUMNS, CALLS_TABLE } from './callsTable';
import { openGateway, type Gateway } from './gateway';
import { insertBatches, type RowBatch } from './insertBatches';
import { migrate, MIGRATIONS } from './migrations';
import { RecentCalls } from './recentCalls';
import { rememberUpTo } from './recentCallsOfStore';
import { removeTestDir } from '../../../test/support/removeTestDir';

const START_NS = BigInt(Date.now() - 600_000) * 1_000_000n;
const batchOf = (first: number, count = 10): RowBatch =>
  normalize(decodeTraces(Buffer.from(JSON.stringify(syntheticExport(count, first, START_NS + BigInt(first) * 1_000_000_000n))), 'json'));

let dir: string;
let store: Gateway;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'burnrate-insert-'));
  store = await openGateway({ kind: 'embedded', dataDir: dir, database: 'insert_test' });
  await migrate(store, MIGRATIONS);
});
afterAll(async () => {
  await store?.close();
  removeTestDir(dir);
});

/** The store as a fresh process would see it (its own memory of recent calls), counting lookups. */
function process_(): { gateway: Gateway; lookups: () => number } {
  let lookups = 0;
  const gateway: Gateway = {
    ...store,
    query: (tag, sql, params) => {
      if (tag === 'calls-same-call') lookups++;
      return store.query(tag, sql, params);
    },
  };
  return { gateway, lookups: () => lookups };
}

async function counts(): Promise<{ calls: number; attempts: number }> {
  const [c] = await store.query<{ n: string }>('t', `SELECT count() AS n FROM ${store.table('llm_calls')} FINAL WHERE sign > 0`);
  // Physically, not collapsed at read time: attempts have no retractions.
  const [a] = await store.query<{ n: string }>('t', `SELECT count() AS n FROM ${store.table('llm_attempts')}`);
  return { calls: Number(c!.n), attempts: Number(a!.n) };
}

describe('insert columns', () => {
  it('the-insert-writes-every-column-of-both-tables-but-the-ingest-time', async () => {
    for (const [table, columns] of [
      [CALLS_TABLE, CALL_COLUMNS],
      [ATTEMPTS_TABLE, ATTEMPT_COLUMNS],
    ] as const) {
      const described = await store.query<{ name: string }>('t', `DESCRIBE TABLE ${store.table(table)}`);
      expect(columns.map((c) => c.name).sort()).toEqual(
        described
          .map((d) => d.name)
          .filter((n) => n !== 'ingested_at')
          .sort(),
      );
    }
  });
});

describe('insertBatches', () => {
  const first = batchOf(0);

  it('new-calls-on-an-empty-store-skip-the-lookup; a-repeat-is-looked-up-and-stored-once', async () => {
    const { gateway, lookups } = process_();
    expect(await insertBatches(gateway, [first])).toEqual([{ inserted: 10, duplicates: 0, merged: 0 }]);
    expect(lookups()).toBe(0);
    const stored = await counts();
    expect(stored.calls).toBe(10);
    expect(await insertBatches(gateway, [batchOf(100)])).toEqual([{ inserted: 10, duplicates: 0, merged: 0 }]);
    expect(lookups()).toBe(0);
    expect(await insertBatches(gateway, [first])).toEqual([{ inserted: 0, duplicates: 10, merged: 0 }]);
    expect(lookups()).toBe(1);
    expect(await counts()).toEqual({ calls: 20, attempts: stored.attempts * 2 });
  });

  it('after-a-restart-a-replay-is-found-and-recent-calls-are-reloaded', async () => {
    const { gateway, lookups } = process_();
    expect(await insertBatches(gateway, [first])).toEqual([{ inserted: 0, duplicates: 10, merged: 0 }]);
    expect(lookups()).toBe(1);
    // The keys of the last hours were reloaded at start: a new batch needs no lookup.
    expect(await insertBatches(gateway, [batchOf(200)])).toEqual([{ inserted: 10, duplicates: 0, merged: 0 }]);
    expect(lookups()).toBe(1);
    expect((await counts()).calls).toBe(30);
  });

  it('after-a-restart-with-too-many-calls-to-preload-only-calls-near-the-stored-ones-are-looked-up', async () => {
    const { gateway, lookups } = process_();
    rememberUpTo(gateway, 4); // a preload of one call at most: the store holds 30
    // The stored calls reach 201 s: a batch at 225 s may overlap them (30 s for clocks), one at 250 s may not.
    expect(await insertBatches(gateway, [batchOf(225)])).toEqual([{ inserted: 10, duplicates: 0, merged: 0 }]);
    expect(lookups()).toBe(1);
    expect(await insertBatches(gateway, [batchOf(250)])).toEqual([{ inserted: 10, duplicates: 0, merged: 0 }]);
    expect(lookups()).toBe(1);
    expect((await counts()).calls).toBe(50);
  });

  it('a-second-instrumentation-of-a-stored-call-is-merged-not-counted-again', async () => {
    const { gateway, lookups } = process_();
    await insertBatches(gateway, []);
    const sdkCall = batchOf(300, 1).calls[0]!;
    const withMessage: CallRow = { ...sdkCall, callKey: 'msg:msg_01insert', tenant: '' };
    expect(await insertBatches(gateway, [{ calls: [withMessage], attempts: [] }])).toEqual([{ inserted: 1, duplicates: 0, merged: 0 }]);
    const lookupsBefore = lookups();
    // Another instrumentation's span of the same message, in another trace, a second later.
    const other: CallRow = {
      ...withMessage,
      traceId: 'f'.repeat(32),
      spanId: 'e'.repeat(16),
      startTimeNs: withMessage.startTimeNs + 1_000_000_000n,
      sourceRank: 1,
      instrumentation: 'genai',
      tenant: 'acme',
    };
    const [result] = await insertBatches(gateway, [{ calls: [other], attempts: [] }]);
    expect(result).toEqual({ inserted: 0, duplicates: 1, merged: 1 }); // it knew the tenant
    expect(lookups()).toBe(lookupsBefore + 1);
    expect((await counts()).calls).toBe(51);
  });

  it('two-spans-of-one-call-in-one-batch-of-new-calls-are-merged-into-one-call', async () => {
    const { gateway, lookups } = process_();
    const recentCalls = new RecentCalls();
    recentCalls.startAt(Number.NEGATIVE_INFINITY); // memory proves every call new: no lookup
    const before = (await counts()).calls;
    const batch = batchOf(350, 4);
    const sdkCall: CallRow = { ...batch.calls[1]!, callKey: 'msg:msg_01inbatch' };
    const other: CallRow = { ...sdkCall, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), sourceRank: 1, instrumentation: 'genai', tenant: 'acme' };
    const [result] = await insertBatches(gateway, [{ calls: [batch.calls[0]!, sdkCall, batch.calls[2]!, other, batch.calls[3]!], attempts: batch.attempts }], {
      recentCalls,
    });
    expect(result).toEqual({ inserted: 4, duplicates: 1, merged: 1 });
    expect(lookups()).toBe(0);
    expect((await counts()).calls).toBe(before + 4);
  });

  it('calls-forgotten-by-a-small-memory-are-looked-up-again-and-stay-single', async () => {
    const { gateway, lookups } = process_();
    const recentCalls = new RecentCalls(20, 2);
    recentCalls.startAt(Number.NEGATIVE_INFINITY); // as if the store were empty: only our own writes count
    const fresh = [batchOf(400), batchOf(500), batchOf(600)];
    for (const batch of fresh) await insertBatches(gateway, [batch], { recentCalls });
    expect(lookups()).toBe(0);
    expect(recentCalls.remembered).toBeLessThan(30);
    expect(await insertBatches(gateway, [fresh[0]!], { recentCalls })).toEqual([{ inserted: 0, duplicates: 10, merged: 0 }]);
    expect(lookups()).toBe(1);
    expect((await counts()).calls).toBe(85);
  });

  it('a-retraction-and-its-replacement-in-one-block-stay-two-rows-in-insert-order-until-a-merge', async () => {
    // Block inserts skip the merge at insert time (gateway BULK_INSERT_SETTINGS): the part keeps
    // both rows in the order sent, so signed sums over unmerged parts add up and FINAL keeps the
    // replacement (the last row of the sort key).
    const [before] = batchOf(700, 1).calls;
    const after: CallRow = { ...before!, outputTokens: before!.outputTokens + 7 };
    await store.insertColumns('t', store.table(CALLS_TABLE), CALL_COLUMNS, [
      { row: before!, version: { sign: -1, revision: true } },
      { row: after, version: { sign: 1, revision: true } },
    ]);
    const where = `WHERE span_id = {span:String}`;
    const [raw] = await store.query<{ rows: string; signs: string }>(
      't',
      `SELECT count() AS rows, sum(sign) AS signs FROM ${store.table(CALLS_TABLE)} ${where}`,
      {
        span: before!.spanId,
      },
    );
    expect([Number(raw!.rows), Number(raw!.signs)]).toEqual([2, 0]);
    const final = await store.query<{ sign: number; output_tokens: string }>(
      't',
      `SELECT sign, output_tokens FROM ${store.table(CALLS_TABLE)} FINAL ${where}`,
      {
        span: before!.spanId,
      },
    );
    expect(final.map((r) => [Number(r.sign), Number(r.output_tokens)])).toEqual([[1, after.outputTokens]]);
  });
});
