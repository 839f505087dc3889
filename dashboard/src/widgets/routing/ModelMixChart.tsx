// The model mix over time: each model's share of calls, tokens or cost per interval.
import { TimeChart } from '../../charts/TimeChart';
import { groupStyles } from '../../charts/palette';
import { formatPercent } from '../../format';
import type { ChartRow, GroupSeries } from '../../transforms/series';

export function ModelMixChart({ rows, series, of }: { rows: ChartRow[]; series: GroupSeries[]; of: string }) {
  return (
    <TimeChart
      rows={rows}
      series={groupStyles(series)}
      kind="area"
      stacked
      format={formatPercent}
      axisFormat={(v) => `${Math.round(v * 100)}%`}
      yDomain={[0, 1]}
      label={`Model mix by ${of} over time`}
      testId="chart-model-mix"
      height={260}
    />
  );
}
