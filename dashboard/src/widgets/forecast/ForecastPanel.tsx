// The Overview's month-end forecast: where this month's spend ends (UTC month, the view's
// scope), its 80% band, how it was made, and the month day by day.
import type { Filters } from '../../api/types';
import { Panel } from '../../components/Panel';
import { LoadState } from '../../components/States';
import { formatUsd } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useClock } from '../../state/refresh';
import type { ForecastResponse } from '../../api/financeTypes';
import { ForecastChart } from './ForecastChart';
import { bandText, forecastUrl, METHOD_LABELS } from './forecastView';

export function ForecastPanel({ filters }: { filters: Filters }) {
  const { now } = useClock();
  const url = forecastUrl(filters);
  const state = useApi<ForecastResponse | undefined>(url, { optional404: true, reloadKey: now.getTime() });
  return (
    <Panel title="Month-end forecast" testId="forecast-panel">
      {url === null ? (
        <p className="muted" data-testid="forecast-unavailable">
          Forecasts cover all calls, or one filter of one value (a team, a service, …). Remove filters to see one.
        </p>
      ) : (
        <LoadState state={state} what="the forecast" height={180}>
          {(f) =>
            f === undefined ? (
              <p className="muted">This collector has no forecast.</p>
            ) : (
              <>
                <div className="kpi-value" data-testid="forecast-projected">
                  {formatUsd(f.projectedUsd)}
                </div>
                <div className="kpi-detail">
                  80% between <span data-testid="forecast-band">{bandText(f)}</span>; <span data-testid="forecast-spent">{formatUsd(f.spentUsd)}</span> spent so
                  far, <span data-testid="forecast-method">{METHOD_LABELS[f.method]}</span>.
                </div>
                <ForecastChart forecast={f} />
              </>
            )
          }
        </LoadState>
      )}
    </Panel>
  );
}
