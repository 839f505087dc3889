// A daily budget drawn on a spend chart: the line (the day's amount on a daily chart, the same
// pace per bucket on a finer one) and the days that went over, as spans of the chart's buckets.
// Pure, so it is tested without a browser.
import type { BudgetDaysResponse } from '../../api/financeTypes';
import type { BudgetOverlay, OverBudgetDay } from '../../charts/budgetOverlayShape';
import type { ChartRow } from '../../transforms/series';

const DAY_MS = 86_400_000;

export type { BudgetOverlay, OverBudgetDay };

export function budgetOverlay(rows: readonly ChartRow[], bucketMs: number, days: BudgetDaysResponse | undefined): BudgetOverlay | undefined {
  const budget = days?.budget;
  if (!budget || bucketMs > DAY_MS || rows.length === 0) return undefined;
  const over: OverBudgetDay[] = [];
  for (const day of days.days) {
    if (!day.over) continue;
    const start = Date.parse(day.start);
    const end = Date.parse(day.end);
    const inside = rows.filter((r) => {
      const t = Date.parse(r.t);
      return t >= start && t < end;
    });
    if (inside.length > 0) over.push({ day: day.day, spentUsd: day.spentUsd, x1: inside[0]!.label, x2: inside[inside.length - 1]!.label });
  }
  const daily = bucketMs === DAY_MS;
  return {
    name: budget.name,
    amountUsd: budget.amountUsd,
    lineUsd: daily ? budget.amountUsd : (budget.amountUsd * bucketMs) / DAY_MS,
    lineLabel: daily ? `Budget ${budget.name}` : `Budget ${budget.name}, even pace`,
    over,
  };
}
