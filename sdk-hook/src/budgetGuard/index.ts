// The budget guard's public surface (wired into instrument() by its owner).
export { createBudgetStatusGuard, budgetStatusUrl } from './statusGuard';
export type { BudgetStatusGuard, BudgetStatusGuardOptions } from './statusGuard';
export { BudgetExceededError } from './budgetExceededError';
export type { ExceededBudget } from './budgetExceededError';
export { canonicalModel, decide } from './decide';
export type { DowngradeOptions, GuardCall, GuardDecision, GuardMode } from './decide';
