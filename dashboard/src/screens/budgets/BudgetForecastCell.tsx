// Each budget's forecast for its own period (weekday-aware, with its 80% band), beside the
// burn-rate projection: read once for the whole table.
import { formatUsd } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useClock } from '../../state/refresh';
import type { BudgetForecastsResponse } from '../../api/financeTypes';
import { bandText } from '../../widgets/forecast/forecastView';

export type BudgetForecast = BudgetForecastsResponse['forecasts'][number];

/** Budget id → forecast; empty while loading or when the collector has no forecasts. */
export function useBudgetForecasts(): Map<string, BudgetForecast> {
  const { now } = useClock();
  const state = useApi<BudgetForecastsResponse | undefined>('/api/v1/finance/budget-forecasts', { optional404: true, reloadKey: now.getTime() });
  return new Map(state.status === 'ready' && state.data ? state.data.forecasts.map((f) => [f.budgetId, f]) : []);
}

export function BudgetForecastCell({ forecast }: { forecast: BudgetForecast | undefined }) {
  if (!forecast) return <td className="num muted">…</td>;
  const tone = forecast.projectedToExceed ? ' bad' : forecast.highExceeds ? ' warn' : '';
  return (
    <td className={`num${tone}`} data-testid="budget-forecast" title={`80% between ${bandText(forecast.forecast)}`}>
      {formatUsd(forecast.forecast.projectedUsd)} <span className="muted small">({bandText(forecast.forecast)})</span>
    </td>
  );
}
