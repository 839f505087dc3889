// Table engines for one server or a cluster: with a cluster, each table is Replicated and the
// DDL runs ON CLUSTER, so ClickHouse does the distribution.
import type { Gateway } from './gateway';

export function onCluster(gateway: Gateway): string {
  return gateway.cluster ? ` ON CLUSTER \`${gateway.cluster}\`` : '';
}

export function mergeTreeEngine(gateway: Gateway, family: 'MergeTree' | 'ReplacingMergeTree' | 'SummingMergeTree' | 'AggregatingMergeTree', table: string): string {
  if (!gateway.cluster) return `${family}()`;
  return `Replicated${family}('/clickhouse/tables/{shard}/${gateway.database}/${table}', '{replica}')`;
}
