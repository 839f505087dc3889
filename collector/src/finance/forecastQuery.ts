// Gathers what forecastPeriod needs for a scope: up to 28 complete local days of history before
// today, the period's days so far, and the days left, all counted in the given time zone. One
// query (spendPerDay) reads every day's spend.
import { type BudgetScope, nanoToUsd } from '@burnrate/contract';
import { periodBounds } from '../budgets/period';
import type { Gateway } from '../store/gateway';
import { localDays, spendPerDay, type LocalDay } from './budgetDays';
import type { ForecastResponse } from './contract';
import { forecastPeriod } from './forecast';

const DAY_MS = 86_400_000;
export const HISTORY_DAYS = 28;

const weekdayOf = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

export async function forecastFor(gateway: Gateway, scope: BudgetScope, period: 'day' | 'month', timeZone: string, now: Date): Promise<ForecastResponse> {
  const bounds = periodBounds(period, timeZone, now);
  const today = localDays(timeZone, now, new Date(now.getTime() + 1))[0]!;
  // A few hours of slack either side of 28 × 24 h, for the DST days among them.
  const earliest = new Date(Math.min(today.start.getTime() - HISTORY_DAYS * DAY_MS - 3 * 3_600_000, bounds.start.getTime()));
  const past = localDays(timeZone, earliest, today.end);
  const spent = await spendPerDay(gateway, scope, past);
  const byDay = new Map(past.map((d, i) => [d.day, spent[i]!]));

  const complete = past.filter((d) => d.end.getTime() <= today.start.getTime()).slice(-HISTORY_DAYS);
  // Days before the scope's first spend are before it existed (a new install, a new team), not
  // days it spent nothing: they are left out rather than averaged in as zeros.
  const firstSpend = complete.findIndex((d) => byDay.get(d.day)! > 0n);
  const history = firstSpend < 0 ? [] : complete.slice(firstSpend).map((d) => ({ weekday: weekdayOf(d.day), nano: byDay.get(d.day)! }));

  const inPeriod = (d: LocalDay) => d.start.getTime() >= bounds.start.getTime() && d.start.getTime() < bounds.end.getTime();
  const periodPast = past.filter(inPeriod);
  const spentNano = periodPast.reduce((s, d) => s + byDay.get(d.day)!, 0n);
  const future = localDays(timeZone, today.end, bounds.end).filter(inPeriod);
  const todayLeft = (today.end.getTime() - now.getTime()) / (today.end.getTime() - today.start.getTime());
  const periodElapsed = (now.getTime() - bounds.start.getTime()) / (bounds.end.getTime() - bounds.start.getTime());
  const f = forecastPeriod({
    history,
    spentNano,
    todayWeekday: weekdayOf(today.day),
    todayLeft,
    futureWeekdays: future.map((d) => weekdayOf(d.day)),
    periodElapsed,
  });

  const expectedFor = new Map<string, bigint>();
  if (f.expectedNano.length > 0) [today, ...future].forEach((d, i) => expectedFor.set(d.day, f.expectedNano[i]!));
  const money = (name: 'spent' | 'projected' | 'low' | 'high', nano: bigint) => ({ [`${name}Usd`]: nanoToUsd(nano), [`${name}NanoUsd`]: nano.toString() });
  return {
    at: now.toISOString(),
    period,
    timeZone,
    periodStart: bounds.start.toISOString(),
    periodEnd: bounds.end.toISOString(),
    method: f.method,
    historyDays: history.length,
    ...(money('spent', spentNano) as { spentUsd: number; spentNanoUsd: string }),
    ...(money('projected', f.projectedNano) as { projectedUsd: number; projectedNanoUsd: string }),
    ...(money('low', f.lowNano) as { lowUsd: number; lowNanoUsd: string }),
    ...(money('high', f.highNano) as { highUsd: number; highNanoUsd: string }),
    days: [...periodPast, ...future].map((d) => ({
      day: d.day,
      actualUsd: byDay.has(d.day) ? nanoToUsd(byDay.get(d.day)!) : null,
      expectedUsd: expectedFor.has(d.day) ? nanoToUsd(expectedFor.get(d.day)!) : null,
    })),
  };
}
