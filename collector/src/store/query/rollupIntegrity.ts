// Rollups always equal their raw rows. Two parts, chosen by measurement (issue 21, see the
// closing note's figures):
// - Prevention: every raw table and rollup keeps a window of recent insert blocks, and the
//   gateway asks dependent views to check it too. A retried insert (the gateway's own retry, or a
//   replayed batch with the same deduplication token) is then skipped by the table and by each
//   view that already took it, and pushed to a view that missed it. This costs the insert little
//   (a hash per block); building rollups from raw rows per batch would cost a query per batch.
// - Repair: an insert that failed partway (disk full while pushing to one view) leaves some views
//   without rows that the raw table kept, and a later re-plan of the batch sees the calls stored
//   and sends nothing. verifyRollups compares raw and rollup totals per bucket and rebuilds a
//   bucket that differs from the raw rows (FINAL: one row per call).
import type { RollupBucketTotals, RollupVerifyResponse } from '@burnrate/contract';
import type { Gateway } from '../gateway';
import type { Migration } from '../migrations';
import { ATTEMPTS_TABLE } from '../attemptsTable';
import { CALLS_TABLE } from '../callsTable';
import { DEDUP_WINDOW, insertColumns, ROLLUPS, RATE_LIMITS_HOURLY, rebuildSelect, timeColumn, type RollupDef } from './rollups';

export { DEDUP_WINDOW };

export const ROLLUP_INTEGRITY_MIGRATION_VERSION = 130;

export const rollupIntegrityMigrations: Migration[] = [
  {
    version: ROLLUP_INTEGRITY_MIGRATION_VERSION,
    name: 'a retried insert counts once: a deduplication window on the raw tables and the rollups',
    // Replicated tables (a cluster) deduplicate by default (replicated_deduplication_window).
    statements: (gateway) =>
      gateway.cluster
        ? []
        : [CALLS_TABLE, ATTEMPTS_TABLE, ...[...ROLLUPS, RATE_LIMITS_HOURLY].map((def) => def.table)].map(
            (table) => `ALTER TABLE ${gateway.table(table)} MODIFY SETTING non_replicated_deduplication_window = ${DEDUP_WINDOW}`,
          ),
  },
];

export interface BucketTotals {
  calls: bigint;
  tokens: bigint;
  costNano: bigint;
}

export interface RollupDrift {
  rollup: string;
  /** The bucket's start (an hour, or a UTC day for a daily rollup), ISO 8601. */
  bucket: string;
  raw: BucketTotals;
  rolled: BucketTotals;
  /** Rebuilt from the raw rows; `after` is what the rollup holds then. */
  repaired: boolean;
  after?: BucketTotals;
  /** Not repaired because rows may still be arriving for it. */
  unsettled?: boolean;
}

export interface RollupVerifyReport {
  from: Date;
  to: Date;
  rollups: string[];
  bucketsChecked: number;
  drift: RollupDrift[];
}

export interface VerifyOptions {
  from: Date;
  to: Date;
  repair: boolean;
  now?: Date;
  /**
   * How long ago a bucket must have ended to be rebuilt (default SETTLE_MS). 0 only where no
   * insert can be in flight: the writer's own check after a replay, between two of its inserts.
   */
  settleMs?: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A bucket that ended less than this long ago may have an insert in flight; it is not rebuilt. */
export const SETTLE_MS = 2 * 60_000;

const ZERO: BucketTotals = { calls: 0n, tokens: 0n, costNano: 0n };
const TOKENS = ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens'];

// What each source counts per row, and what a rollup of it sums; 64-bit integers as strings, exact.
const RAW_TOTALS: Record<RollupDef['source'], string> = {
  calls: `toString(count()) AS calls, toString(sum(${TOKENS.join(' + ')})) AS tokens, toString(sum(ifNull(cost_nano_usd, 0))) AS cost`,
  attempts: `toString(count()) AS calls, '0' AS tokens, '0' AS cost`,
};
/** The measure that counts a rollup's rows of its source: calls, attempts, or the 429/529 attempts. */
const countColumn = (def: RollupDef): string => ['calls', 'attempts', 'storm_attempts'].find((name) => def.measures.some((m) => m.name === name))!;
// Signed sums are stored modulo 2^64 (rollups.ts): read back as Int64 they are exact.
const rolledTotals = (def: RollupDef): string =>
  def.source === 'calls'
    ? `toString(toInt64(sum(calls))) AS calls, toString(toInt64(sum(${TOKENS.join(' + ')}))) AS tokens, toString(sum(cost_nano)) AS cost`
    : `toString(toInt64(sum(${countColumn(def)}))) AS calls, '0' AS tokens, '0' AS cost`;

interface TotalsRow {
  bucket: string;
  calls: string;
  tokens: string;
  cost: string;
}

const toTotals = (row: TotalsRow): BucketTotals => ({ calls: BigInt(row.calls), tokens: BigInt(row.tokens), costNano: BigInt(row.cost) });
const same = (a: BucketTotals, b: BucketTotals) => a.calls === b.calls && a.tokens === b.tokens && a.costNano === b.costNano;
const add = (a: BucketTotals, b: BucketTotals): BucketTotals => ({ calls: a.calls + b.calls, tokens: a.tokens + b.tokens, costNano: a.costNano + b.costNano });
const bucketMs = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);
const chTime = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');

const dateParams = (from: Date, to: Date) => ({ from: chTime(from), to: chTime(to) });

/** Raw totals per hour of one source over [from, to): its current rows only (FINAL, sign > 0), those `where` keeps. */
async function rawHours(gateway: Gateway, source: RollupDef['source'], from: Date, to: Date, where?: string): Promise<Map<number, BucketTotals>> {
  const table = source === 'calls' ? CALLS_TABLE : ATTEMPTS_TABLE;
  const rows = await gateway.query<TotalsRow>(
    'verify-raw',
    `SELECT toStartOfHour(start_time) AS bucket, ${RAW_TOTALS[source]}
     FROM ${gateway.table(table)} FINAL
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}${source === 'calls' ? ' AND sign > 0' : ''}${where ? ` AND (${where})` : ''}
     GROUP BY bucket`,
    dateParams(from, to),
  );
  return new Map(rows.map((row) => [bucketMs(row.bucket), toTotals(row)]));
}

function byDay(hours: Map<number, BucketTotals>): Map<number, BucketTotals> {
  const days = new Map<number, BucketTotals>();
  for (const [hour, totals] of hours) {
    const day = hour - (hour % DAY_MS);
    days.set(day, add(days.get(day) ?? ZERO, totals));
  }
  return days;
}

async function rolledBuckets(gateway: Gateway, def: RollupDef, from: Date, to: Date, only?: number[]): Promise<Map<number, BucketTotals>> {
  const time = timeColumn(def);
  const rows = await gateway.query<TotalsRow>(
    'verify-rollup',
    `SELECT ${time} AS bucket, ${rolledTotals(def)}
     FROM ${gateway.table(def.table)}
     WHERE ${time} >= {from:DateTime('UTC')} AND ${time} < {to:DateTime('UTC')}${only ? ` AND ${time} IN {buckets:Array(DateTime('UTC'))}` : ''}
     GROUP BY bucket`,
    { from: chTime(from).slice(0, 19), to: chTime(to).slice(0, 19), buckets: (only ?? []).map((ms) => chTime(new Date(ms)).slice(0, 19)) },
  );
  return new Map(rows.map((row) => [bucketMs(row.bucket), toTotals(row)]));
}

/**
 * Replace a rollup's rows of these buckets with ones built from the raw rows. The delete waits
 * for its mutation; the insert skips deduplication (a rebuilt bucket can equal an earlier block).
 */
export async function rebuildBuckets(gateway: Gateway, def: RollupDef, buckets: number[]): Promise<void> {
  if (buckets.length === 0) return;
  const time = timeColumn(def);
  const width = def.grain === 'hour' ? HOUR_MS : DAY_MS;
  const list = buckets.map((ms) => chTime(new Date(ms)).slice(0, 19));
  const from = chTime(new Date(Math.min(...buckets)));
  const to = chTime(new Date(Math.max(...buckets) + width));
  await gateway.command(
    'verify-repair-delete',
    `ALTER TABLE ${gateway.table(def.table)} DELETE WHERE ${time} IN {buckets:Array(DateTime('UTC'))} SETTINGS mutations_sync = 2`,
    { buckets: list },
  );
  const select = rebuildSelect(gateway, def).replace('GROUP BY', `AND ${time} IN {buckets:Array(DateTime('UTC'))}\n    GROUP BY`);
  await gateway.command('verify-repair-insert', `INSERT INTO ${gateway.table(def.table)} ${insertColumns(def)} SETTINGS insert_deduplicate = 0 ${select}`, {
    from,
    to,
    buckets: list,
  });
}

/** The range widened to whole UTC days, so daily buckets compare whole days. */
export function verifyRange(from: Date, to: Date): { from: Date; to: Date } {
  const start = from.getTime() - (from.getTime() % DAY_MS);
  const end = to.getTime() % DAY_MS === 0 ? to.getTime() : to.getTime() - (to.getTime() % DAY_MS) + DAY_MS;
  return { from: new Date(start), to: new Date(end) };
}

/**
 * Compares every rollup with its raw rows bucket by bucket over [from, to) widened to whole days
 * (calls, tokens, nano-dollars; attempts), and with `repair` rebuilds each differing bucket that
 * has settled. The rate-limit rollup has no totals to compare; its hours are rebuilt with any
 * calls hour that differed.
 */
export async function verifyRollups(gateway: Gateway, options: VerifyOptions): Promise<RollupVerifyReport> {
  const { from, to } = verifyRange(options.from, options.to);
  const now = (options.now ?? new Date()).getTime();
  const settleMs = options.settleMs ?? SETTLE_MS;
  // One read of the raw rows per source and row selection (the storm rollups keep only 429s and 529s).
  const raw = new Map<string, Map<number, BucketTotals>>();
  const rawOf = async (def: RollupDef) => {
    const key = `${def.source}\n${def.where ?? ''}`;
    if (!raw.has(key)) raw.set(key, await rawHours(gateway, def.source, from, to, def.where));
    return raw.get(key)!;
  };
  const drift: RollupDrift[] = [];
  let bucketsChecked = 0;
  const repairedCallHours = new Set<number>();
  for (const def of ROLLUPS) {
    const expected = def.grain === 'hour' ? await rawOf(def) : byDay(await rawOf(def));
    const width = def.grain === 'hour' ? HOUR_MS : DAY_MS;
    const rolled = await rolledBuckets(gateway, def, from, to);
    const keys = [...new Set([...expected.keys(), ...rolled.keys()])].sort((a, b) => a - b);
    bucketsChecked += keys.length;
    const found = keys
      .filter((k) => !same(expected.get(k) ?? ZERO, rolled.get(k) ?? ZERO))
      .map((k): RollupDrift & { ms: number } => ({
        ms: k,
        rollup: def.table,
        bucket: new Date(k).toISOString(),
        raw: expected.get(k) ?? ZERO,
        rolled: rolled.get(k) ?? ZERO,
        repaired: false,
        ...(k + width > now - settleMs ? { unsettled: true } : {}),
      }));
    const toRepair = options.repair ? found.filter((d) => !d.unsettled) : [];
    if (toRepair.length > 0) {
      await rebuildBuckets(
        gateway,
        def,
        toRepair.map((d) => d.ms),
      );
      const after = await rolledBuckets(
        gateway,
        def,
        from,
        to,
        toRepair.map((d) => d.ms),
      );
      for (const d of toRepair) {
        d.repaired = true;
        d.after = after.get(d.ms) ?? ZERO;
        if (def.source === 'calls') for (let h = d.ms; h < d.ms + width; h += HOUR_MS) repairedCallHours.add(h);
      }
    }
    drift.push(...found.map(({ ms: _ms, ...d }) => d));
  }
  if (repairedCallHours.size > 0) await rebuildBuckets(gateway, RATE_LIMITS_HOURLY, [...repairedCallHours]);
  return { from, to, rollups: ROLLUPS.map((d) => d.table), bucketsChecked, drift };
}

const totalsJson = (t: BucketTotals): RollupBucketTotals => ({ calls: Number(t.calls), tokens: Number(t.tokens), costNanoUsd: t.costNano.toString() });

/** The report as the API and the CLI give it. */
export function verifyResponse(report: RollupVerifyReport, repair: boolean): RollupVerifyResponse {
  return {
    from: report.from.toISOString(),
    to: report.to.toISOString(),
    repair,
    rollups: report.rollups,
    bucketsChecked: report.bucketsChecked,
    drift: report.drift.map(({ after, ...d }) => ({
      ...d,
      raw: totalsJson(d.raw),
      rolled: totalsJson(d.rolled),
      ...(after ? { after: totalsJson(after) } : {}),
    })),
  };
}

/** The default range: the last 7 days. */
export const DEFAULT_VERIFY_DAYS = 7;
