// Spend over time, stacked by the dimension the user picks, with the daily budget covering the
// view's scope and its over-budget days.
import { TimeChart } from '../../charts/TimeChart';
import { groupStyles } from '../../charts/palette';
import { formatUsd, formatUsdShort } from '../../format';
import type { ChartRow, GroupSeries } from '../../transforms/series';
import type { BudgetDaysResponse } from '../../api/financeTypes';
import { budgetOverlay } from '../budgetOverlay/budgetOverlay';
import { OverBudgetNote } from '../budgetOverlay/OverBudgetNote';

export function SpendOverTimeChart({
  rows,
  series,
  byLabel,
  bucketMs,
  budgetDays,
}: {
  rows: ChartRow[];
  series: GroupSeries[];
  byLabel: string;
  bucketMs: number;
  budgetDays?: BudgetDaysResponse;
}) {
  const budget = budgetOverlay(rows, bucketMs, budgetDays);
  return (
    <>
      <TimeChart
        rows={rows}
        series={groupStyles(series)}
        kind="area"
        stacked
        format={formatUsd}
        axisFormat={formatUsdShort}
        label={`Spend over time, stacked by ${byLabel}`}
        testId="chart-spend-over-time"
        height={280}
        budget={budget}
      />
      <OverBudgetNote overlay={budget} />
    </>
  );
}
