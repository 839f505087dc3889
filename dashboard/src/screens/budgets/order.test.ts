import { describe, expect, it } from 'vitest';
import type { AlertRule, BudgetStatus } from '../../api/types';
import { orderBudgets, orderRules } from './order';

const rule = (id: string, name: string, kind: AlertRule['condition']['kind']) => ({ id, name, condition: { kind } }) as AlertRule;
const status = (id: string, name: string) => ({ budget: { id, name } }) as BudgetStatus;

describe('Budgets screen order', () => {
  it('lists rules by kind (spend, reliability, hygiene), then name, whatever order the API used', () => {
    const rules = [
      rule('1', 'Drift', 'reconcile_drift'),
      rule('2', 'Errors', 'error_ratio'),
      rule('3', 'B', 'budget_threshold'),
      rule('4', '429s', 'rate_limited_ratio'),
      rule('5', 'A', 'budget_threshold'),
    ];
    const expected = ['A', 'B', '429s', 'Errors', 'Drift'];
    expect(orderRules(rules).map((r) => r.name)).toEqual(expected);
    expect(orderRules([...rules].reverse()).map((r) => r.name)).toEqual(expected);
  });

  it('lists budgets by name, the id breaking ties, without changing its input', () => {
    const input = [status('b', 'Team'), status('a', 'Company'), status('c', 'Team')];
    expect(orderBudgets(input).map((s) => s.budget.id)).toEqual(['a', 'b', 'c']);
    expect(input.map((s) => s.budget.id)).toEqual(['b', 'a', 'c']);
  });
});
