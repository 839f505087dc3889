// The Reliability screen's data hooks, one per widget.
import type { ViewScope } from '../../api/requests';
import type { RateLimitsResponse, TimeseriesResponse } from '../../api/types';
import { widgetRequests } from '../../api/widgetRequests';
import { mapLoadable, useApi, type Loadable } from '../../hooks/useApi';
import { errorRateRows, groupRows, intervalMs, metricRows, perMinute, totalsRows } from '../../transforms/series';

/** The screen's primary request: calls, errors, retries per interval. */
export function useCallOutcomes(scope: ViewScope) {
  return useApi<TimeseriesResponse>(widgetRequests.callOutcomes(scope));
}

/** 429s and 529s per minute (bucket counts divided by the bucket's minutes). */
export function useRateLimited(scope: ViewScope) {
  return mapLoadable(useApi<TimeseriesResponse>(widgetRequests.attemptOutcomes(scope)), (data) => ({
    rows: metricRows(data, ['rate_limited_attempts', 'overloaded_attempts'], (_, v) => perMinute(v, intervalMs(data.interval))),
    totals: data.total.totals,
  }));
}

export function useErrorRates(scope: ViewScope, calls: Loadable<TimeseriesResponse>) {
  const byType = useApi<TimeseriesResponse>(widgetRequests.errorsByType(scope));
  if (byType.status !== 'ready') return byType;
  if (calls.status !== 'ready') return calls;
  return { status: 'ready' as const, data: errorRateRows(byType.data, calls.data), updating: byType.updating || calls.updating };
}

export function useLatencyByModel(scope: ViewScope) {
  return mapLoadable(useApi<TimeseriesResponse>(widgetRequests.latencyByModel(scope)), (data) => ({ ...groupRows(data, 'latency_p95_ms'), table: totalsRows(data) }));
}

export function useHeadroom(scope: ViewScope) {
  return useApi<RateLimitsResponse>(widgetRequests.rateLimitHeadroom(scope));
}
