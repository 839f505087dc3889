// The Overview's data hooks, one per widget: the range KPIs (calls side and attempts side),
// today's spend with its projection, month to date, and the daily budget.
import { BUDGET_STATUS_URL, type ViewScope } from '../../api/requests';
import type { BudgetStatusResponse, TimeseriesResponse } from '../../api/types';
import { widgetRequests } from '../../api/widgetRequests';
import { mapLoadable, useApi } from '../../hooks/useApi';
import { dailyBudget } from '../../transforms/budget';
import { projectEndOfDay } from '../../transforms/projection';

export function useRangeKpis(scope: ViewScope) {
  return useApi<TimeseriesResponse>(widgetRequests.overviewCalls(scope));
}

export function useAttemptKpis(scope: ViewScope) {
  return useApi<TimeseriesResponse>(widgetRequests.overviewAttempts(scope));
}

export function useTodaySpend(scope: ViewScope, now: Date) {
  const state = useApi<TimeseriesResponse>(widgetRequests.todaySpend(scope, now));
  return mapLoadable(state, (data) => {
    const hourly = data.buckets.map((t, i) => ({ t, usd: data.total.values.cost_usd?.[i] ?? 0 }));
    return { spent: data.total.totals.cost_usd ?? 0, hourly: hourly.map((h) => h.usd), projection: projectEndOfDay(hourly, now) };
  });
}

export function useMonthSpend(scope: ViewScope, now: Date) {
  const state = useApi<TimeseriesResponse>(widgetRequests.monthSpend(scope, now));
  return mapLoadable(state, (data) => ({ spent: data.total.totals.cost_usd ?? 0, daily: data.total.values.cost_usd ?? [] }));
}

/** The company daily budget's status; undefined when none is set or budgets are not installed. */
export function useDailyBudget(now: Date) {
  const state = useApi<BudgetStatusResponse | undefined>(BUDGET_STATUS_URL, { optional404: true, reloadKey: now.getTime() });
  return mapLoadable(state, dailyBudget);
}
