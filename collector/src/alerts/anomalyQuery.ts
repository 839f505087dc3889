// The SQL behind spend anomalies: spend per driver (team, model, service, feature) in the hour
// before `now` and in the same hour of each of the previous `weeks` weeks; only rows inside one of
// those hours are read.
import { z } from 'zod';
import { CALLS_TABLE } from '../store/callsTable';
import type { Gateway } from '../store/gateway';
import { dateToDateTime64 } from '../store/time';
import { nanoToUsd } from '@burnrate/contract';

const WEEK_MS = 7 * 86_400_000;
const HOUR_MS = 3_600_000;

const rowSchema = z.object({
  team: z.string(),
  model: z.string(),
  service: z.string(),
  feature: z.string(),
  week: z.coerce.number(),
  nano: z.string().transform(BigInt),
});

export async function spendByWeekAndDriver(gateway: Gateway, now: Date, weeks: number) {
  // One range per hour, so the primary key (by hour) skips everything between them; the SQL
  // holds only placeholders numbered by a loop, the times travel as parameters.
  const params: Record<string, unknown> = { now: dateToDateTime64(now), week: WEEK_MS };
  const ranges: string[] = [];
  for (let k = 0; k <= weeks; k++) {
    params[`from${k}`] = dateToDateTime64(new Date(now.getTime() - k * WEEK_MS - HOUR_MS));
    params[`to${k}`] = dateToDateTime64(new Date(now.getTime() - k * WEEK_MS));
    ranges.push(`(start_time >= {from${k}:DateTime64(3, 'UTC')} AND start_time < {to${k}:DateTime64(3, 'UTC')})`);
  }
  const rows = await gateway.query(
    'alert-spend-anomaly',
    `SELECT team, model, service_name AS service, feature,
            intDiv(toUnixTimestamp64Milli({now:DateTime64(3, 'UTC')}) - toUnixTimestamp64Milli(start_time) - 1, {week:Int64}) AS week,
            toString(sum(ifNull(cost_nano_usd, 0))) AS nano
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE ${ranges.join(' OR ')}
     GROUP BY team, model, service, feature, week
     HAVING sum(ifNull(cost_nano_usd, 0)) > 0
     ORDER BY week, team, model, service, feature LIMIT 20000`,
    params,
  );
  return rows.map((row) => {
    const r = rowSchema.parse(row);
    return { driver: { team: r.team, model: r.model, service: r.service, feature: r.feature }, week: r.week, usd: nanoToUsd(r.nano) };
  });
}
