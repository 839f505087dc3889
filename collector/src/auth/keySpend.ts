// What each ingest key's calls cost: the last 24 hours and the 7 days before them, from the key
// id stamped on every call (store/callKeyId.ts). The Keys view shows both; the key spend spike
// alert (alerts/keySpike.ts) compares them.
import { z } from 'zod';
import { chBigInt, chCount } from '../store/chValues';
import { CALLS_TABLE } from '../store/callsTable';
import type { Gateway } from '../store/gateway';
import { dateToDateTime64 } from '../store/time';
import { queryRows } from '../store/typedQuery';

export interface KeySpend {
  keyId: string;
  /** The recent window (the last 24 hours unless asked otherwise). */
  dayCalls: number;
  dayNano: bigint;
  /** The 7 days before the recent window, for a baseline. */
  weekNano: bigint;
}

const keySpendRow = z.object({ key_id: z.string(), day_calls: chCount, day_nano: chBigInt, week_nano: chBigInt });

const DAY_MS = 86_400_000;

const anyKeyedRow = z.object({ keyed: chCount });

export async function keySpend(gateway: Gateway, now: Date, recentMs = DAY_MS): Promise<Map<string, KeySpend>> {
  const dayStart = new Date(now.getTime() - recentMs);
  const weekStart = new Date(dayStart.getTime() - 7 * DAY_MS);
  // Most stores without sign-in have no call sent with a key. Whether any is there reads one
  // narrow column, not the versions of 8 days of calls (FINAL) that the sums below need: at 10M
  // calls 100 ms every alert evaluation, with dashboard requests waiting behind it.
  const [any] = await queryRows(
    gateway,
    'key-spend-any',
    anyKeyedRow,
    `SELECT count() AS keyed FROM (SELECT 1 FROM ${gateway.table(CALLS_TABLE)}
     WHERE start_time >= {weekStart:DateTime64(6, 'UTC')} AND start_time < {now:DateTime64(6, 'UTC')} AND key_id != '' LIMIT 1)`,
    { weekStart: dateToDateTime64(weekStart), now: dateToDateTime64(now) },
  );
  if (!any || any.keyed === 0) return new Map();
  const rows = await queryRows(
    gateway,
    'key-spend',
    keySpendRow,
    `SELECT key_id,
       countIf(start_time >= {dayStart:DateTime64(6, 'UTC')}) AS day_calls,
       toString(sumIf(toInt128(ifNull(cost_nano_usd, 0)), start_time >= {dayStart:DateTime64(6, 'UTC')})) AS day_nano,
       toString(sumIf(toInt128(ifNull(cost_nano_usd, 0)), start_time < {dayStart:DateTime64(6, 'UTC')})) AS week_nano
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE sign > 0 AND start_time >= {weekStart:DateTime64(6, 'UTC')} AND start_time < {now:DateTime64(6, 'UTC')} AND key_id != ''
     GROUP BY key_id`,
    { dayStart: dateToDateTime64(dayStart), weekStart: dateToDateTime64(weekStart), now: dateToDateTime64(now) },
  );
  return new Map(rows.map((r) => [r.key_id, { keyId: r.key_id, dayCalls: r.day_calls, dayNano: r.day_nano, weekNano: r.week_nano }]));
}
