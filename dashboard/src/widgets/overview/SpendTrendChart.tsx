// Spend over the range, from the KPI request, with the daily budget and its over-budget days.
import { TimeChart } from '../../charts/TimeChart';
import type { SeriesStyle } from '../../charts/palette';
import { formatUsd, formatUsdShort } from '../../format';
import { metricRows } from '../../transforms/series';
import type { TimeseriesResponse } from '../../api/types';
import type { BudgetDaysResponse } from '../../api/financeTypes';
import { intervalMs } from '../../transforms/series';
import { budgetOverlay } from '../budgetOverlay/budgetOverlay';
import { OverBudgetNote } from '../budgetOverlay/OverBudgetNote';

const SERIES = [{ id: 'cost_usd', label: 'Spend', color: '#e4572e' }] as const satisfies readonly SeriesStyle[];

export function SpendTrendChart({ data, budgetDays }: { data: TimeseriesResponse; budgetDays?: BudgetDaysResponse }) {
  const rows = metricRows(data, ['cost_usd']);
  const budget = budgetOverlay(rows, intervalMs(data.interval), budgetDays);
  return (
    <>
      <TimeChart
        rows={rows}
        series={[...SERIES]}
        kind="bar"
        format={formatUsd}
        axisFormat={formatUsdShort}
        label="Spend per interval over the selected range"
        testId="chart-spend-trend"
        height={200}
        budget={budget}
      />
      <OverBudgetNote overlay={budget} />
    </>
  );
}
