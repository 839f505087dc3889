// Shapes every API answer shares: the time range asked, token and money totals (USD as a JSON
// number beside the exact nano-dollars as a string), and the error body.

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

export interface ApiError {
  error: string;
  message: string;
}
