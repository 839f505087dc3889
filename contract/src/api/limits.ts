// The limits API's request and response types (collector/src/limits/routes.ts).
import type { LimitClass } from '../limits';

export type { LimitClass };

export type SpendLimitKind = 'tier_cap' | 'org_limit' | 'workspace_limit';

export interface SpendLimitInput {
  kind: SpendLimitKind;
  /** The workspace a workspace limit is for; its spend is the calls attributed to project = workspace. */
  workspace?: string;
  amountUsd: number;
  /** Alert at these percentages of the amount (default 50, 80, 95). */
  thresholdsPercent?: number[];
}

export interface SpendLimit extends Required<SpendLimitInput> {
  id: string;
  /** 'file' (BURNRATE_SPEND_LIMITS_FILE: read-only here) or 'dashboard'. */
  source: 'file' | 'dashboard';
}

export interface SpendLimitStatus {
  limit: SpendLimit;
  month: string; // 2026-12
  /** burnrate's own month-to-date figure (priced calls in scope). */
  spentUsd: number;
  /** Anthropic's cost report for the month so far, where reconciliation pulled it; else null. */
  reportedUsd: number | null;
  usedRatio: number;
  unpricedCalls: number;
  /** Spend per day over the trailing 7 days: the rate of the forecast. */
  weekRateUsdPerDay: number;
  /** The UTC day the amount is crossed at this week's rate, if within this month; null otherwise. */
  forecastCrossingDay: string | null;
  /** The day burnrate's figure crossed it, if it has. */
  crossedOn: string | null;
  /** How the limit's spend is measured, said plainly. */
  measuredBy: string;
}

export interface SpendLimitsResponse {
  limits: SpendLimitStatus[];
  /** Limits in the config file that could not be read, with why. */
  fileProblems: string[];
}

export interface RefusalBucket {
  t: string;
  limitClass: LimitClass;
  attempts: number;
  wasted: number;
}

export interface RefusalsResponse {
  from: string;
  to: string;
  intervalMinutes: number;
  buckets: RefusalBucket[];
  totals: { limitClass: LimitClass; attempts: number; wasted: number; detail: string }[];
}

export interface LimitInForce {
  limitClass: LimitClass;
  /** The first refusal of this run (after the last call that succeeded). */
  since: string;
  lastRefusedAt: string;
  resumesAt: string | null;
  account: string;
  /** "Calls are refused: the monthly spend cap was reached at 14:02 UTC; access resumes 2027-01-01 00:00 UTC" */
  message: string;
}

export interface LimitsInForceResponse {
  inForce: LimitInForce[];
}

export interface UsageWindowPoint {
  t: string;
  utilization: number;
}

export interface UsageWindowSeries {
  account: string;
  service: string;
  window: '5h' | '7d';
  latest: number;
  latestAt: string;
  resetsAt: string | null;
  /** When the window fills at its recent pace, if before it resets; else null. */
  forecastFullAt: string | null;
  points: UsageWindowPoint[];
}

export interface UsageWindowsResponse {
  from: string;
  to: string;
  series: UsageWindowSeries[];
}
