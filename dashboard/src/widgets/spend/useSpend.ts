// The Spend screen's data hooks, one per widget.
import type { SpendDimension } from '../../api/catalog';
import type { ViewScope } from '../../api/requests';
import type { BreakdownResponse, CostLinesResponse, SummaryResponse, TimeseriesResponse } from '../../api/types';
import { widgetRequests } from '../../api/widgetRequests';
import { mapLoadable, useApi } from '../../hooks/useApi';
import { groupRows, metricRows } from '../../transforms/series';

export function useSpendOverTime(scope: ViewScope, by: SpendDimension) {
  return mapLoadable(useApi<TimeseriesResponse>(widgetRequests.spendOverTime(scope, by)), (data) => ({ ...groupRows(data, 'cost_usd'), response: data }));
}

export function useTopSpenders(scope: ViewScope, by: SpendDimension) {
  return useApi<BreakdownResponse>(widgetRequests.topSpenders(scope, by));
}

export const TOKEN_METRICS = ['input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'output_tokens'] as const;

export function useTokenSplit(scope: ViewScope) {
  return mapLoadable(useApi<TimeseriesResponse>(widgetRequests.tokenSplit(scope)), (data) => ({
    rows: metricRows(data, TOKEN_METRICS),
    totals: data.total.totals,
  }));
}

/** The range's totals: the screen's primary request (empty state) and the unpriced warning. */
export function useSpendSummary(scope: ViewScope) {
  return useApi<SummaryResponse>(widgetRequests.spendSummary(scope));
}

/** The bill's lines: tokens, then the fast-mode and US-only premiums and the web search fees. */
export function useCostLines(scope: ViewScope) {
  return useApi<CostLinesResponse>(widgetRequests.costLines(scope));
}
