export { burnrateSpanProcessor, instrument } from './instrument';
export type { Burnrate, BurnrateSpanProcessor, InstrumentOptions } from './instrument';
export type { BurnrateHealth } from './health/exportHealth';
export type { BurnrateMiddleware } from './middleware';
export type { Attribution, RouteDecision } from './scope';
export type { BudgetGuardOptions } from './budgetEnforcement/callGuard';
export { BudgetExceededError } from './budgetGuard';
export type { ExceededBudget, GuardMode } from './budgetGuard';
export type { FailFastKind, LimitClass } from '@burnrate/contract';
