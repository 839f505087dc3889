// Burn-rate alerts on money, as SRE teams alert on error budgets: a budget burning fast enough
// to be gone long before its period ends pages; a slower burn that still empties it early opens
// a ticket. Each speed is a pair of windows: the long one says the burn is big enough to matter,
// the short one (a twelfth of it) that it is still going on, so the alert resolves minutes after
// the burn stops instead of hours.
import type { BudgetPeriod } from '@burnrate/contract';
import type { BudgetRecord } from '../budgets/budget';
import type { Gateway } from '../store/gateway';
import { burnSpend, topSpender } from './burnRateQueries';

export const BURN_PACES = ['fast', 'slow'] as const;
export type BurnPace = (typeof BURN_PACES)[number];

export interface BurnWindow {
  longMinutes: number;
  shortMinutes: number;
  /** Share of the budget's amount that, spent within the long window, sets the alert off. */
  budgetPercent: number;
}

// Month: the windows SRE teams use on a 30-day error budget (2% in 1 h is 14.4× the even pace,
// the budget gone in about two days; 5% in 6 h is 6×, gone in five). A day is too short for
// those: 2% of a day's budget in an hour is only half the even pace. A day's budget pages when
// a quarter goes in an hour (gone in 4 h) and tickets when half goes in 6 h (gone in 12 h).
export const BURN_WINDOWS: Record<BudgetPeriod, Record<BurnPace, BurnWindow>> = {
  month: { fast: { longMinutes: 60, shortMinutes: 5, budgetPercent: 2 }, slow: { longMinutes: 360, shortMinutes: 30, budgetPercent: 5 } },
  day: { fast: { longMinutes: 60, shortMinutes: 5, budgetPercent: 25 }, slow: { longMinutes: 360, shortMinutes: 30, budgetPercent: 50 } },
};

export interface BurnFinding {
  budget: BudgetRecord;
  pace: BurnPace;
  window: BurnWindow;
  longNano: bigint;
  shortNano: bigint;
  /** Where most of the long window's spend went. */
  driver: { model: string; service: string; team: string; feature: string; nano: bigint } | undefined;
}

const MINUTE_MS = 60_000;

/**
 * Holds when both windows burn at least the rate: long ≥ p% of the amount, and short ≥ the same
 * share scaled to its length. Exact integer comparisons, so $0.50 of $25 in 1 h is 2%, not near it.
 */
export function burning(amountNano: bigint, w: BurnWindow, longNano: bigint, shortNano: bigint): boolean {
  const percent = BigInt(Math.round(w.budgetPercent * 1000));
  const longHolds = longNano * 100_000n >= amountNano * percent;
  const shortHolds = shortNano * 100_000n * BigInt(w.longMinutes) >= amountNano * percent * BigInt(w.shortMinutes);
  return amountNano > 0n && longHolds && shortHolds;
}

export async function burningBudgets(gateway: Gateway, budgets: readonly BudgetRecord[], pace: BurnPace, now: Date): Promise<BurnFinding[]> {
  const found: BurnFinding[] = [];
  for (const budget of budgets) {
    const window = BURN_WINDOWS[budget.period][pace];
    const longFrom = new Date(now.getTime() - window.longMinutes * MINUTE_MS);
    const shortFrom = new Date(now.getTime() - window.shortMinutes * MINUTE_MS);
    const spend = await burnSpend(gateway, budget.scope, { longFrom, shortFrom, now });
    if (!burning(budget.amountNano, window, spend.longNano, spend.shortNano)) continue;
    const driver = await topSpender(gateway, budget.scope, { from: longFrom, to: now });
    found.push({ budget, pace, window, longNano: spend.longNano, shortNano: spend.shortNano, driver });
  }
  return found;
}
