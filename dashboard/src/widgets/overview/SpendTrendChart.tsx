// Spend and calls over the range, from the KPI request (no extra query).
import { TimeChart } from '../../charts/TimeChart';
import type { SeriesStyle } from '../../charts/palette';
import { formatUsd, formatUsdShort } from '../../format';
import { metricRows } from '../../transforms/series';
import type { TimeseriesResponse } from '../../api/types';

const SERIES = [{ id: 'cost_usd', label: 'Spend', color: '#e4572e' }] as const satisfies readonly SeriesStyle[];

export function SpendTrendChart({ data }: { data: TimeseriesResponse }) {
  return <TimeChart rows={metricRows(data, ['cost_usd'])} series={[...SERIES]} kind="bar" format={formatUsd} axisFormat={formatUsdShort} label="Spend per interval over the selected range" testId="chart-spend-trend" height={200} />;
}
