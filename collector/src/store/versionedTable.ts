// Small tables of current values (budgets, alert rules, channels, alert state, keys, people) are
// kept in ClickHouse as ReplacingMergeTree(version): a change or a removal is a new row with a
// higher version, and reads use FINAL so only the latest row of each key counts. A removal is a
// row with deleted = true, so a stale replica can never bring a removed row back.
import { mergeTreeEngine } from './engines';
import type { Gateway } from './gateway';

export function replacingEngine(gateway: Gateway, table: string): string {
  return mergeTreeEngine(gateway, 'ReplacingMergeTree', table, 'version');
}

let lastVersion = 0;

/**
 * Microseconds since the epoch, strictly increasing within this process, so two changes in the
 * same millisecond keep their order; across restarts the clock keeps it.
 */
export function nextVersion(now = Date.now()): number {
  lastVersion = Math.max(lastVersion + 1, now * 1000);
  return lastVersion;
}

/** list() and get(id) over a versioned table keyed by `id`, skipping removed rows. */
export function versionedReader<T>(table: string, tag: string, select: string, toRecord: (row: unknown) => T) {
  return {
    list: async (gateway: Gateway): Promise<T[]> =>
      (await gateway.query(`${tag}-list`, `${select} FROM ${gateway.table(table)} FINAL WHERE NOT deleted ORDER BY created_at, name, id`)).map(toRecord),
    get: async (gateway: Gateway, id: string): Promise<T | undefined> => {
      const rows = await gateway.query(`${tag}-get`, `${select} FROM ${gateway.table(table)} FINAL WHERE id = {id:String} AND NOT deleted`, { id });
      return rows.length > 0 ? toRecord(rows[0]) : undefined;
    },
  };
}
