// Budgets (/api/v1/budgets). Money follows CostTotals: a JSON number in USD beside the exact
// integer nano-dollars as a string.

export const BUDGET_SCOPE_KINDS = ['all', 'service', 'team', 'project', 'feature', 'model', 'user'] as const;
export type BudgetScopeKind = (typeof BUDGET_SCOPE_KINDS)[number];
export const BUDGET_PERIODS = ['day', 'month'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export interface BudgetScope {
  kind: BudgetScopeKind;
  /** The team, service, … name; '' when kind is 'all'. A model is kept in its canonical id. */
  value: string;
}

export interface Budget {
  id: string;
  name: string;
  scope: BudgetScope;
  period: BudgetPeriod;
  /** IANA time zone the period's day or month is counted in. */
  timeZone: string;
  amountUsd: number;
  amountNanoUsd: string;
  /** Percent of the amount, ascending. */
  thresholdsPercent: number[];
  createdAt: string;
  updatedAt: string;
}

/** POST /api/v1/budgets; PATCH takes any subset. */
export interface BudgetInput {
  name: string;
  scope: BudgetScope;
  period: BudgetPeriod;
  /** Default 'UTC'. */
  timeZone?: string;
  /** At most 9 decimals. */
  amountUsd: number;
  /** Default [50, 80, 100]. */
  thresholdsPercent?: number[];
}

export interface BudgetListResponse {
  budgets: Budget[];
}

export interface BudgetStatus {
  budget: Budget;
  /** ISO 8601: this period's first instant (inclusive) and the next period's (exclusive). */
  periodStart: string;
  periodEnd: string;
  spentUsd: number;
  spentNanoUsd: string;
  /** amount − spent, never below 0. */
  remainingUsd: number;
  remainingNanoUsd: string;
  /** spent / amount (1 = the whole budget). */
  usedRatio: number;
  /** spent + burn rate × time left in the period. */
  projectedUsd: number;
  projectedNanoUsd: string;
  projectedRatio: number;
  /** Spend over the trailing window (1 h for a day budget, 24 h for a month budget), per hour. */
  burnRateUsdPerHour: number;
  burnRateWindowStart: string;
  /** spent ≥ amount. */
  exceeded: boolean;
  /** projected ≥ amount. */
  projectedToExceed: boolean;
  /** When the spend will reach the amount at the current burn rate; null if not this period or already reached. */
  projectedExceedAt: string | null;
  /** Thresholds (percent) the spend has reached this period. */
  thresholdsCrossed: number[];
  calls: number;
  /** Calls in scope whose model has no price: not in spentUsd. */
  unpricedCalls: number;
}

/** GET /api/v1/budgets/status */
export interface BudgetStatusResponse {
  at: string;
  budgets: BudgetStatus[];
}
