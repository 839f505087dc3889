// Error rate split by error type: stacked, so the stack's height is the error rate.
import { TimeChart } from '../../charts/TimeChart';
import { groupStyles } from '../../charts/palette';
import { formatPercent } from '../../format';
import type { ChartRow, GroupSeries } from '../../transforms/series';

export function ErrorRateChart({ rows, series }: { rows: ChartRow[]; series: GroupSeries[] }) {
  return (
    <TimeChart
      rows={rows}
      series={groupStyles(series)}
      kind="bar"
      stacked
      format={formatPercent}
      label="Error rate by error type"
      testId="chart-error-rate"
      yDomain={{ minTop: 0.01 }}
    />
  );
}
