// Share of calls served by a fallback model after the first choice failed.
import { TimeChart } from '../../charts/TimeChart';
import type { SeriesStyle } from '../../charts/palette';
import { formatPercent } from '../../format';
import { metricRows } from '../../transforms/series';
import type { TimeseriesResponse } from '../../api/types';

const SERIES = [{ id: 'fallback_rate', label: 'Fallback rate', color: '#cc79a7' }] as const satisfies readonly SeriesStyle[];

export function FallbackRateChart({ data }: { data: TimeseriesResponse }) {
  return (
    <TimeChart
      rows={metricRows(data, ['fallback_rate'])}
      series={[...SERIES]}
      kind="line"
      format={formatPercent}
      label="Fallback rate over time"
      testId="chart-fallback"
      height={200}
      yDomain={{ minTop: 0.01 }}
    />
  );
}
