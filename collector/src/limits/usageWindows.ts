// Unified usage windows per account, service and window: the readings, and when the window
// fills at its recent pace (the readings since it last reset, the last two hours at most).
import type { Gateway } from '../store/gateway';
import type { UsageWindowSeries } from '@burnrate/contract';
import { usageWindowReadings, type WindowRow } from './queries';

const PACE_MS = 2 * 3_600_000;
const MAX_POINTS = 500;

/** Pure: when utilization reaches 1 at the pace of `rows` (same window period), if before it resets. */
export function forecastFull(rows: readonly WindowRow[]): Date | null {
  const last = rows.at(-1);
  if (!last) return null;
  const current = rows.filter((r) => r.t.getTime() >= last.t.getTime() - PACE_MS && (r.reset?.getTime() ?? 0) === (last.reset?.getTime() ?? 0));
  const first = current[0]!;
  const spanMs = last.t.getTime() - first.t.getTime();
  if (last.utilization >= 1) return last.t;
  if (spanMs <= 0 || last.utilization <= first.utilization) return null;
  const perMs = (last.utilization - first.utilization) / spanMs;
  const at = new Date(last.t.getTime() + (1 - last.utilization) / perMs);
  return last.reset && at >= last.reset ? null : at;
}

export async function usageWindowSeries(gateway: Gateway, from: Date, to: Date): Promise<UsageWindowSeries[]> {
  const groups = new Map<string, WindowRow[]>();
  for (const row of await usageWindowReadings(gateway, from, to)) {
    const key = JSON.stringify([row.account, row.service, row.window]);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((rows) => {
    const last = rows.at(-1)!;
    const step = Math.ceil(rows.length / MAX_POINTS);
    const points = rows.filter((_, i) => i % step === 0 || i === rows.length - 1).map((r) => ({ t: r.t.toISOString(), utilization: r.utilization }));
    return {
      account: last.account,
      service: last.service,
      window: last.window,
      latest: last.utilization,
      latestAt: last.t.toISOString(),
      resetsAt: last.reset?.toISOString() ?? null,
      forecastFullAt: forecastFull(rows)?.toISOString() ?? null,
      points,
    };
  });
}
