// The hook the alert evaluator calls: drift per UTC day and model between burnrate's estimate
// and Anthropic's report. An alert should look only at `complete` days: today's report is still
// filling in, so its drift says nothing yet.
import type { Gateway } from '../store/gateway';
import { reconciliation } from './reconciliationQuery';

export interface DayModelDrift {
  day: string; // YYYY-MM-DD (UTC)
  /** Canonical model id; '' for cost Anthropic does not attribute to a model. */
  model: string;
  estimateNanoUsd: bigint;
  /** null when Anthropic's report for the day has not been pulled. */
  reportedNanoUsd: bigint | null;
  /** (estimate − reported) / reported × 100; null when not pulled or reported $0 against spend. */
  driftPercent: number | null;
  complete: boolean;
}

const DAY_MS = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Every UTC day that overlaps [from, to). */
export async function driftByDayAndModel(gateway: Gateway, range: { from: Date; to: Date }): Promise<DayModelDrift[]> {
  const fromDay = utcDay(Math.floor(range.from.getTime() / DAY_MS) * DAY_MS);
  const toDay = utcDay(Math.ceil(range.to.getTime() / DAY_MS) * DAY_MS);
  const rows = await reconciliation(gateway, fromDay, toDay);
  return rows.map((row) => ({
    day: row.day,
    model: row.model,
    estimateNanoUsd: row.estimate.costNano,
    reportedNanoUsd: row.reported ? row.reported.costNano : null,
    driftPercent: row.driftPercent,
    complete: row.complete,
  }));
}
