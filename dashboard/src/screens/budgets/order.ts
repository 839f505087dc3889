// A stable order for what the Budgets screen lists. The API returns budgets, rules and channels
// in no fixed order (its queries read FINAL without ORDER BY), so rows would swap places on each
// refresh. Pure.
import { ALERT_RULE_KINDS } from '@burnrate/contract';
import type { AlertChannel, AlertRule, BudgetStatus } from '../../api/types';

const byText = (a: string, b: string) => a.localeCompare(b, 'en');

export const orderBudgets = (statuses: readonly BudgetStatus[]): BudgetStatus[] =>
  [...statuses].sort((a, b) => byText(a.budget.name, b.budget.name) || byText(a.budget.id, b.budget.id));

export const orderRules = (rules: readonly AlertRule[]): AlertRule[] =>
  [...rules].sort(
    (a, b) => ALERT_RULE_KINDS.indexOf(a.condition.kind) - ALERT_RULE_KINDS.indexOf(b.condition.kind) || byText(a.name, b.name) || byText(a.id, b.id),
  );

export const orderChannels = (channels: readonly AlertChannel[]): AlertChannel[] => [...channels].sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id));
