// p95 latency over time, one line per model.
import { TimeChart } from '../../charts/TimeChart';
import { groupStyles } from '../../charts/palette';
import { formatMs } from '../../format';
import type { ChartRow, GroupSeries } from '../../transforms/series';

export function LatencyChart({ rows, series }: { rows: ChartRow[]; series: GroupSeries[] }) {
  return <TimeChart rows={rows} series={groupStyles(series)} kind="line" format={formatMs} label="p95 latency by model over time" testId="chart-latency" />;
}
