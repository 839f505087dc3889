// Rollups rolled up from a finer one share a feed. A view over the raw rows costs the insert per
// call (the GROUP BY, a latency sketch per call per view): with a view per rollup, nine views read
// every call. A chain's finest rollup (its root) now groups the raw rows once, into a Null table
// (its feed, which keeps nothing), and every rollup of the chain, the root included, is filled by
// a view over the feed's already grouped rows, a few hundred per insert. A feed carries the
// measures of every rollup fed from it, so a rollup with sums of its own (the cost lines) adds
// columns to its root's GROUP BY, not a GROUP BY of its own. Three views read every call or
// attempt (the detail, user and attempts roots); the storm one reads only 429s and 529s, and the
// rate-limit one its own.
// A feed rather than the root's own table: a backfill or a repair (rollupIntegrity.ts) inserts
// into one rollup table directly, and must not reach the rollups chained to it.
import { onCluster } from '../engines';
import type { Gateway } from '../gateway';
import type { Migration } from '../migrations';
import { RATE_LIMITS_HOURLY, ROLLUPS, rollupColumnDefinitions, selectForRollup, timeColumn, type RollupDef } from './rollups';

const rootOf = (def: RollupDef): RollupDef => (def.rolledFrom ? rootOf(def.rolledFrom) : def);

export const feedTable = (root: RollupDef): string => `${root.table}_feed`;

/** Rollups filled from a feed: those rolled up from another, and the roots they come from. */
export const FED_ROLLUPS: readonly RollupDef[] = ROLLUPS.filter((def) => def.rolledFrom || ROLLUPS.some((other) => other.rolledFrom && rootOf(other) === def));

const ROOTS = [...new Set(FED_ROLLUPS.map(rootOf))];

/** The views that read raw rows (what a bulk load detaches while it copies raw rows in). */
export const RAW_VIEWS: readonly string[] = [
  ...ROOTS.map((root) => `${feedTable(root)}_mv`),
  ...[...ROLLUPS, RATE_LIMITS_HOURLY].filter((def) => !FED_ROLLUPS.includes(def)).map((def) => `${def.table}_mv`),
];

/**
 * The feed of a root: its dimensions, and the measures of every rollup fed from it (a rollup may
 * add measures of its own, e.g. the cost lines' sums beside the detail rollup's).
 */
function feedDefinition(root: RollupDef): RollupDef {
  const measures = new Map<string, RollupDef['measures'][number]>();
  for (const def of FED_ROLLUPS.filter((d) => rootOf(d) === root)) {
    for (const measure of def.measures) {
      const seen = measures.get(measure.name);
      if (seen && (seen.expr !== measure.expr || seen.type !== measure.type)) {
        throw new Error(`rollups fed from ${root.table} define measure ${measure.name} two ways`);
      }
      measures.set(measure.name, measure);
    }
  }
  return { ...root, table: feedTable(root), measures: [...measures.values()] };
}

/** A fed rollup's view: the feed's grouped rows combined to this rollup's grain and dimensions. */
function selectFromFeed(gateway: Gateway, def: RollupDef, root: RollupDef): string {
  const time = def.grain === root.grain ? timeColumn(def) : `toDateTime(toStartOfDay(${timeColumn(root)}), 'UTC') AS ${timeColumn(def)}`;
  const columns = [time, ...def.dims.map((d) => d.name), ...def.measures.map((m) => `${m.rollUp!} AS ${m.name}`)];
  return `SELECT ${columns.join(', ')}
    FROM ${gateway.table(feedTable(root))}
    GROUP BY ${[timeColumn(def), ...def.dims.map((d) => d.name)].join(', ')}`;
}

/**
 * The fed rollups' views over raw rows (migrations 100–131) are replaced by the feeds. The rows
 * already rolled up stay as they are, and migrations run before the writer takes anything, so no
 * insert falls between the old views and the new.
 */
function feedStatements(gateway: Gateway): string[] {
  const view = (name: string) => gateway.table(`${name}_mv`);
  return [
    ...FED_ROLLUPS.map((def) => `DROP VIEW IF EXISTS ${view(def.table)}${onCluster(gateway)}`),
    ...ROOTS.map(feedDefinition).flatMap((feed) => [
      `CREATE TABLE IF NOT EXISTS ${gateway.table(feed.table)}${onCluster(gateway)} (${rollupColumnDefinitions(feed)}) ENGINE = Null`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS ${view(feed.table)}${onCluster(gateway)} TO ${gateway.table(feed.table)} AS ${selectForRollup(gateway, feed, false)}`,
    ]),
    ...FED_ROLLUPS.map(
      (def) =>
        `CREATE MATERIALIZED VIEW IF NOT EXISTS ${view(def.table)}${onCluster(gateway)} TO ${gateway.table(def.table)} AS ${selectFromFeed(gateway, def, rootOf(def))}`,
    ),
  ];
}

export const ROLLUP_FEEDS_MIGRATION_VERSION = 150;

export const rollupFeedMigrations: Migration[] = [
  {
    version: ROLLUP_FEEDS_MIGRATION_VERSION,
    name: 'rollups rolled up from a finer one share its feed: three views read every call, not nine',
    statements: feedStatements,
  },
];
