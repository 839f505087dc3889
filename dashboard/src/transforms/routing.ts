// Two-dimension totals (route × model, requested × served) → what the Routing screen draws.
import { formatKey } from '../format';
import type { TimeseriesResponse } from '../api/types';

export interface FlowRow {
  /** The first dimension's value (a route, or a requested model). */
  from: string;
  to: string;
  calls: number;
  /** Of the calls with this `from`. */
  share: number;
}

/** Totals of `metric` per (first, second) key, with each pair's share of its first key. */
export function flows(response: TimeseriesResponse, metric: 'calls' = 'calls'): FlowRow[] {
  const pairs = response.series.map((s) => ({
    from: s.other ? 'Other' : formatKey([s.key[0] ?? '']),
    to: s.other ? 'Other' : formatKey([s.key[1] ?? '']),
    calls: s.totals[metric] ?? 0,
  }));
  const byFrom = new Map<string, number>();
  for (const p of pairs) byFrom.set(p.from, (byFrom.get(p.from) ?? 0) + p.calls);
  return pairs
    .filter((p) => p.calls > 0)
    .map((p) => ({ ...p, share: (byFrom.get(p.from) ?? 0) > 0 ? p.calls / byFrom.get(p.from)! : 0 }))
    .sort((a, b) => a.from.localeCompare(b.from) || b.calls - a.calls);
}

/** One row per `from` with a column per `to` (ids t0, t1, …), for a stacked bar per route. */
export function flowBars(rows: FlowRow[]): { bars: Record<string, string | number>[]; targets: { id: string; label: string; other: boolean }[] } {
  const targets = [...new Set(rows.map((r) => r.to))].map((label, i) => ({ id: `t${i}`, label, other: label === 'Other' }));
  const idOf = new Map(targets.map((t) => [t.label, t.id]));
  const bars = [...new Set(rows.map((r) => r.from))].map((from) => {
    const bar: Record<string, string | number> = { from };
    for (const r of rows.filter((x) => x.from === from)) bar[idOf.get(r.to)!] = r.share;
    return bar;
  });
  return { bars, targets };
}
