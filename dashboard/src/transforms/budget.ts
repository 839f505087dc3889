// Which budget the Overview shows against today's spend: the company-wide daily one if there
// is one, else any daily budget (the first, as the API orders them).
import type { BudgetStatus, BudgetStatusResponse } from '../api/types';

export function dailyBudget(response: BudgetStatusResponse | undefined): BudgetStatus | undefined {
  const daily = (response?.budgets ?? []).filter((s) => s.budget.period === 'day');
  return daily.find((s) => s.budget.scope.kind === 'all') ?? daily[0];
}
