// The Reliability screen's data hooks, one per widget.
import type { ViewScope } from '../../api/requests';
import type { AttemptPeaksResponse, RateLimitsResponse, TimeseriesResponse } from '../../api/types';
import { widgetRequests } from '../../api/widgetRequests';
import { mapLoadable, useApi, type Loadable } from '../../hooks/useApi';
import { withPeaks, worstMinutes } from '../../transforms/peaks';
import { errorRateRows, groupRows, intervalMs, metricRows, perMinute, totalsRows } from '../../transforms/series';

/** The screen's primary request: calls, errors, retries per interval. */
export function useCallOutcomes(scope: ViewScope) {
  return useApi<TimeseriesResponse>(widgetRequests.callOutcomes(scope));
}

/**
 * 429s and 529s per minute (bucket counts divided by the bucket's minutes) and, in buckets longer
 * than a minute, each bucket's worst minute beside it, so a short storm in a long view stays visible.
 */
export function useRateLimited(scope: ViewScope) {
  const averages = useApi<TimeseriesResponse>(widgetRequests.attemptOutcomes(scope));
  const peaks = useApi<AttemptPeaksResponse>(widgetRequests.attemptPeaks(scope));
  return mapLoadable(averages, (data) => {
    const rows = metricRows(data, ['rate_limited_attempts', 'overloaded_attempts'], (_, v) => perMinute(v, intervalMs(data.interval)));
    const coarse = data.interval !== '1m' && peaks.status === 'ready' && peaks.data.interval === data.interval;
    return {
      rows: coarse ? withPeaks(rows, peaks.data) : rows,
      showPeaks: coarse,
      worst: peaks.status === 'ready' ? worstMinutes(peaks.data) : [],
      totals: data.total.totals,
    };
  });
}

export function useErrorRates(scope: ViewScope, calls: Loadable<TimeseriesResponse>) {
  const byType = useApi<TimeseriesResponse>(widgetRequests.errorsByType(scope));
  if (byType.status !== 'ready') return byType;
  if (calls.status !== 'ready') return calls;
  return { status: 'ready' as const, data: errorRateRows(byType.data, calls.data), updating: byType.updating || calls.updating };
}

export function useLatencyByModel(scope: ViewScope) {
  return mapLoadable(useApi<TimeseriesResponse>(widgetRequests.latencyByModel(scope)), (data) => ({
    ...groupRows(data, 'latency_p95_ms'),
    table: totalsRows(data),
  }));
}

export function useHeadroom(scope: ViewScope) {
  return useApi<RateLimitsResponse>(widgetRequests.rateLimitHeadroom(scope));
}
