// Tokens by kind: uncached input, cache reads, cache writes and output, stacked per interval.
import { TimeChart } from '../../charts/TimeChart';
import type { SeriesStyle } from '../../charts/palette';
import { formatCount, formatCountShort } from '../../format';
import type { ChartRow } from '../../transforms/series';

export const TOKEN_SERIES = [
  { id: 'input_tokens', label: 'Uncached input', color: '#0072b2' },
  { id: 'cache_read_tokens', label: 'Cache read', color: '#009e73' },
  { id: 'cache_write_tokens', label: 'Cache write', color: '#e69f00' },
  { id: 'output_tokens', label: 'Output', color: '#cc79a7' },
] as const satisfies readonly SeriesStyle[];

export function TokenSplitChart({ rows }: { rows: ChartRow[] }) {
  return (
    <TimeChart
      rows={rows}
      series={[...TOKEN_SERIES]}
      kind="bar"
      stacked
      format={(v) => `${formatCount(v)} tokens`}
      axisFormat={formatCountShort}
      label="Tokens by kind over time"
      testId="chart-token-split"
    />
  );
}
