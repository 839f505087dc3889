import { Panel } from '../components/Panel';
import { LoadState } from '../components/States';
import { formatCount, formatPercent, formatRatio, formatTime } from '../format';
import { useScope } from '../hooks/useScope';
import type { UrlState } from '../state/urlState';
import { ErrorRateChart } from '../widgets/reliability/ErrorRateChart';
import { HeadroomPanel } from '../widgets/reliability/HeadroomPanel';
import { LatencyChart } from '../widgets/reliability/LatencyChart';
import { LatencyTable } from '../widgets/reliability/LatencyTable';
import { RateLimitedChart } from '../widgets/reliability/RateLimitedChart';
import { RetriesChart } from '../widgets/reliability/RetriesChart';
import { useCallOutcomes, useErrorRates, useHeadroom, useLatencyByModel, useRateLimited } from '../widgets/reliability/useReliability';
import { IngestHealthPanel } from '../widgets/ingest/IngestHealthPanel';
import { RefusalsPanel } from '../widgets/limits/RefusalsPanel';
import { SpendLimitsPanel } from '../widgets/limits/SpendLimitsPanel';
import { UsageWindowsPanel } from '../widgets/limits/UsageWindowsPanel';
import { ScreenStates } from './screenState';

export function ReliabilityScreen({ url, update }: { url: UrlState; update: (c: Partial<UrlState>) => void }) {
  const { scope } = useScope(url);
  const calls = useCallOutcomes(scope);
  const limited = useRateLimited(scope);
  const errors = useErrorRates(scope, calls);
  const latency = useLatencyByModel(scope);
  const headroom = useHeadroom(scope);
  return (
    <ScreenStates state={calls} what="reliability" calls={(d) => d.total.totals.calls ?? 0} url={url} update={update}>
      {(data) => (
        <div className="grid">
          <RefusalsPanel scope={scope} />
          <Panel
            title="Rate-limited and overloaded attempts"
            wide
            note="Per minute, every attempt counted, retried ones included. Bars: the bucket's average; dashed lines: its worst minute. Every 429 counts here, a spend cap's too: Refusals by limit tells them apart."
          >
            <LoadState state={limited} what="attempt outcomes">
              {(d) => (
                <>
                  <RateLimitedChart rows={d.rows} showPeaks={d.showPeaks} />
                  <p className="muted" data-testid="attempt-totals">
                    {formatCount(d.totals.rate_limited_attempts)} rate-limited and {formatCount(d.totals.overloaded_attempts)} overloaded of{' '}
                    {formatCount(d.totals.attempts)} attempts (
                    {formatPercent(d.totals.attempts ? (d.totals.rate_limited_attempts ?? 0) / d.totals.attempts : null)} 429s)
                  </p>
                  {d.worst.length > 0 && (
                    <p className="muted" data-testid="attempt-peaks">
                      Worst minute: {d.worst.map((w) => `${formatCount(w.count)} × ${w.status} at ${formatTime(w.at).slice(0, 16)} UTC`).join('; ')}
                    </p>
                  )}
                </>
              )}
            </LoadState>
          </Panel>
          <Panel
            title="Error rate by error type"
            note={`Overall ${formatPercent(data.total.totals.error_rate)} of ${formatCount(data.total.totals.calls)} calls.`}
          >
            <LoadState state={errors} what="error rates">
              {(d) => (d.series.length === 0 ? <p className="muted">No errors in this range.</p> : <ErrorRateChart rows={d.rows} series={d.series} />)}
            </LoadState>
          </Panel>
          <Panel title="Retries per call" note={`${formatRatio(data.total.totals.retries_per_call, 3)} over the range.`}>
            <RetriesChart data={data} />
          </Panel>
          <Panel title="Latency by model" wide>
            <LoadState state={latency} what="latency">
              {(d) => (
                <div className="split">
                  <LatencyChart rows={d.rows} series={d.series} />
                  <LatencyTable rows={d.table} />
                </div>
              )}
            </LoadState>
          </Panel>
          <Panel title="Rate-limit headroom" wide>
            <LoadState state={headroom} what="rate-limit headroom">
              {(d) => <HeadroomPanel data={d} now={new Date()} />}
            </LoadState>
          </Panel>
          <UsageWindowsPanel scope={scope} />
          <SpendLimitsPanel />
          <IngestHealthPanel />
        </div>
      )}
    </ScreenStates>
  );
}
