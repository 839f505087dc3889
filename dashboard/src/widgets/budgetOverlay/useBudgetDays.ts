// The budget days for a view's scope, read beside a spend chart. Optional: a collector without
// the finance module answers 404, and the chart is then drawn without a budget.
import type { ViewScope } from '../../api/requests';
import { useApi } from '../../hooks/useApi';
import type { BudgetDaysResponse } from '../../api/financeTypes';

export function budgetDaysUrl(scope: ViewScope): string {
  const params = new URLSearchParams([
    ['from', scope.from.toISOString()],
    ['to', scope.to.toISOString()],
  ]);
  for (const [name, values] of Object.entries(scope.filters)) for (const value of values ?? []) params.append(name, value);
  return `/api/v1/finance/budget-days?${params}`;
}

export function useBudgetDays(scope: ViewScope): BudgetDaysResponse | undefined {
  const state = useApi<BudgetDaysResponse | undefined>(budgetDaysUrl(scope), { optional404: true });
  return state.status === 'ready' ? state.data : undefined;
}
