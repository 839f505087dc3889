// The range's headline numbers, each with its trend over the range.
import { Sparkline } from '../../charts/Sparkline';
import { Kpi } from '../../components/Kpi';
import { LoadState } from '../../components/States';
import { formatCount, formatMs, formatPercent, formatUsd } from '../../format';
import type { Loadable } from '../../hooks/useApi';
import type { TimeseriesResponse } from '../../api/types';

export function MonthKpi({ month }: { month: Loadable<{ spent: number; daily: (number | null)[] }> }) {
  return (
    <div className="kpi">
      <div className="kpi-label">Month to date (UTC)</div>
      <LoadState state={month} what="month to date" height={90}>
        {(m) => (
          <>
            <div className="kpi-value" data-testid="kpi-month">
              {formatUsd(m.spent)}
            </div>
            <Sparkline values={m.daily} />
          </>
        )}
      </LoadState>
    </div>
  );
}

export function RangeKpis({ calls, attempts, rangeLabel }: { calls: TimeseriesResponse; attempts: Loadable<TimeseriesResponse>; rangeLabel: string }) {
  const t = calls.total;
  const rate = attempts.status === 'ready' ? attempts.data.total : undefined;
  return (
    <>
      <Kpi label={`Spend, ${rangeLabel}`} value={formatUsd(t.totals.cost_usd)} trend={t.values.cost_usd} testId="kpi-spend" />
      <Kpi label={`Calls, ${rangeLabel}`} value={formatCount(t.totals.calls)} trend={t.values.calls} testId="kpi-calls" />
      <Kpi
        label="Error rate"
        value={formatPercent(t.totals.error_rate)}
        trend={t.values.error_rate}
        testId="kpi-error-rate"
        tone={(t.totals.error_rate ?? 0) > 0.02 ? 'bad' : undefined}
      />
      <Kpi
        label="429 rate (of attempts)"
        value={rate ? formatPercent(rate.totals.rate_limited_rate) : attempts.status === 'error' ? 'n/a' : '…'}
        detail={rate ? `${formatCount(rate.totals.rate_limited_attempts)} of ${formatCount(rate.totals.attempts)} attempts` : undefined}
        trend={rate?.values.rate_limited_rate}
        testId="kpi-429-rate"
        tone={(rate?.totals.rate_limited_rate ?? 0) > 0.01 ? 'bad' : undefined}
      />
      <Kpi label="p95 latency" value={formatMs(t.totals.latency_p95_ms)} trend={t.values.latency_p95_ms} testId="kpi-p95" />
      <Kpi
        label="Cache savings"
        value={formatUsd(t.totals.cache_savings_usd)}
        detail="vs. the same tokens uncached, at list price"
        trend={t.values.cache_savings_usd}
        testId="kpi-cache-savings"
        tone="good"
      />
    </>
  );
}
