// Versioned, idempotent migrations applied at start-up. Each step's statements use IF NOT
// EXISTS, so re-running a half-applied step is safe; the log records what is done.
import { attemptLimitStatements, attemptsTableStatements } from './attemptsTable';
import { callCostLinesStatements, callIdentityStatements, callSessionStatements, callsTableStatements } from './callsTable';
import { CALL_KEY_ID_MIGRATION, callKeyIdStatements } from './callKeyId';
import { mergeTreeEngine, onCluster } from './engines';
import type { Gateway } from './gateway';
import { SAME_CALL_INDEXES_MIGRATION, sameCallIndexStatements } from './sameCallIndexes';
import { VERTICAL_MERGES_MIGRATION, verticalMergeStatements } from './verticalMerges';

export interface Migration {
  version: number;
  name: string;
  statements: (gateway: Gateway) => string[];
}

export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'calls and attempts', statements: (g) => [...callsTableStatements(g), ...attemptsTableStatements(g)] },
  { version: 2, name: 'call identity: call key, source rank, sign for corrections', statements: callIdentityStatements },
  { version: 12, name: 'call cost lines and price source', statements: callCostLinesStatements },
  { version: 30, name: 'attempt limit class, wasted retries, unified usage windows', statements: attemptLimitStatements },
  { version: CALL_KEY_ID_MIGRATION, name: 'the ingest key that sent each call', statements: callKeyIdStatements },
  { version: 45, name: 'call session id', statements: callSessionStatements },
  { version: VERTICAL_MERGES_MIGRATION, name: 'raw tables merge column by column at any size', statements: verticalMergeStatements },
  { version: SAME_CALL_INDEXES_MIGRATION, name: 'same-call lookup indexes at 1 in 10,000 false positives', statements: sameCallIndexStatements },
];

const LOG_TABLE = 'schema_migrations';

/** Extra migrations (from other stages: rollups, budgets, alerts) register here before start. */
export async function migrate(gateway: Gateway, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const log = gateway.table(LOG_TABLE);
  await gateway.command('create-database', `CREATE DATABASE IF NOT EXISTS \`${gateway.database}\`${onCluster(gateway)}`);
  await gateway.command(
    'migrations-log',
    `CREATE TABLE IF NOT EXISTS ${log}${onCluster(gateway)} (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
     ENGINE = ${mergeTreeEngine(gateway, 'ReplacingMergeTree', LOG_TABLE)} ORDER BY version`,
  );
  const done = new Set((await gateway.query<{ version: number }>('migrations-applied', `SELECT DISTINCT version FROM ${log}`)).map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.statements(gateway)) await gateway.command(`migration-${migration.version}`, statement);
    await gateway.insert('migrations-record', log, [{ version: migration.version, name: migration.name }]);
    applied.push(migration.version);
  }
  return applied;
}
