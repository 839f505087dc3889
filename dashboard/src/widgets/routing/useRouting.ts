// The Routing screen's data hooks, one per widget.
import type { ViewScope } from '../../api/requests';
import type { TimeseriesResponse } from '../../api/types';
import { widgetRequests, type MixMetric } from '../../api/widgetRequests';
import { mapLoadable, useApi } from '../../hooks/useApi';
import { flows } from '../../transforms/routing';
import { groupRows, toShares, totalsRows } from '../../transforms/series';

export function useModelMix(scope: ViewScope, metric: MixMetric) {
  return mapLoadable(useApi<TimeseriesResponse>(widgetRequests.modelMix(scope, metric)), (data) => {
    const { rows, series } = groupRows(data, metric);
    return { rows: toShares(rows, series), series, totals: totalsRows(data), grandTotal: data.total.totals[metric] ?? 0 };
  });
}

export function useRouteFlow(scope: ViewScope) {
  return mapLoadable(useApi<TimeseriesResponse>(widgetRequests.routeFlow(scope)), (data) => flows(data));
}

export function useRequestedVsServed(scope: ViewScope) {
  return mapLoadable(useApi<TimeseriesResponse>(widgetRequests.requestedVsServed(scope)), (data) => flows(data));
}

/** The screen's primary request: fallback rate and calls per interval. */
export function useFallbackRate(scope: ViewScope) {
  return useApi<TimeseriesResponse>(widgetRequests.fallbackRate(scope));
}
