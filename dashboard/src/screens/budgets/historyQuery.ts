// The alert history's request: a range back from now (as far as the history keeps, 400 days)
// and optional filters. Pure, so the browser test asks exactly what the panel asks.
import type { AlertSeverity } from '../../api/types';

export const HISTORY_RANGES = [
  { id: '1d', label: 'Last 24 hours', days: 1 },
  { id: '7d', label: 'Last 7 days', days: 7 },
  { id: '30d', label: 'Last 30 days', days: 30 },
  { id: '400d', label: 'Everything kept (400 days)', days: 400 },
] as const;

export type HistoryRangeId = (typeof HISTORY_RANGES)[number]['id'];

export interface HistoryAsk {
  range: HistoryRangeId;
  status: '' | 'firing' | 'resolved';
  severity: '' | AlertSeverity;
}

export function historyUrl(ask: HistoryAsk, now: Date): string {
  const days = HISTORY_RANGES.find((r) => r.id === ask.range)!.days;
  // A minute ahead takes in a transition stamped a moment after the page's clock; the range
  // stays exactly `days` long (the API refuses more than 400).
  const to = now.getTime() + 60_000;
  const params = new URLSearchParams([
    ['from', new Date(to - days * 86_400_000).toISOString()],
    ['to', new Date(to).toISOString()],
    ['limit', '200'],
  ]);
  if (ask.status) params.set('status', ask.status);
  if (ask.severity) params.set('severity', ask.severity);
  return `/api/v1/alerts/history?${params.toString()}`;
}
