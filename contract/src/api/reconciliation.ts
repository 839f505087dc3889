// Reconciliation with Anthropic's own bill (GET /api/v1/reconciliation). Per UTC day and model:
// burnrate's estimate from its calls, Anthropic's figure from its Usage and Cost Analytics API,
// and the drift between them. Money as everywhere: USD number beside exact nano-dollar text.
import type { CostTotals, TimeRange, TokenTotals } from './common';

export interface ReconciliationEstimate extends TokenTotals, CostTotals {
  calls: number;
}

export interface ReconciliationReported extends TokenTotals {
  /** Token cost Anthropic reports, after discounts and before credits. */
  costUsd: number;
  costNanoUsd: string;
  /** The same tokens at list price (before discounts). */
  listCostUsd: number;
  listCostNanoUsd: string;
  /** Not tokens (web search, code execution, Managed Agents session time): not in burnrate's estimate. */
  otherCostUsd: number;
  otherCostNanoUsd: string;
  requests: number;
}

export interface ReconciliationRow {
  /** YYYY-MM-DD, UTC (Anthropic's report buckets are UTC days). */
  day: string;
  /** Canonical model id; '' for cost Anthropic does not attribute to a model. */
  model: string;
  estimate: ReconciliationEstimate;
  /** null when Anthropic's report for the day has not been pulled yet. */
  reported: ReconciliationReported | null;
  /** (estimate − reported) / reported × 100 on token cost, 2 decimals; null when not pulled, or $0 reported against spend. */
  driftPercent: number | null;
  /** The day is over and Anthropic's data for it was refreshed after it ended: its drift is final. */
  complete: boolean;
}

export interface ReconciliationPull {
  at: string;
  ok: boolean;
  error: string | null;
  /** UTC days the pull covered. */
  days: number;
}

/** GET /api/v1/reconciliation?from&to (whole UTC days; default the last 30 days). */
export interface ReconciliationResponse extends TimeRange {
  /** Whether ANTHROPIC_ADMIN_KEY is set; without it nothing new is pulled and `reported` stays null. */
  anthropicConfigured: boolean;
  lastPull: ReconciliationPull | null;
  rows: ReconciliationRow[];
}
