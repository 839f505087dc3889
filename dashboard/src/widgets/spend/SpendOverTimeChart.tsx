// Spend over time, stacked by the dimension the user picks.
import { TimeChart } from '../../charts/TimeChart';
import { groupStyles } from '../../charts/palette';
import { formatUsd, formatUsdShort } from '../../format';
import type { ChartRow, GroupSeries } from '../../transforms/series';

export function SpendOverTimeChart({ rows, series, byLabel }: { rows: ChartRow[]; series: GroupSeries[]; byLabel: string }) {
  return (
    <TimeChart rows={rows} series={groupStyles(series)} kind="area" stacked format={formatUsd} axisFormat={formatUsdShort} label={`Spend over time, stacked by ${byLabel}`} testId="chart-spend-over-time" height={280} />
  );
}
