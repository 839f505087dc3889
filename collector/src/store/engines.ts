// Table engines for one server or a cluster (CLICKHOUSE_CLUSTER). On a cluster:
// - the raw tables (one row per call or attempt) are sharded: a Replicated table `<name>_local`
//   on every shard, and a Distributed table `<name>` over them, sharded by (trace id, span id) so
//   an exporter's retry lands on the shard that holds the first copy and still collapses;
// - every other table (rollups, budgets, rules, keys) is replicated to every node, so any node
//   reads it whole. Rollup views fire on inserts into the Distributed table, once per insert.
import type { Gateway } from './gateway';

export type MergeTreeFamily = 'MergeTree' | 'ReplacingMergeTree' | 'SummingMergeTree' | 'AggregatingMergeTree';

export function onCluster(gateway: Gateway): string {
  return gateway.cluster ? ` ON CLUSTER \`${gateway.cluster}\`` : '';
}

/** A table replicated to every node of the cluster (or a plain one without a cluster). `engineArgs`: the family's own parameters, e.g. a version column. */
export function mergeTreeEngine(gateway: Gateway, family: MergeTreeFamily, table: string, engineArgs = ''): string {
  if (!gateway.cluster) return `${family}(${engineArgs})`;
  const replication = `'/clickhouse/tables/all/${gateway.database}/${table}', '{replica}'`;
  return `Replicated${family}(${replication}${engineArgs ? `, ${engineArgs}` : ''})`;
}

export interface ShardedTableSpec {
  name: string;
  /** Column and index definitions, without the parentheses. */
  columns: string;
  family: MergeTreeFamily;
  partitionBy: string;
  orderBy: string;
  /** Which shard a row belongs to, on a cluster. */
  shardingKey: string;
}

export function shardedTableStatements(gateway: Gateway, spec: ShardedTableSpec): string[] {
  const layout = `PARTITION BY ${spec.partitionBy}\n  ORDER BY ${spec.orderBy}`;
  if (!gateway.cluster) {
    return [`CREATE TABLE IF NOT EXISTS ${gateway.table(spec.name)} (${spec.columns})\n  ENGINE = ${spec.family}()\n  ${layout}`];
  }
  const local = `${spec.name}_local`;
  const replication = `'/clickhouse/tables/{shard}/${gateway.database}/${local}', '{replica}'`;
  return [
    `CREATE TABLE IF NOT EXISTS ${gateway.localTable(spec.name)}${onCluster(gateway)} (${spec.columns})\n  ENGINE = Replicated${spec.family}(${replication})\n  ${layout}`,
    `CREATE TABLE IF NOT EXISTS ${gateway.table(spec.name)}${onCluster(gateway)} AS ${gateway.localTable(spec.name)}\n  ENGINE = Distributed(\`${gateway.cluster}\`, \`${gateway.database}\`, \`${local}\`, ${spec.shardingKey})`,
  ];
}
