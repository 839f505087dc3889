// Rate-limited (429) and overloaded (529) attempts per minute, retried ones included.
import { TimeChart } from '../../charts/TimeChart';
import type { SeriesStyle } from '../../charts/palette';
import { PEAK_KEYS } from '../../transforms/peaks';
import type { ChartRow } from '../../transforms/series';

export const ATTEMPT_SERIES = [
  { id: 'rate_limited_attempts', label: '429 rate limited', color: '#d55e00' },
  { id: 'overloaded_attempts', label: '529 overloaded', color: '#6a3d9a' },
] as const satisfies readonly SeriesStyle[];

/** Each bucket's worst minute, drawn as dashed lines over the average bars. */
export const PEAK_SERIES = [
  { id: PEAK_KEYS.rateLimited, label: '429 worst minute', color: '#d55e00', kind: 'line' },
  { id: PEAK_KEYS.overloaded, label: '529 worst minute', color: '#6a3d9a', kind: 'line' },
] as const satisfies readonly SeriesStyle[];

// Two significant digits below 10, so small axis steps (0.005, 0.01, 0.015) stay distinct.
const perMinute = (v: number) => `${v === 0 ? 0 : v < 10 ? Number(v.toPrecision(2)) : Math.round(v)}/min`;

export function RateLimitedChart({ rows, showPeaks }: { rows: ChartRow[]; showPeaks: boolean }) {
  const series = showPeaks ? [...ATTEMPT_SERIES, ...PEAK_SERIES] : [...ATTEMPT_SERIES];
  return (
    <TimeChart
      rows={rows}
      series={series}
      kind="bar"
      format={perMinute}
      label="Rate-limited and overloaded attempts per minute"
      testId="chart-rate-limited"
      yDomain={{ minTop: 0.01 }}
    />
  );
}
