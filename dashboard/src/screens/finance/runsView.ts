// Pure helpers of the runs panel: request URLs, the two groupings' words and a run's timeline geometry.
import type { ViewScope } from '../../api/requests';
import type { CallListRow } from '../../api/types';
import type { RunGrouping } from '../../api/financeTypes';

export const RUN_GROUPINGS = ['trace', 'session'] as const satisfies readonly RunGrouping[];

export const RUN_GROUPING_WORDS: Record<RunGrouping, { button: string; column: string; note: string }> = {
  trace: { button: 'By trace', column: 'Run (trace)', note: 'A run is the calls that share a trace: one request, or one agent run with all its steps.' },
  session: {
    button: 'By session',
    column: 'Session',
    note: 'A run is the calls that share a session id: a conversation of many requests. Set with withContext({ session }), gen_ai.conversation.id or session.id.',
  },
};

/** Trace ids are long hex: shortened. Session ids are the app's own names: shown whole. */
export const runLabel = (by: RunGrouping, id: string) => (by === 'trace' ? `${id.slice(0, 12)}…` : id);

function rangeParams(scope: ViewScope): URLSearchParams {
  return new URLSearchParams([
    ['from', scope.from.toISOString()],
    ['to', scope.to.toISOString()],
  ]);
}

export function runsUrl(scope: ViewScope, by: RunGrouping, limit = 20): string {
  const params = rangeParams(scope);
  for (const [name, values] of Object.entries(scope.filters)) for (const value of values ?? []) params.append(name, value);
  params.set('by', by);
  params.set('limit', String(limit));
  return `/api/v1/finance/runs?${params}`;
}

export function runUrl(scope: ViewScope, by: RunGrouping, id: string): string {
  const params = rangeParams(scope);
  params.set('by', by);
  return `/api/v1/finance/runs/${encodeURIComponent(id)}?${params}`;
}

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
