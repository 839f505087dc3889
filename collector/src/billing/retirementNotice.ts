// The Overview's notice: how many calls yesterday (UTC) went to models the retirement schedule
// retires within the next 30 days, per model, with what to move to.
import { type RetirementNoticeResponse, retiringWithin } from '@burnrate/contract';
import { z } from 'zod';
import { CALLS_TABLE } from '../store/callsTable';
import { chCount } from '../store/chValues';
import type { Gateway } from '../store/gateway';
import { dateToDateTime64 } from '../store/time';
import { queryRows } from '../store/typedQuery';

const DAY_MS = 86_400_000;
export const NOTICE_WITHIN_DAYS = 30;

export async function retirementNotice(gateway: Gateway, now: Date): Promise<RetirementNoticeResponse> {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const from = new Date(today - DAY_MS);
  const retiring = retiringWithin(now, NOTICE_WITHIN_DAYS);
  const day = from.toISOString().slice(0, 10);
  if (retiring.length === 0) return { day, withinDays: NOTICE_WITHIN_DAYS, calls: 0, models: [] };
  const rows = await queryRows(
    gateway,
    'retirement-notice',
    z.object({ model: z.string(), calls: chCount }),
    `SELECT model, toString(count()) AS calls FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')} AND model IN {models:Array(String)}
     GROUP BY model ORDER BY model`,
    { from: dateToDateTime64(from), to: dateToDateTime64(new Date(today)), models: retiring.map((r) => r.model) },
  );
  const models = rows.map((row) => {
    const r = retiring.find((x) => x.model === row.model)!;
    return { model: row.model, calls: row.calls, retires: r.retires!, replacement: r.replacement };
  });
  return { day, withinDays: NOTICE_WITHIN_DAYS, calls: models.reduce((sum, m) => sum + m.calls, 0), models };
}
