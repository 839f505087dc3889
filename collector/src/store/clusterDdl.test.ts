// The DDL a cluster gets (CLICKHOUSE_CLUSTER): rendered without a server, since no ClickHouse
// cluster can run here. The single-node DDL is exercised for real by every store test.
import { describe, expect, it } from 'vitest';
import type { Gateway } from './gateway';
import { MIGRATIONS } from './migrations';
import { DEFAULT_MODULES } from '../modules';

function renderingGateway(cluster?: string): Gateway {
  const table = (name: string) => `\`burnrate\`.\`${name}\``;
  return {
    database: 'burnrate',
    cluster,
    kind: 'server',
    table,
    localTable: (name) => table(cluster ? `${name}_local` : name),
    command: async () => undefined,
    query: async () => [],
    insert: async () => undefined,
    insertColumns: async () => undefined,
    insertBlocks: async () => undefined,
    ping: async () => true,
    close: async () => undefined,
  };
}

// Every migration the collector runs: the core's and each module's.
const render = (g: Gateway) => [...MIGRATIONS, ...DEFAULT_MODULES.flatMap((m) => m.migrations ?? [])].flatMap((m) => m.statements(g));

describe('cluster DDL', () => {
  const statements = render(renderingGateway('prod'));

  it('raw tables: a Replicated local table per shard and a Distributed table over them', () => {
    for (const name of ['llm_calls', 'llm_attempts']) {
      const local = statements.find((s) => s.includes(`\`burnrate\`.\`${name}_local\` ON CLUSTER \`prod\``))!;
      expect(local).toContain(`ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/burnrate/${name}_local', '{replica}')`);
      const distributed = statements.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS \`burnrate\`.\`${name}\` ON CLUSTER`))!;
      // Sharded by the dedupe key, so a retried span lands where its first copy is.
      expect(distributed).toContain(`AS \`burnrate\`.\`${name}_local\``);
      expect(distributed).toContain('ENGINE = Distributed(`prod`, `burnrate`, `' + name + '_local`, cityHash64(trace_id, span_id))');
    }
  });

  it('every statement runs ON CLUSTER and no engine is left unreplicated', () => {
    for (const statement of statements) {
      // DDL runs on every node; an INSERT (a backfill) runs once, into replicated tables.
      if (/^\s*INSERT INTO/.test(statement)) continue;
      expect(statement).toContain('ON CLUSTER `prod`');
      const engine = /ENGINE = (\w+)/.exec(statement)?.[1];
      // Null: a rollup feed, which keeps nothing (store/query/rollupFeeds.ts).
      if (engine) expect(engine, statement).toMatch(/^(Replicated\w+|Distributed|Null)$/);
    }
  });

  it('rollup feeds: a Null table on every node, fed from the Distributed raw table, feeding replicated rollups', () => {
    const feeds = statements.filter((s) => /CREATE TABLE IF NOT EXISTS \S+_feed` ON CLUSTER/.test(s));
    expect(feeds.length).toBe(4);
    for (const feed of feeds) expect(feed).toContain('ENGINE = Null');
    const feedViews = statements.filter((s) => /CREATE MATERIALIZED VIEW IF NOT EXISTS \S+_feed_mv` ON CLUSTER/.test(s));
    expect(feedViews.map((v) => /FROM `burnrate`\.`(\w+)`/.exec(v)![1]).sort()).toEqual(['llm_attempts', 'llm_attempts', 'llm_calls', 'llm_calls']);
  });

  it('without a cluster: plain engines, no ON CLUSTER, no Distributed', () => {
    const single = render(renderingGateway());
    expect(single.join('\n')).not.toMatch(/ON CLUSTER|Distributed|Replicated/);
    expect(single.find((s) => s.includes('`llm_calls`'))).toContain('ENGINE = ReplacingMergeTree()');
  });
});
