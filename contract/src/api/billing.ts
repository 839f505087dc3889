// Prices, the bill's lines, model retirements and repricing (collector/src/billing/). Money follows
// CostTotals: USD as a JSON number beside the exact integer nano-dollars as a string.
import type { TimeRange } from './common';

/** USD per million tokens, as the price row states them (exact decimal text). */
export interface PriceRowPrices {
  input: string;
  output: string;
  cacheWrite5m: string;
  cacheWrite1h: string;
  cacheRead: string;
}

export interface PriceRow {
  model: string;
  /** 'default' (built-in list prices) or 'file' (the BURNRATE_PRICING_FILE). */
  source: 'default' | 'file';
  from: string;
  /** File rows only: the first day the row no longer applies. */
  until: string | null;
  usdPerMTok: PriceRowPrices;
  /** Prompt-length bands: over `abovePromptTokens`, the whole request at these prices. */
  bands: { abovePromptTokens: number; usdPerMTok: PriceRowPrices }[];
  /** Exact multipliers as decimal text; null when the model has none. */
  batch: string;
  usOnly: string | null;
  fast: string | null;
  webSearchUsdPerThousand: string;
}

/** GET /api/v1/prices?model=…&at=… : for each model (or the one asked), the row in force at `at`. */
export interface PricesResponse {
  at: string;
  rows: PriceRow[];
}

/** The bill's lines over a range: tokens (standard speed and residency), then each charge on top. */
export interface CostLinesTotals {
  tokens: { costUsd: number; costNanoUsd: string };
  fastMode: { costUsd: number; costNanoUsd: string };
  usOnly: { costUsd: number; costNanoUsd: string };
  webSearch: { costUsd: number; costNanoUsd: string; requests: number };
  /** The sum of the lines: the range's cost. */
  total: { costUsd: number; costNanoUsd: string };
  unpricedCalls: number;
}

/** GET /api/v1/spend/lines?from=…&to=…&<filters> */
export interface CostLinesResponse extends TimeRange, CostLinesTotals {}

/** A model retiring soon that the app still called yesterday. */
export interface RetiringModelUse {
  model: string;
  calls: number;
  /** YYYY-MM-DD from which its requests fail. */
  retires: string;
  /** What Anthropic says to move to; null when it names none. */
  replacement: string | null;
}

/** GET /api/v1/retirements/notice : yesterday's (UTC) calls to models retiring within `withinDays`. */
export interface RetirementNoticeResponse {
  /** The UTC day counted, YYYY-MM-DD. */
  day: string;
  withinDays: number;
  calls: number;
  models: RetiringModelUse[];
}

/** POST /api/v1/admin/reprice body, and `burnrate reprice`'s arguments. */
export interface RepriceRequest {
  from: string;
  to: string;
  /** Only this model (any spelling); all models when absent. */
  model?: string;
  /** Report what would change without writing. */
  dryRun?: boolean;
}

/** What a re-pricing changed, per UTC day and model (only days and models that changed). */
export interface RepriceChange {
  day: string;
  model: string;
  calls: number;
  beforeNanoUsd: string;
  afterNanoUsd: string;
  unpricedBefore: number;
  unpricedAfter: number;
}

export interface RepriceReport {
  from: string;
  to: string;
  model: string | null;
  dryRun: boolean;
  scannedCalls: number;
  changedCalls: number;
  changes: RepriceChange[];
}
