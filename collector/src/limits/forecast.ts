// When a monthly amount is crossed: pure. "At this week's rate": the trailing 7 days' spend per
// day, carried forward from now; a crossing after the month's end is no crossing (limits reset
// on the 1st, 00:00 UTC).

const DAY_MS = 86_400_000;

export interface MonthSpend {
  /** Spend per UTC day (YYYY-MM-DD → nano-dollars), covering the month so far and the trailing week. */
  days: ReadonlyMap<string, bigint>;
  now: Date;
}

export const monthStartUtc = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
export const nextMonthStartUtc = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

export function monthToDate(spend: MonthSpend): bigint {
  const first = dayOf(monthStartUtc(spend.now));
  let total = 0n;
  for (const [day, nano] of spend.days) if (day >= first && day <= dayOf(spend.now)) total += nano;
  return total;
}

/** Nano-dollars per day over the 7 days up to now (today's part included, 7 days in all). */
export function weekRatePerDay(spend: MonthSpend): number {
  const first = dayOf(new Date(spend.now.getTime() - 6 * DAY_MS));
  let total = 0n;
  for (const [day, nano] of spend.days) if (day >= first && day <= dayOf(spend.now)) total += nano;
  const elapsedToday = (spend.now.getTime() - Date.parse(`${dayOf(spend.now)}T00:00:00Z`)) / DAY_MS;
  return Number(total) / (6 + Math.max(elapsedToday, 1 / 24));
}

/** The day month-to-date spend passed `amountNano`, if it has. */
export function crossedOn(spend: MonthSpend, amountNano: bigint): string | null {
  const first = dayOf(monthStartUtc(spend.now));
  let total = 0n;
  for (const day of [...spend.days.keys()].filter((d) => d >= first && d <= dayOf(spend.now)).sort()) {
    total += spend.days.get(day)!;
    if (total >= amountNano) return day;
  }
  return null;
}

/** The UTC day `amountNano` is reached at this week's rate, if before the month ends. */
export function forecastCrossingDay(spend: MonthSpend, amountNano: bigint): string | null {
  const spent = monthToDate(spend);
  if (spent >= amountNano) return crossedOn(spend, amountNano);
  const rate = weekRatePerDay(spend);
  if (rate <= 0) return null;
  const at = new Date(spend.now.getTime() + (Number(amountNano - spent) / rate) * DAY_MS);
  return at < nextMonthStartUtc(spend.now) ? dayOf(at) : null;
}
