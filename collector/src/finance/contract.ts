// The finance API's request and response types (chargeback, FOCUS export, forecast). Kept beside
// the finance module rather than in @burnrate/contract (contract/src/api/) so this feature's changes stay in its folder;
// the dashboard imports these types the same way it imports the core contract.

export const CHARGEBACK_DIMENSIONS = ['team', 'project', 'tenant', 'user', 'service', 'feature'] as const;
export type ChargebackDimension = (typeof CHARGEBACK_DIMENSIONS)[number];

/** Token counts by kind; `input` is uncached input, as everywhere in burnrate. */
export interface TokenKinds {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

/** An amount three ways: a JSON number exact to the nano-dollar, the exact integer, and cents. */
export interface Amount {
  usd: number;
  nanoUsd: string;
  /**
   * Whole cents. In a chargeback the rows' cents are allocated so that they add up to the
   * total's cents exactly (largest remainder), as an invoice split across teams must.
   */
  cents: number;
}

export interface ChargebackModelLine {
  model: string;
  cost: Amount;
  calls: number;
  unpricedCalls: number;
  tokens: TokenKinds;
}

export interface ChargebackMonthLine {
  /** YYYY-MM (UTC). */
  month: string;
  cost: Amount;
  calls: number;
}

export interface ChargebackRow {
  /** The team, project, … ('' = calls that carried none). */
  key: string;
  cost: Amount;
  /** This row's part of the month's priced spend, 0–1. */
  share: number;
  calls: number;
  unpricedCalls: number;
  tokens: TokenKinds;
  /** Batch API calls among them (billed at the batch discount). */
  batchCalls: number;
  previous: Amount;
  /** This month minus the previous month, nano-dollars as an exact integer string. */
  changeNanoUsd: string;
  changeUsd: number;
  /** Relative change; null when the previous month had no spend. */
  changeRatio: number | null;
  byModel: ChargebackModelLine[];
  /** Oldest first, ending with the month asked for. */
  history: ChargebackMonthLine[];
}

export interface ChargebackResponse {
  by: ChargebackDimension;
  month: string;
  periodStart: string;
  periodEnd: string;
  months: string[];
  total: Amount;
  previousTotal: Amount;
  calls: number;
  unpricedCalls: number;
  /** Models with no price among this month's calls: their spend is unknown, never $0. */
  unpricedModels: string[];
  rows: ChargebackRow[];
}

/** One local day of a daily budget: its spend and whether it went over. */
export interface BudgetDay {
  /** YYYY-MM-DD in the budget's time zone. */
  day: string;
  start: string;
  end: string;
  spentUsd: number;
  spentNanoUsd: string;
  /** Spend reached the amount (exact integer comparison). */
  over: boolean;
}

/** GET /api/v1/finance/budget-days: the daily budget that covers a chart's scope, and its days. */
export interface BudgetDaysResponse {
  from: string;
  to: string;
  /** null when no daily budget covers exactly this scope (no filter: a company-wide one). */
  budget: { id: string; name: string; amountUsd: number; amountNanoUsd: string; timeZone: string } | null;
  days: BudgetDay[];
}

export type ForecastMethodName = 'weekday' | 'daily-mean' | 'run-rate';

export interface ForecastDay {
  /** YYYY-MM-DD, local to the forecast's time zone. */
  day: string;
  /** Spend of a day that has begun (today included); null for days to come. */
  actualUsd: number | null;
  /** What the model expects of a day still to come (today: its remainder); null for past days. */
  expectedUsd: number | null;
}

/** A period's spend forecast: the exact spend so far, the projection at the period's end and its 80% band. */
export interface ForecastResponse {
  at: string;
  period: 'day' | 'month';
  timeZone: string;
  periodStart: string;
  periodEnd: string;
  /** How the projection was made: weekday means (≥ 14 days of history), a daily mean, or the run rate. */
  method: ForecastMethodName;
  /** Complete days of history the model learnt from (at most 28). */
  historyDays: number;
  spentUsd: number;
  spentNanoUsd: string;
  projectedUsd: number;
  projectedNanoUsd: string;
  lowUsd: number;
  lowNanoUsd: string;
  highUsd: number;
  highNanoUsd: string;
  days: ForecastDay[];
}

/** GET /api/v1/finance/budget-forecasts: each budget's forecast for its own period. */
export interface BudgetForecastsResponse {
  at: string;
  forecasts: { budgetId: string; forecast: ForecastResponse; amountUsd: number; projectedToExceed: boolean; highExceeds: boolean }[];
}

export const CACHE_ROI_DIMENSIONS = ['service', 'feature', 'model', 'team', 'project'] as const;
export type CacheRoiDimension = (typeof CACHE_ROI_DIMENSIONS)[number];

/** What prompt caching did for one service (feature, model, …), at list prices. */
export interface CacheRoiRow {
  key: string;
  calls: number;
  /** Calls that read from or wrote to the cache. */
  cachingCalls: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  /** Reads at their discount: what they would have cost as uncached input, minus what they cost. */
  readSavingsNanoUsd: string;
  readSavingsUsd: number;
  /** What 5-minute writes cost above uncached input. */
  write5mPremiumNanoUsd: string;
  write5mPremiumUsd: number;
  write1hPremiumNanoUsd: string;
  write1hPremiumUsd: number;
  /** Read savings minus both write premiums. */
  netNanoUsd: string;
  netUsd: number;
  /** Cached tokens read per token written; null with no writes. */
  readsPerWrite: number | null;
  /** Caching cost more than it saved. */
  losing: boolean;
  /** TTL what-if: the net if every write had been a 5-minute one, and if every write had been a 1-hour one. */
  netIfAll5mUsd: number;
  netIfAll5mNanoUsd: string;
  netIfAll1hUsd: number;
  netIfAll1hNanoUsd: string;
  /** Calls whose model has no price: not in the money columns. */
  unpricedCalls: number;
}

export interface CacheRoiResponse {
  by: CacheRoiDimension;
  from: string;
  to: string;
  total: Omit<CacheRoiRow, 'key'>;
  rows: CacheRoiRow[];
}

/** A what-if: the same calls under another model, the Batch API, or every cache write at one TTL. */
export interface WhatIfScenarioResult {
  /** As asked: "model:claude-haiku-4-5", "batch", "ttl:5m", "ttl:1h". */
  scenario: string;
  label: string;
  costUsd: number;
  costNanoUsd: string;
  /** Against today's prices for the same calls (those priced both ways). */
  deltaUsd: number;
  deltaNanoUsd: string;
  /** The change scaled to 30 days of the same traffic. */
  deltaPerMonthUsd: number;
  /** Calls this scenario cannot price (no price for the model, fast mode on the Batch API…). */
  unpricedCalls: number;
}

/** GET /api/v1/finance/what-if */
export interface WhatIfResponse {
  from: string;
  to: string;
  calls: number;
  /** The stored cost of these calls, as billed. */
  actualUsd: number;
  actualNanoUsd: string;
  /** The same calls priced today the way scenarios are priced (by group; see whatIf.ts). */
  baselineUsd: number;
  baselineNanoUsd: string;
  unpricedCalls: number;
  scenarios: WhatIfScenarioResult[];
}

/**
 * What makes a run: the calls that share a trace (one request, or one agent run with its steps),
 * or the calls that share a session id (a conversation of many requests; set by the sdk-hook's
 * withContext({ session }), gen_ai.conversation.id or session.id).
 */
export const RUN_GROUPINGS = ['trace', 'session'] as const;
export type RunGrouping = (typeof RUN_GROUPINGS)[number];

/** One run: the calls that share a trace, or a session. */
export interface RunSummary {
  /** The trace id (32 hex digits) or the session id. */
  id: string;
  start: string;
  end: string;
  durationMs: number;
  calls: number;
  /** Traces (requests) the run spans: 1 for a trace. */
  traces: number;
  costUsd: number;
  costNanoUsd: string;
  unpricedCalls: number;
  models: string[];
  services: string[];
  /** The first call's attribution. */
  team: string;
  feature: string;
  user: string;
}

/** Calls in the range that belong to no run of this grouping (no session id set), counted apart. */
export interface CallsOutsideRuns {
  calls: number;
  costUsd: number;
  costNanoUsd: string;
  unpricedCalls: number;
}

/** GET /api/v1/finance/runs?by=trace|session: the most expensive runs in the range. */
export interface RunsResponse {
  from: string;
  to: string;
  by: RunGrouping;
  /** Runs in the range, and their priced spend, for shares. */
  runs: number;
  totalUsd: number;
  totalNanoUsd: string;
  rows: RunSummary[];
  /** by=session: the calls with no session id (every call has a trace, so null for by=trace). */
  outside: CallsOutsideRuns | null;
}

/** GET /api/v1/finance/runs/:runId?by=trace|session: the run's calls in time order (its timeline). */
export interface RunDetailResponse {
  by: RunGrouping;
  id: string;
  calls: import('@burnrate/contract').CallListRow[];
}

export const DIGEST_SCHEDULES = ['daily', 'weekly'] as const;
export type DigestSchedule = (typeof DIGEST_SCHEDULES)[number];

/** A scheduled spend digest, sent to an alert channel (webhook or Slack). */
export interface Digest {
  id: string;
  name: string;
  schedule: DigestSchedule;
  /** UTC hour it is sent at. */
  hourUtc: number;
  /** Weekly digests: 0 = Sunday … 6 = Saturday. */
  weekday: number;
  channelId: string;
  enabled: boolean;
  /** The last period sent ("2026-11-20" daily, "2026-11-16" weekly: the window's first day). */
  lastSentFor: string;
}

export type DigestInput = Pick<Digest, 'name' | 'schedule' | 'hourUtc' | 'weekday' | 'channelId' | 'enabled'>;

export interface DigestMover {
  key: string;
  usd: number;
  previousUsd: number;
  changeUsd: number;
  /** null when the previous window had no spend. */
  changeRatio: number | null;
}

/** What a digest says: the window's spend against the one before, who moved, budgets, forecast. */
export interface DigestContent {
  schedule: DigestSchedule;
  /** [from, to): the previous UTC day, or the previous 7 UTC days. */
  from: string;
  to: string;
  spendUsd: number;
  spendNanoUsd: string;
  previousUsd: number;
  previousNanoUsd: string;
  calls: number;
  unpricedCalls: number;
  teams: DigestMover[];
  models: DigestMover[];
  budgets: { name: string; period: string; spentUsd: number; amountUsd: number; usedRatio: number; exceeded: boolean; projectedToExceed: boolean }[];
  forecast: { projectedUsd: number; lowUsd: number; highUsd: number; method: string };
  /** Plain-language flags: a team or model that doubled, a budget over. */
  anomalies: string[];
  /** The same digest as text (what Slack shows). */
  text: string;
}

export interface DigestListResponse {
  digests: Digest[];
}
