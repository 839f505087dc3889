// A budget's day or month, counted in its own time zone. Intl only knows how to go from an
// instant to a wall-clock date, so a period's first instant is found by searching for the first
// minute whose local date is the period's first day: this is right across DST changes, including
// zones whose clocks skip midnight (the day then starts at 01:00).
import type { BudgetPeriod } from '@burnrate/contract';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

interface LocalDate {
  year: number;
  month: number; // 1–12
  day: number;
}

export function localDate(timeZone: string, ms: number): LocalDate {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year!, month: parts.month!, day: parts.day! };
}

const dateKey = (d: LocalDate) => d.year * 10_000 + d.month * 100 + d.day;

/** The first instant (ms) of a local calendar day; month/day may overflow (Date.UTC normalizes them). */
export function startOfLocalDay(timeZone: string, year: number, month: number, day: number): number {
  const utcMidnight = Date.UTC(year, month - 1, day);
  const normalized = new Date(utcMidnight);
  const target = dateKey({ year: normalized.getUTCFullYear(), month: normalized.getUTCMonth() + 1, day: normalized.getUTCDate() });
  // UTC offsets run from −12 h to +14 h, so local midnight lies within these bounds.
  let lo = (utcMidnight - 15 * HOUR_MS) / MINUTE_MS;
  let hi = (utcMidnight + 13 * HOUR_MS) / MINUTE_MS;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (dateKey(localDate(timeZone, mid * MINUTE_MS)) >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo * MINUTE_MS;
}

export interface PeriodBounds {
  start: Date;
  end: Date;
}

export function periodBounds(period: BudgetPeriod, timeZone: string, now: Date): PeriodBounds {
  const today = localDate(timeZone, now.getTime());
  switch (period) {
    case 'day':
      return {
        start: new Date(startOfLocalDay(timeZone, today.year, today.month, today.day)),
        end: new Date(startOfLocalDay(timeZone, today.year, today.month, today.day + 1)),
      };
    case 'month':
      return {
        start: new Date(startOfLocalDay(timeZone, today.year, today.month, 1)),
        end: new Date(startOfLocalDay(timeZone, today.year, today.month + 1, 1)),
      };
    default: {
      const never: never = period;
      throw new Error(`unknown budget period ${String(never)}`);
    }
  }
}
