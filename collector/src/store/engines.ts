// Table engines for one server or a cluster: with a cluster, each table is Replicated and the
// DDL runs ON CLUSTER, so ClickHouse does the distribution.
import type { Gateway } from './gateway';

export function onCluster(gateway: Gateway): string {
  return gateway.cluster ? ` ON CLUSTER \`${gateway.cluster}\`` : '';
}

/** `engineArgs`: the family's own parameters, e.g. the version column of a ReplacingMergeTree. */
export function mergeTreeEngine(
  gateway: Gateway,
  family: 'MergeTree' | 'ReplacingMergeTree' | 'SummingMergeTree' | 'AggregatingMergeTree',
  table: string,
  engineArgs = '',
): string {
  if (!gateway.cluster) return `${family}(${engineArgs})`;
  const replication = `'/clickhouse/tables/{shard}/${gateway.database}/${table}', '{replica}'`;
  return `Replicated${family}(${replication}${engineArgs ? `, ${engineArgs}` : ''})`;
}
