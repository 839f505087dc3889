// The limits module's reads, each bounded in time: refusals by class, the spend limits' month,
// the caps and limits in force, the unified usage windows.
import { LIMIT_CLASSES, SPEND_LIMIT_CLASSES, type LimitClass } from '@burnrate/contract';
import { ATTEMPTS_TABLE } from '../store/attemptsTable';
import { CALLS_TABLE } from '../store/callsTable';
import type { Gateway } from '../store/gateway';
import { dateTime64ToDate, dateToDateTime64 } from '../store/time';
import type { RefusalBucket, RefusalsResponse } from '@burnrate/contract';

const DT = "DateTime64(6, 'UTC')";
const range = (from: Date, to: Date) => ({ from: dateToDateTime64(from), to: dateToDateTime64(to) });
const asClass = (value: string): LimitClass => ((LIMIT_CLASSES as readonly string[]).includes(value) ? (value as LimitClass) : 'other');

export async function refusalsByClass(
  gateway: Gateway,
  from: Date,
  to: Date,
  intervalMinutes: number,
): Promise<Omit<RefusalsResponse, 'from' | 'to' | 'intervalMinutes'>> {
  const table = gateway.table(ATTEMPTS_TABLE);
  const where = `start_time >= {from:${DT}} AND start_time < {to:${DT}} AND limit_class != ''`;
  const rows = await gateway.query<{ t: string; limit_class: string; attempts: string; wasted: string }>(
    'limits-refusals',
    `SELECT toStartOfInterval(start_time, INTERVAL {interval:UInt32} MINUTE) AS t, limit_class, count() AS attempts, countIf(wasted) AS wasted
     FROM ${table} FINAL WHERE ${where} GROUP BY t, limit_class ORDER BY t, limit_class`,
    { ...range(from, to), interval: intervalMinutes },
  );
  const totals = await gateway.query<{ limit_class: string; attempts: string; wasted: string; detail: string }>(
    'limits-refusal-totals',
    `SELECT limit_class, count() AS attempts, countIf(wasted) AS wasted, topK(1)(limit_detail)[1] AS detail
     FROM ${table} FINAL WHERE ${where} GROUP BY limit_class ORDER BY attempts DESC`,
    range(from, to),
  );
  const buckets: RefusalBucket[] = rows.map((r) => ({
    t: dateTime64ToDate(r.t).toISOString(),
    limitClass: asClass(r.limit_class),
    attempts: Number(r.attempts),
    wasted: Number(r.wasted),
  }));
  return {
    buckets,
    totals: totals.map((r) => ({ limitClass: asClass(r.limit_class), attempts: Number(r.attempts), wasted: Number(r.wasted), detail: r.detail })),
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
  const [any] = await gateway.query<{ n: string }>(
    'limits-any-refusal',
    `SELECT count() AS n FROM ${table} WHERE start_time >= {from:${DT}} AND start_time <= {to:${DT}} AND limit_class IN {classes:Array(String)}`,
    { ...range(from, now), classes: [...SPEND_LIMIT_CLASSES] },
  );
  if (Number(any?.n ?? 0) === 0) return [];
  // An account with no success in the window joins as the epoch (the join's default), before any refusal.
  const rows = await gateway.query<{
    limit_class: string;
    account: string;
    last_refused: string;
    last_ok: string | null;
    resumes_at: string | null;
    first_after_ok: string;
  }>(
    'limits-in-force',
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
    .map((r) => ({ r, lastRefused: dateTime64ToDate(r.last_refused), lastOk: r.last_ok ? dateTime64ToDate(r.last_ok) : null }))
    .filter(({ lastRefused, lastOk }) => lastOk === null || lastOk < lastRefused)
    .map(({ r, lastRefused }) => ({
      limitClass: asClass(r.limit_class),
      account: r.account,
      since: dateTime64ToDate(r.first_after_ok),
      lastRefusedAt: lastRefused,
      resumesAt: r.resumes_at ? new Date(Number(r.resumes_at)) : null,
    }))
    .filter((run) => run.resumesAt === null || run.resumesAt > now);
}

/** Priced spend per UTC day from `from` to `to`, and the calls with no price, in a scope column. */
export async function dailySpend(gateway: Gateway, from: Date, to: Date, project: string | undefined) {
  const rows = await gateway.query<{ day: string; spent: string; unpriced: string }>(
    'limits-daily-spend',
    `SELECT toString(toDate(start_time)) AS day, toString(sum(ifNull(cost_nano_usd, 0))) AS spent, countIf(cost_nano_usd IS NULL) AS unpriced
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {from:${DT}} AND start_time < {to:${DT}} ${project === undefined ? '' : 'AND project = {project:String}'}
     GROUP BY day ORDER BY day`,
    { ...range(from, to), project: project ?? '' },
  );
  return rows.map((r) => ({ day: r.day, nano: BigInt(r.spent), unpriced: Number(r.unpriced) }));
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
  const rows = await gateway.query<{
    account: string;
    service_name: string;
    t: string;
    u5: number | null;
    r5: string | null;
    u7: number | null;
    r7: string | null;
  }>(
    'limits-usage-windows',
    `SELECT account, service_name, start_time AS t, unified_5h_utilization AS u5, unified_5h_reset_ms AS r5, unified_7d_utilization AS u7, unified_7d_reset_ms AS r7
     FROM ${gateway.table(ATTEMPTS_TABLE)} FINAL
     WHERE start_time >= {from:${DT}} AND start_time < {to:${DT}} AND (unified_5h_utilization IS NOT NULL OR unified_7d_utilization IS NOT NULL)
     ORDER BY account, service_name, t LIMIT 20000`,
    range(from, to),
  );
  const out: WindowRow[] = [];
  for (const r of rows) {
    const t = dateTime64ToDate(r.t);
    if (r.u5 !== null)
      out.push({ account: r.account, service: r.service_name, window: '5h', t, utilization: Number(r.u5), reset: r.r5 ? new Date(Number(r.r5)) : null });
    if (r.u7 !== null)
      out.push({ account: r.account, service: r.service_name, window: '7d', t, utilization: Number(r.u7), reset: r.r7 ? new Date(Number(r.r7)) : null });
  }
  return out;
}
