// Retries per call: how hard the SDK works to get an answer.
import { TimeChart } from '../../charts/TimeChart';
import type { SeriesStyle } from '../../charts/palette';
import { formatRatio } from '../../format';
import { metricRows } from '../../transforms/series';
import type { TimeseriesResponse } from '../../api/types';

const SERIES = [{ id: 'retries_per_call', label: 'Retries per call', color: '#e69f00' }] as const satisfies readonly SeriesStyle[];

export function RetriesChart({ data }: { data: TimeseriesResponse }) {
  return (
    <TimeChart
      rows={metricRows(data, ['retries_per_call'])}
      series={[...SERIES]}
      kind="line"
      format={(v) => formatRatio(v, 3)}
      label="Retries per call over time"
      testId="chart-retries"
      height={200}
      yDomain={{ minTop: 0.1 }}
    />
  );
}
