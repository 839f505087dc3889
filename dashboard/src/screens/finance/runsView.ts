// Pure helpers of the runs panel: request URLs and a run's timeline geometry.
import type { ViewScope } from '../../api/requests';
import type { CallListRow } from '../../api/types';

function rangeParams(scope: ViewScope): URLSearchParams {
  return new URLSearchParams([
    ['from', scope.from.toISOString()],
    ['to', scope.to.toISOString()],
  ]);
}

export function runsUrl(scope: ViewScope, limit = 20): string {
  const params = rangeParams(scope);
  for (const [name, values] of Object.entries(scope.filters)) for (const value of values ?? []) params.append(name, value);
  params.set('limit', String(limit));
  return `/api/v1/finance/runs?${params}`;
}

export const runUrl = (scope: ViewScope, traceId: string) => `/api/v1/finance/runs/${encodeURIComponent(traceId)}?${rangeParams(scope)}`;

export interface TimelineBar {
  spanId: string;
  /** Percent of the run's span from its start. */
  left: number;
  width: number;
}

/** Each call as a bar across the run, from its start for its duration (at least a sliver). */
export function timelineBars(calls: readonly Pick<CallListRow, 'spanId' | 'startTime' | 'durationMs'>[]): TimelineBar[] {
  if (calls.length === 0) return [];
  const start = Math.min(...calls.map((c) => Date.parse(c.startTime)));
  const end = Math.max(...calls.map((c) => Date.parse(c.startTime) + c.durationMs));
  const span = Math.max(1, end - start);
  return calls.map((c) => ({ spanId: c.spanId, left: ((Date.parse(c.startTime) - start) / span) * 100, width: Math.max(0.5, (c.durationMs / span) * 100) }));
}

/** part / whole of two exact nano-dollar amounts, as a ratio for display. */
export function ratioOfUsd(partNano: string, wholeNano: string): number {
  const whole = BigInt(wholeNano);
  return whole > 0n ? Number((BigInt(partNano) * 1_000_000n) / whole) / 1e6 : 0;
}
