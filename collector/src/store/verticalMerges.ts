// The raw tables merge column by column (ClickHouse's vertical merge) at any size. A merge of
// parts below vertical_merge_algorithm_min_rows_to_activate (131,072 rows) is horizontal by
// default: it reads every column of every part at once and writes every column at once, each
// with its own buffers. Under load the writer's inserts are parts of ~20,000 calls; six of them
// (120,000 rows, 16 MB) took 330 MiB of the engine's memory in one horizontal merge of llm_calls,
// the largest single use of the collector's memory (MEMDBG run of npm run bench:ingest, issue
// 13). A vertical merge holds the sorting key's columns and then one other column at a time.
import { ATTEMPTS_TABLE } from './attemptsTable';
import { CALLS_TABLE } from './callsTable';
import { onCluster } from './engines';
import type { Gateway } from './gateway';

export const VERTICAL_MERGES_MIGRATION = 50;

export function verticalMergeStatements(gateway: Gateway): string[] {
  return [CALLS_TABLE, ATTEMPTS_TABLE].map(
    (table) => `ALTER TABLE ${gateway.localTable(table)}${onCluster(gateway)} MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 1`,
  );
}
