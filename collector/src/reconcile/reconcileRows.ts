// burnrate's estimate beside Anthropic's report, per UTC day and model, and the drift between
// them. Pure: the rows come in, nothing is read or written here.
import { emptyDailyReport, type DailyReport } from './dailyReport';
import type { DailyEstimate } from './estimateQuery';
import type { StoredDailyReport } from './reportTable';

const DAY_MS = 86_400_000;

export interface ReconciledRow {
  day: string;
  model: string;
  estimate: DailyEstimate;
  /** null: Anthropic's report for this day has not been pulled. */
  reported: DailyReport | null;
  /** (estimate − reported) / reported × 100 on token cost, to 0.01; null when it cannot be said. */
  driftPercent: number | null;
  /** Anthropic's data for the whole day was in when it was pulled (the day is over and refreshed since). */
  complete: boolean;
}

/**
 * Percent by which burnrate's estimate is over (+) or under (−) Anthropic's figure, rounded half
 * away from zero to two decimals, computed on the exact integers. Reported zero: 0 when the
 * estimate is zero too, null otherwise (any spend against nothing has no percentage).
 */
export function driftPercent(estimateNano: bigint, reportedNano: bigint): number | null {
  if (reportedNano === 0n) return estimateNano === 0n ? 0 : null;
  const numerator = (estimateNano - reportedNano) * 10_000n;
  const negative = numerator < 0n !== reportedNano < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = reportedNano < 0n ? -reportedNano : reportedNano;
  let hundredths = n / d;
  if ((n % d) * 2n >= d) hundredths += 1n;
  const value = Number(hundredths) / 100;
  return negative && value !== 0 ? -value : value;
}

function noEstimate(day: string, model: string): DailyEstimate {
  return {
    day,
    model,
    calls: 0,
    unpricedCalls: 0,
    costNano: 0n,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
  };
}

function isEmptyReport(r: DailyReport): boolean {
  return r.costNano === 0n && r.listCostNano === 0n && r.otherCostNano === 0n && r.requests === 0 && r.uncachedInputTokens === 0 && r.outputTokens === 0;
}

export function reconcileRows(estimates: readonly DailyEstimate[], reports: readonly StoredDailyReport[]): ReconciledRow[] {
  const key = (day: string, model: string) => `${day}\u0000${model}`;
  const estimateByKey = new Map(estimates.map((e) => [key(e.day, e.model), e]));
  const reportByKey = new Map(reports.map((r) => [key(r.day, r.model), r]));
  // Every pulled day has at least its '' row (dailyReports writes one), so this is the set of pulled days.
  const freshness = new Map<string, Date>();
  for (const r of reports) freshness.set(r.day, r.refreshedAt ?? r.pulledAt);

  const keys = new Map<string, { day: string; model: string }>();
  for (const e of estimates) keys.set(key(e.day, e.model), { day: e.day, model: e.model });
  for (const r of reports) {
    // The '' row is a marker unless Anthropic really reported unattributed cost that day.
    if (r.model === '' && isEmptyReport(r)) continue;
    keys.set(key(r.day, r.model), { day: r.day, model: r.model });
  }

  const rows: ReconciledRow[] = [];
  for (const [k, { day, model }] of keys) {
    const estimate = estimateByKey.get(k) ?? noEstimate(day, model);
    const fresh = freshness.get(day);
    // A pulled day that does not list this model: Anthropic billed nothing for it.
    const reported = fresh === undefined ? null : (reportByKey.get(k) ?? emptyDailyReport(day, model));
    rows.push({
      day,
      model,
      estimate,
      reported,
      driftPercent: reported ? driftPercent(estimate.costNano, reported.costNano) : null,
      complete: fresh !== undefined && fresh.getTime() >= Date.parse(`${day}T00:00:00Z`) + DAY_MS,
    });
  }
  return rows.sort((a, b) => (a.day === b.day ? a.model.localeCompare(b.model) : a.day.localeCompare(b.day)));
}
