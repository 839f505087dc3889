// Where this period's spend ends up at the current burn rate. The burn rate is the spend over a
// trailing window (1 hour for a day budget, 24 hours for a month budget) divided by its length,
// whatever period those calls fell in: it measures how fast money is going out *now*, so a
// runaway loop that starts at 4 pm shows within the hour instead of being diluted by a quiet
// morning, as a period-to-date average would. Integer math on nano-dollars throughout.
import type { BudgetPeriod } from '@burnrate/contract';

const HOUR_MS = 3_600_000;

export const TRAILING_WINDOW_MS: Record<BudgetPeriod, number> = { day: HOUR_MS, month: 24 * HOUR_MS };

export interface ProjectionInput {
  amountNano: bigint;
  spentNano: bigint;
  /** Spend in [windowStartMs, nowMs). */
  windowSpentNano: bigint;
  windowMs: number;
  nowMs: number;
  periodEndMs: number;
}

export interface Projection {
  projectedNano: bigint;
  burnRateNanoPerHour: bigint;
  exceeded: boolean;
  projectedToExceed: boolean;
  /** When spend reaches the amount at this rate, if within the period and not already reached. */
  exceedAtMs: number | null;
}

export function project(input: ProjectionInput): Projection {
  const { amountNano, spentNano, windowSpentNano, nowMs, periodEndMs } = input;
  const windowMs = BigInt(Math.max(1, Math.round(input.windowMs)));
  const leftMs = BigInt(Math.max(0, Math.round(periodEndMs - nowMs)));
  const projectedNano = spentNano + (windowSpentNano * leftMs) / windowMs;
  const exceeded = spentNano >= amountNano;
  const projectedToExceed = projectedNano >= amountNano;
  let exceedAtMs: number | null = null;
  if (!exceeded && projectedToExceed && windowSpentNano > 0n) {
    const gap = amountNano - spentNano;
    const msToGo = (gap * windowMs + windowSpentNano - 1n) / windowSpentNano; // ceiling: not before it happens
    exceedAtMs = Math.min(nowMs + Number(msToGo), periodEndMs);
  }
  return {
    projectedNano,
    burnRateNanoPerHour: (windowSpentNano * BigInt(HOUR_MS)) / windowMs,
    exceeded,
    projectedToExceed,
    exceedAtMs,
  };
}
