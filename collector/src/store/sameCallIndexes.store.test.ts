// The same-call lookup's skip indexes (sameCallIndexes.ts): what the engine reports after the
// migrations, on a fresh store and on one upgraded with calls already in it; on a cluster, where
// they go; and that a lookup of a hundred calls reads a few granules of a table, not most of it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { removeTestDir } from '../../../test/support/removeTestDir';
import { CALLS_TABLE, storedCallsLike } from './callsTable';
import { openGateway, type Gateway } from './gateway';
import { migrate, MIGRATIONS } from './migrations';
import { SAME_CALL_INDEXES_MIGRATION, sameCallIndexStatements } from './sameCallIndexes';

let dir: string;
const opened: Gateway[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'burnrate-same-call-indexes-'));
});
afterAll(async () => {
  for (const store of opened) await store.close();
  removeTestDir(dir);
});

// The engine holds one data directory per process: each test's store closes the one before.
async function storeNamed(database: string): Promise<Gateway> {
  await opened.pop()?.close();
  const store = await openGateway({ kind: 'embedded', dataDir: join(dir, database), database });
  opened.push(store);
  return store;
}

const indexesOf = (store: Gateway, database: string) =>
  store.query<{ name: string; expr: string; type_full: string; granularity: number }>(
    'test',
    `SELECT name, expr, type_full, granularity FROM system.data_skipping_indices
     WHERE database = {database:String} AND table = {table:String} AND expr IN ('span_id', 'parent_span_id', 'call_key') ORDER BY name`,
    { database, table: CALLS_TABLE },
  );

const LOOKUP_INDEXES = ['call_key', 'parent_span_id', 'span_id'].map((column) => ({
  name: `${column}_lookup`,
  expr: column,
  type_full: 'bloom_filter(0.0001)',
  granularity: 1,
}));

it('a fresh store indexes the three lookup columns at 1 in 10,000 false positives, a granule each, and nothing else on them', async () => {
  const store = await storeNamed('fresh_indexes');
  await migrate(store, MIGRATIONS);
  expect((await indexesOf(store, 'fresh_indexes')).map((i) => ({ ...i, granularity: Number(i.granularity) }))).toEqual(LOOKUP_INDEXES);
});

it('an upgraded store swaps the old indexes and keeps its calls', async () => {
  const store = await storeNamed('upgraded_indexes');
  await migrate(
    store,
    MIGRATIONS.filter((m) => m.version < SAME_CALL_INDEXES_MIGRATION),
  );
  expect((await indexesOf(store, 'upgraded_indexes')).map((i) => i.name)).toEqual(['call_key_bloom', 'parent_span_id_bloom', 'span_id_bloom']);
  await store.command(
    'test',
    `INSERT INTO ${store.table(CALLS_TABLE)} (trace_id, span_id, call_key, start_time) SELECT 't' || toString(number), 's' || toString(number), 'k' || toString(number), now64(6) FROM numbers(1000)`,
  );
  await migrate(store, MIGRATIONS);
  expect((await indexesOf(store, 'upgraded_indexes')).map((i) => ({ ...i, granularity: Number(i.granularity) }))).toEqual(LOOKUP_INDEXES);
  const [found] = await store.query<{ n: number }>('test', `SELECT count() AS n FROM ${store.table(CALLS_TABLE)} WHERE span_id = 's999' OR call_key = 'k1'`);
  expect(Number(found!.n)).toBe(2);
});

it('on a cluster, the indexes go to the shard-local table on every node', async () => {
  const store = await storeNamed('cluster_indexes');
  const statements = sameCallIndexStatements({ ...store, cluster: 'prod', localTable: (name) => `\`db\`.\`${name}_local\`` });
  expect(statements).toEqual([
    expect.stringMatching(new RegExp(`^ALTER TABLE \`db\`\\.\`${CALLS_TABLE}_local\` ON CLUSTER \`prod\` DROP INDEX IF EXISTS span_id_bloom`)),
  ]);
});

it('a lookup of a hundred calls, one of them stored, reads a few granules of 400,000 calls and finds that one', async () => {
  const store = await storeNamed('pruned_lookup');
  await migrate(store, MIGRATIONS);
  const startNs = BigInt(Date.now()) * 1_000_000n;
  // Ids as random as real ones, so the sort key (by trace) scatters them over the granules.
  await store.command(
    'test',
    `INSERT INTO ${store.table(CALLS_TABLE)} (trace_id, span_id, parent_span_id, call_key, start_time, service_name)
     SELECT hex(cityHash64(number, 1)), hex(cityHash64(number, 2)), hex(cityHash64(number, 3)), 'msg:' || hex(cityHash64(number, 4)),
       fromUnixTimestamp64Nano(toInt64(${startNs})), 'svc' FROM numbers(400000)`,
  );
  const [one] = await store.query<{ trace_id: string; span_id: string; parent_span_id: string; call_key: string }>(
    'test',
    `SELECT trace_id, span_id, parent_span_id, call_key FROM ${store.table(CALLS_TABLE)} WHERE span_id = hex(cityHash64(123456, 2))`,
  );
  const absent = Array.from({ length: 99 }, (_, i) => ({
    callKey: `msg:absent-${i}`,
    traceId: `trace-absent-${i}`,
    spanId: `span-absent-${i}`,
    parentSpanId: `parent-absent-${i}`,
    startTimeNs: startNs,
  }));
  const storedOne = { callKey: one!.call_key, traceId: one!.trace_id, spanId: one!.span_id, parentSpanId: one!.parent_span_id, startTimeNs: startNs };
  // The engine refuses a statement that would read more: three lookups of a few 8,192-row granules each fit.
  const limited: Gateway = { ...store, query: (tag, sql, params, extra) => store.query(tag, sql, params, { ...extra, max_rows_to_read: 100_000 }) };
  const found = await storedCallsLike(limited, [...absent.slice(0, 50), storedOne, ...absent.slice(50)]);
  expect(found.map((call) => call.spanId)).toEqual([one!.span_id]);
}, 60_000);
