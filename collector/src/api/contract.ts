// The query API's request and response types. The dashboard imports these as types, so a
// change on one side fails the other's type check.

export interface TimeRange {
  /** ISO 8601, inclusive. */
  from: string;
  /** ISO 8601, exclusive. */
  to: string;
}

export interface TokenTotals {
  inputTokens: number; // uncached input
  outputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
}

export interface CostTotals {
  /** Exact to the nano-dollar (see collector/src/money.ts). */
  costUsd: number;
  /** The same amount as an exact integer string of nano-dollars. */
  costNanoUsd: string;
  /** Calls whose model has no price: not in costUsd, never counted as $0. */
  unpricedCalls: number;
}

export interface SummaryResponse extends TimeRange, TokenTotals, CostTotals {
  calls: number;
  errors: number;
  attempts: number;
  /** Attempts after the first of their call (the SDK's retries). */
  retriedAttempts: number;
  rateLimitedAttempts: number; // HTTP 429
  overloadedAttempts: number; // HTTP 529
  /** Attempts whose status the instrumentation did not report (only resends were counted). */
  unknownStatusAttempts: number;
  unpricedModels: string[];
}

export const BREAKDOWN_DIMENSIONS = ['model', 'service', 'team', 'project', 'feature', 'user', 'route'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export interface BreakdownRow extends TokenTotals, CostTotals {
  key: string;
  calls: number;
  errors: number;
}

export interface BreakdownResponse extends TimeRange {
  by: BreakdownDimension;
  rows: BreakdownRow[];
}

export interface ApiError {
  error: string;
  message: string;
}
