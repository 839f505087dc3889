// Budgets, alert rules, channels and alert state are small tables of current values, kept in
// ClickHouse as ReplacingMergeTree(version): a change or a removal is a new row with a higher
// version, and reads use FINAL so only the latest row of each key counts. A removal is a row
// with deleted = true, so a stale replica can never bring a removed row back.
import { mergeTreeEngine } from '../store/engines';
import type { Gateway } from '../store/gateway';

export function replacingEngine(gateway: Gateway, table: string): string {
  const base = mergeTreeEngine(gateway, 'ReplacingMergeTree', table);
  return base.endsWith('()') ? base.replace(/\(\)$/, '(version)') : base.replace(/\)$/, ', version)');
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

