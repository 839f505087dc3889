// The raw tables merge column by column at any size (verticalMerges.ts): the setting is on each
// table as the engine reports it, and on a cluster it goes to the shard-local tables.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { removeTestDir } from '../../../test/support/removeTestDir';
import { ATTEMPTS_TABLE } from './attemptsTable';
import { CALLS_TABLE } from './callsTable';
import { openGateway, type Gateway } from './gateway';
import { migrate, MIGRATIONS } from './migrations';
import { verticalMergeStatements } from './verticalMerges';

let dir: string;
let store: Gateway;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'burnrate-vertical-'));
  store = await openGateway({ kind: 'embedded', dataDir: dir, database: 'vertical_test' });
  await migrate(store, MIGRATIONS);
});
afterAll(async () => {
  await store?.close();
  removeTestDir(dir);
});

it('llm_calls and llm_attempts merge vertically from the first row', async () => {
  for (const table of [CALLS_TABLE, ATTEMPTS_TABLE]) {
    const [row] = await store.query<{ engine_full: string }>(
      'test',
      `SELECT engine_full FROM system.tables WHERE database = 'vertical_test' AND name = {name:String}`,
      { name: table },
    );
    expect(row!.engine_full, table).toMatch(/SETTINGS .*vertical_merge_algorithm_min_rows_to_activate = 1\b/);
  }
});

it('on a cluster, the setting goes to every shard-local table', () => {
  const statements = verticalMergeStatements({ ...store, cluster: 'prod', localTable: (name) => `\`vertical_test\`.\`${name}_local\`` });
  expect(statements).toEqual([CALLS_TABLE, ATTEMPTS_TABLE].map((t) => expect.stringContaining(`\`${t}_local\` ON CLUSTER \`prod\` MODIFY SETTING`)));
});
