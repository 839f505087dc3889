import { Panel } from '../components/Panel';
import { LoadState } from '../components/States';
import { formatCount, formatPercent } from '../format';
import { useScope } from '../hooks/useScope';
import { MIX_METRICS, type UrlState } from '../state/urlState';
import type { MixMetric } from '../api/widgetRequests';
import { FallbackRateChart } from '../widgets/routing/FallbackRateChart';
import { ModelMixChart } from '../widgets/routing/ModelMixChart';
import { RequestedServedTable } from '../widgets/routing/RequestedServedTable';
import { RouteFlowChart } from '../widgets/routing/RouteFlowChart';
import { useFallbackRate, useModelMix, useRequestedVsServed, useRouteFlow } from '../widgets/routing/useRouting';
import { ScreenStates } from './screenState';

const MIX_LABELS: Record<MixMetric, string> = { calls: 'calls', total_tokens: 'tokens', cost_usd: 'cost' };

export function RoutingScreen({ url, update }: { url: UrlState; update: (c: Partial<UrlState>) => void }) {
  const { scope } = useScope(url);
  const fallback = useFallbackRate(scope);
  const mix = useModelMix(scope, url.mix);
  const routes = useRouteFlow(scope);
  const served = useRequestedVsServed(scope);
  return (
    <ScreenStates state={fallback} what="routing" calls={(d) => d.total.totals.calls ?? 0} url={url} update={update}>
      {(data) => (
        <div className="grid">
          <Panel
            title="Model mix"
            wide
            actions={
              <div role="group" aria-label="Mix by" className="segmented">
                {MIX_METRICS.map((m) => (
                  <button key={m} type="button" aria-pressed={url.mix === m} onClick={() => update({ mix: m })}>
                    {MIX_LABELS[m]}
                  </button>
                ))}
              </div>
            }
          >
            <LoadState state={mix} what="the model mix">
              {(d) => (
                <>
                  <ModelMixChart rows={d.rows} series={d.series} of={MIX_LABELS[url.mix]} />
                  <ul className="inline-totals" data-testid="mix-totals">
                    {d.totals.map((t) => (
                      <li key={t.label}>
                        {t.label}: <strong>{formatPercent(d.grandTotal > 0 ? (t.values[url.mix] ?? 0) / d.grandTotal : null)}</strong>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </LoadState>
          </Panel>
          <Panel title="Where each route sent its calls">
            <LoadState state={routes} what="routes">
              {(rows) => <RouteFlowChart rows={rows} />}
            </LoadState>
          </Panel>
          <Panel title="Requested vs served model">
            <LoadState state={served} what="requested vs served models">
              {(rows) => <RequestedServedTable rows={rows} />}
            </LoadState>
          </Panel>
          <Panel
            title="Fallback rate"
            wide
            note={`${formatPercent(data.total.totals.fallback_rate)} of ${formatCount(data.total.totals.calls)} calls were served by a fallback model.`}
          >
            <FallbackRateChart data={data} />
          </Panel>
        </div>
      )}
    </ScreenStates>
  );
}
