export { burnrateSpanProcessor, instrument } from './instrument';
export type { Burnrate, BurnrateSpanProcessor, InstrumentOptions } from './instrument';
export type { BurnrateHealth } from './health/export-health';
export type { BurnrateMiddleware } from './middleware';
export type { Attribution, RouteDecision } from './scope';
export type { BudgetGuardOptions } from './enforce/call-guard';
export { BudgetExceededError } from './guard';
export type { ExceededBudget, GuardMode } from './guard';
export type { FailFastKind, LimitClass } from '@burnrate/contract';
