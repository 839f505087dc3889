// Each budget's standing right now: spend this period, what is left, and where the current
// burn rate takes it by the period's end (see projection.ts). Shared by the status API, the
// alert evaluator and /metrics, so all three agree.
import { type Budget, type BudgetStatus, nanoToUsd, ratioOf } from '@burnrate/contract';
import type { Gateway } from '../store/gateway';
import type { BudgetRecord } from './budget';
import { periodBounds } from './period';
import { project, TRAILING_WINDOW_MS } from './projection';
import { scopeSpend } from './spendQuery';

export function budgetToApi(record: BudgetRecord): Budget {
  return {
    id: record.id,
    name: record.name,
    scope: record.scope,
    period: record.period,
    timeZone: record.timeZone,
    amountUsd: nanoToUsd(record.amountNano),
    amountNanoUsd: record.amountNano.toString(),
    thresholdsPercent: record.thresholdsPercent,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

export async function budgetStatus(gateway: Gateway, budget: BudgetRecord, now: Date): Promise<BudgetStatus> {
  const { start, end } = periodBounds(budget.period, budget.timeZone, now);
  const windowMs = TRAILING_WINDOW_MS[budget.period];
  const windowStart = new Date(now.getTime() - windowMs);
  const spend = await scopeSpend(gateway, budget.scope, { periodStart: start, periodEnd: end, windowStart, now });
  const p = project({
    amountNano: budget.amountNano,
    spentNano: spend.spent,
    windowSpentNano: spend.window_spent,
    windowMs,
    nowMs: now.getTime(),
    periodEndMs: end.getTime(),
  });
  const remaining = budget.amountNano > spend.spent ? budget.amountNano - spend.spent : 0n;
  return {
    budget: budgetToApi(budget),
    periodStart: start.toISOString(),
    periodEnd: end.toISOString(),
    spentUsd: nanoToUsd(spend.spent),
    spentNanoUsd: spend.spent.toString(),
    remainingUsd: nanoToUsd(remaining),
    remainingNanoUsd: remaining.toString(),
    usedRatio: ratioOf(spend.spent, budget.amountNano),
    projectedUsd: nanoToUsd(p.projectedNano),
    projectedNanoUsd: p.projectedNano.toString(),
    projectedRatio: ratioOf(p.projectedNano, budget.amountNano),
    burnRateUsdPerHour: nanoToUsd(p.burnRateNanoPerHour),
    burnRateWindowStart: windowStart.toISOString(),
    exceeded: p.exceeded,
    projectedToExceed: p.projectedToExceed,
    projectedExceedAt: p.exceedAtMs === null ? null : new Date(p.exceedAtMs).toISOString(),
    // Exact: spent × 100 ≥ amount × threshold, so 50% of $1.00 is crossed at $0.50, not near it.
    thresholdsCrossed: budget.thresholdsPercent.filter((t) => spend.spent * 100n >= budget.amountNano * BigInt(t)),
    calls: spend.calls,
    unpricedCalls: spend.unpriced_calls,
  };
}

/** One after the other: budgets are few, and this keeps the store's load flat. */
export async function budgetStatuses(gateway: Gateway, budgets: readonly BudgetRecord[], now: Date): Promise<BudgetStatus[]> {
  const out: BudgetStatus[] = [];
  for (const budget of budgets) out.push(await budgetStatus(gateway, budget, now));
  return out;
}
