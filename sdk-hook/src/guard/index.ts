// The budget guard's public surface (wired into instrument() by its owner).
export { createBudgetGuard, budgetStatusUrl } from './budgetGuard';
export type { BudgetGuard, BudgetGuardOptions } from './budgetGuard';
export { BudgetExceededError } from './budgetExceededError';
export type { ExceededBudget } from './budgetExceededError';
export { canonicalModel, decide } from './decide';
export type { DowngradeOptions, GuardCall, GuardDecision, GuardMode } from './decide';
