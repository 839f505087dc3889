// The limits module's reads, each bounded in time: refusals by class, the spend limits' month,
// the caps and limits in force, the unified usage windows.
import { LIMIT_CLASSES, SPEND_LIMIT_CLASSES, type LimitClass } from '@burnrate/contract';
import { ATTEMPTS_TABLE } from '../store/attemptsTable';
import { CALLS_TABLE } from '../store/callsTable';
import type { Gateway } from '../store/gateway';
import { z } from 'zod';
import { chBigInt, chCount, chDateTime, chFloat } from '../store/chValues';
import { dateToDateTime64 } from '../store/time';
import { queryRows } from '../store/typedQuery';
import type { RefusalBucket, RefusalsResponse } from '@burnrate/contract';

const DT = "DateTime64(6, 'UTC')";
const range = (from: Date, to: Date) => ({ from: dateToDateTime64(from), to: dateToDateTime64(to) });
const refusalBucketRow = z.object({ t: chDateTime, limit_class: z.string(), attempts: chCount, wasted: chCount });
const refusalTotalRow = z.object({ limit_class: z.string(), attempts: chCount, wasted: chCount, detail: z.string() });
const countRow = z.object({ n: chCount });
// last_ok and first_after_ok: the epoch when the join or the condition found nothing.
const inForceRow = z.object({
  limit_class: z.string(),
  account: z.string(),
  last_refused: chDateTime,
  last_ok: chDateTime.nullable(),
  resumes_at: chCount.nullable(),
  first_after_ok: chDateTime,
});
const dailySpendRow = z.object({ day: z.string(), spent: chBigInt, unpriced: chCount });
const usageWindowRow = z.object({
  account: z.string(),
  service_name: z.string(),
  t: chDateTime,
  u5: chFloat,
  r5: chCount.nullable(),
  u7: chFloat,
  r7: chCount.nullable(),
});
const asClass = (value: string): LimitClass => ((LIMIT_CLASSES as readonly string[]).includes(value) ? (value as LimitClass) : 'other');

export async function refusalsByClass(
  gateway: Gateway,
  from: Date,
  to: Date,
  intervalMinutes: number,
): Promise<Omit<RefusalsResponse, 'from' | 'to' | 'intervalMinutes'>> {
  const table = gateway.table(ATTEMPTS_TABLE);
  const where = `start_time >= {from:${DT}} AND start_time < {to:${DT}} AND limit_class != ''`;
  const rows = await queryRows(
    gateway,
    'limits-refusals',
    refusalBucketRow,
    `SELECT toStartOfInterval(start_time, INTERVAL {interval:UInt32} MINUTE) AS t, limit_class, count() AS attempts, countIf(wasted) AS wasted
     FROM ${table} FINAL WHERE ${where} GROUP BY t, limit_class ORDER BY t, limit_class`,
    { ...range(from, to), interval: intervalMinutes },
  );
  const totals = await queryRows(
    gateway,
    'limits-refusal-totals',
    refusalTotalRow,
    `SELECT limit_class, count() AS attempts, countIf(wasted) AS wasted, topK(1)(limit_detail)[1] AS detail
     FROM ${table} FINAL WHERE ${where} GROUP BY limit_class ORDER BY attempts DESC`,
    range(from, to),
  );
  const buckets: RefusalBucket[] = rows.map((r) => ({
    t: r.t.toISOString(),
    limitClass: asClass(r.limit_class),
    attempts: r.attempts,
    wasted: r.wasted,
  }));
  return {
    buckets,
    totals: totals.map((r) => ({ limitClass: asClass(r.limit_class), attempts: r.attempts, wasted: r.wasted, detail: r.detail })),
  };
}

export interface SpendRun {
  limitClass: LimitClass;
  account: string;
  since: Date;
  lastRefusedAt: Date;
  resumesAt: Date | null;
}

/**
 * Spend caps and limits refusing calls now: per class and account, the latest refusal with no
 * successful attempt after it, and the first refusal since the last success. Looks back 35 days
 * (a monthly cap lasts at most a month).
 */
export async function spendRunsInForce(gateway: Gateway, now: Date): Promise<SpendRun[]> {
  const from = new Date(now.getTime() - 35 * 86_400_000);
  const table = gateway.table(ATTEMPTS_TABLE);
  // The usual answer is "none": one narrow count decides it before the join (the alert evaluator
  // asks every interval, and its run is part of how late every notification is).
  const [any] = await queryRows(
    gateway,
    'limits-any-refusal',
    countRow,
    `SELECT count() AS n FROM ${table} WHERE start_time >= {from:${DT}} AND start_time <= {to:${DT}} AND limit_class IN {classes:Array(String)}`,
    { ...range(from, now), classes: [...SPEND_LIMIT_CLASSES] },
  );
  if ((any?.n ?? 0) === 0) return [];
  // An account with no success in the window joins as the epoch (the join's default), before any refusal.
  const rows = await queryRows(
    gateway,
    'limits-in-force',
    inForceRow,
    `WITH ok AS (
       SELECT account, max(start_time) AS last_ok FROM ${table}
       WHERE start_time >= {from:${DT}} AND start_time <= {to:${DT}} AND status_code >= 200 AND status_code < 300 GROUP BY account
     )
     SELECT a.limit_class AS limit_class, a.account AS account, max(a.start_time) AS last_refused,
            any(ok.last_ok) AS last_ok, argMax(a.resumes_at_ms, a.start_time) AS resumes_at,
            minIf(a.start_time, a.start_time > ok.last_ok) AS first_after_ok
     FROM ${table} AS a LEFT JOIN ok ON ok.account = a.account
     WHERE a.start_time >= {from:${DT}} AND a.start_time <= {to:${DT}} AND a.limit_class IN {classes:Array(String)}
     GROUP BY a.limit_class, a.account`,
    { ...range(from, now), classes: [...SPEND_LIMIT_CLASSES] },
  );
  return rows
    .map((r) => ({ r, lastRefused: r.last_refused, lastOk: r.last_ok }))
    .filter(({ lastRefused, lastOk }) => lastOk === null || lastOk < lastRefused)
    .map(({ r, lastRefused }) => ({
      limitClass: asClass(r.limit_class),
      account: r.account,
      since: r.first_after_ok,
      lastRefusedAt: lastRefused,
      resumesAt: r.resumes_at === null ? null : new Date(r.resumes_at),
    }))
    .filter((run) => run.resumesAt === null || run.resumesAt > now);
}

/** Priced spend per UTC day from `from` to `to`, and the calls with no price, in a scope column. */
export async function dailySpend(gateway: Gateway, from: Date, to: Date, project: string | undefined) {
  const rows = await queryRows(
    gateway,
    'limits-daily-spend',
    dailySpendRow,
    `SELECT toString(toDate(start_time)) AS day, toString(sum(ifNull(cost_nano_usd, 0))) AS spent, countIf(cost_nano_usd IS NULL) AS unpriced
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {from:${DT}} AND start_time < {to:${DT}} ${project === undefined ? '' : 'AND project = {project:String}'}
     GROUP BY day ORDER BY day`,
    { ...range(from, to), project: project ?? '' },
  );
  return rows.map((r) => ({ day: r.day, nano: r.spent, unpriced: r.unpriced }));
}

export interface WindowRow {
  account: string;
  service: string;
  window: '5h' | '7d';
  t: Date;
  utilization: number;
  reset: Date | null;
}

/** Every reading of the unified windows in the range, per account and service (at most 20k). */
export async function usageWindowReadings(gateway: Gateway, from: Date, to: Date): Promise<WindowRow[]> {
  const rows = await queryRows(
    gateway,
    'limits-usage-windows',
    usageWindowRow,
    `SELECT account, service_name, start_time AS t, unified_5h_utilization AS u5, unified_5h_reset_ms AS r5, unified_7d_utilization AS u7, unified_7d_reset_ms AS r7
     FROM ${gateway.table(ATTEMPTS_TABLE)} FINAL
     WHERE start_time >= {from:${DT}} AND start_time < {to:${DT}} AND (unified_5h_utilization IS NOT NULL OR unified_7d_utilization IS NOT NULL)
     ORDER BY account, service_name, t LIMIT 20000`,
    range(from, to),
  );
  const out: WindowRow[] = [];
  for (const r of rows) {
    const { t } = r;
    if (r.u5 !== null)
      out.push({ account: r.account, service: r.service_name, window: '5h', t, utilization: r.u5, reset: r.r5 === null ? null : new Date(r.r5) });
    if (r.u7 !== null)
      out.push({ account: r.account, service: r.service_name, window: '7d', t, utilization: r.u7, reset: r.r7 === null ? null : new Date(r.r7) });
  }
  return out;
}
