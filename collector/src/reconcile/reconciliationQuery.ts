// Reads both sides for a range of UTC days and lines them up: what the API route and the drift
// alert hook both call.
import type { Gateway } from '../store/gateway';
import { dailyEstimates } from './estimateQuery';
import { reconcileRows, type ReconciledRow } from './reconcileRows';
import { latestDailyReports } from './reportTable';

/** Days in [fromDay, toDay), YYYY-MM-DD in UTC. */
export async function reconciliation(gateway: Gateway, fromDay: string, toDay: string): Promise<ReconciledRow[]> {
  const [estimates, reports] = await Promise.all([dailyEstimates(gateway, fromDay, toDay), latestDailyReports(gateway, fromDay, toDay)]);
  return reconcileRows(estimates, reports);
}
