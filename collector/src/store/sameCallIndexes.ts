// The skip indexes the writer's same-call lookup prunes by (callsTable.storedCallsLike): one each
// on span_id, parent_span_id and call_key. A lookup asks for the few calls memory could not prove
// new (recentCalls.ts), within an hour either side, and a granule is read when any asked id may
// be in it. At 1% false positives per id (migrations 1 and 2), 100 ids passed 610 of 1040
// granules of 8 million calls and the lookup took ~310 ms; at 1 in 10,000, 14 granules and ~80 ms
// (1,000 ids: 112 granules, 190 ms against 424). The indexes take 64 MiB there instead of 38, of
// 682 MiB of data (scratch measure with chDB 3.4, issue 13). A granule each: the same bits, and
// a false positive reads 8,192 rows, not 32,768.
import { CALLS_TABLE } from './callsTable';
import { onCluster } from './engines';
import type { Gateway } from './gateway';

export const SAME_CALL_INDEXES_MIGRATION = 55;

const INDEXED_COLUMNS = ['span_id', 'parent_span_id', 'call_key'] as const;
const LOOKUP_FALSE_POSITIVES = 0.0001;

/**
 * New indexes under new names, the old dropped: parts written from now on carry them. Older parts
 * are not rewritten; a lookup reaches only an hour back, so within the hour every part it reads
 * has them. Indexes live on the table that holds the data (the shard-local one on a cluster).
 */
export function sameCallIndexStatements(gateway: Gateway): string[] {
  const changes = INDEXED_COLUMNS.flatMap((column) => [
    `DROP INDEX IF EXISTS ${column}_bloom`,
    `ADD INDEX IF NOT EXISTS ${column}_lookup ${column} TYPE bloom_filter(${LOOKUP_FALSE_POSITIVES}) GRANULARITY 1`,
  ]);
  return [`ALTER TABLE ${gateway.localTable(CALLS_TABLE)}${onCluster(gateway)} ${changes.join(', ')}`];
}
