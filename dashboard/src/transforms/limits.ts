// Pure shaping of the limits API for the charts: refusals per class per bucket, usage-window
// readings per account · service · window.
import type { LimitClass, RefusalsResponse, UsageWindowsResponse } from '../api/types';
import type { SeriesStyle } from './series';
import { formatBucket } from '../format';
import type { ChartRow } from './series';

/** Each class in its own colour and words, in the order on-call reads them. */
export const LIMIT_CLASS_STYLES: Record<LimitClass, { label: string; color: string }> = {
  spend_cap_tier: { label: 'Spend cap (usage tier)', color: '#b3261e' },
  spend_limit_org: { label: 'Spend limit (organisation)', color: '#d93025' },
  spend_limit_workspace: { label: 'Spend limit (workspace)', color: '#e8710a' },
  usage_window: { label: 'Usage window', color: '#9334e6' },
  rate_limit: { label: 'Rate limit (per minute)', color: '#f9ab00' },
  overloaded: { label: 'Overloaded (529)', color: '#1a73e8' },
  other: { label: 'Other', color: '#80868b' },
};

const CLASS_ORDER = Object.keys(LIMIT_CLASS_STYLES) as LimitClass[];

/** Time intervals the refusals chart asks for: about 60 buckets over the range. */
export function refusalInterval(from: Date, to: Date): number {
  const minutes = (to.getTime() - from.getTime()) / 60_000;
  const steps = [1, 5, 15, 60, 360, 1440];
  return steps.find((s) => minutes / s <= 90) ?? 1440;
}

export function refusalRows(data: RefusalsResponse): { rows: ChartRow[]; series: SeriesStyle[] } {
  const present = CLASS_ORDER.filter((c) => data.buckets.some((b) => b.limitClass === c));
  const byTime = new Map<string, ChartRow>();
  const stepMs = data.intervalMinutes * 60_000;
  const start = Math.floor(Date.parse(data.from) / stepMs) * stepMs;
  for (let t = start; t < Date.parse(data.to); t += stepMs) {
    const iso = new Date(t).toISOString();
    byTime.set(iso, { t: iso, label: formatBucket(iso, stepMs), ...Object.fromEntries(present.map((c) => [c, 0])) });
  }
  for (const b of data.buckets) {
    const row = byTime.get(b.t) ?? { t: b.t, label: formatBucket(b.t, stepMs) };
    row[b.limitClass] = b.attempts;
    byTime.set(b.t, row);
  }
  const rows = [...byTime.values()].sort((a, b) => a.t.localeCompare(b.t));
  return { rows, series: present.map((c) => ({ id: c, label: LIMIT_CLASS_STYLES[c].label, color: LIMIT_CLASS_STYLES[c].color })) };
}

export const windowLabel = (s: { account: string; service: string; window: string }) => `${s.window} · ${s.account || '(no account)'} · ${s.service}`;

/** One row per reading time, one series per account · service · window (utilization 0–1). */
export function usageWindowRows(data: UsageWindowsResponse): { rows: ChartRow[]; series: SeriesStyle[] } {
  const palette = ['#9334e6', '#1a73e8', '#188038', '#e8710a', '#b3261e', '#5f6368'];
  const series = data.series.map((s, i) => ({ id: `w${i}`, label: windowLabel(s), color: palette[i % palette.length]!, kind: 'line' as const }));
  const byTime = new Map<string, ChartRow>();
  data.series.forEach((s, i) => {
    for (const p of s.points) {
      const row = byTime.get(p.t) ?? { t: p.t, label: `${p.t.slice(5, 10)} ${p.t.slice(11, 16)}` };
      row[`w${i}`] = p.utilization;
      byTime.set(p.t, row);
    }
  });
  return { rows: [...byTime.values()].sort((a, b) => a.t.localeCompare(b.t)), series };
}
