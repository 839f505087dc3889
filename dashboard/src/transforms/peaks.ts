// Worst minutes beside averages: the peaks response joined onto the chart's rows by bucket. Pure.
import type { AttemptPeaksResponse } from '../api/types';
import type { ChartRow } from './series';

export const PEAK_KEYS = { rateLimited: 'rate_limited_peak', overloaded: 'overloaded_peak' } as const;

/** Adds each bucket's worst minute; a bucket the peaks do not cover keeps null (not 0: unknown). */
export function withPeaks(rows: ChartRow[], peaks: AttemptPeaksResponse): ChartRow[] {
  const index = new Map(peaks.buckets.map((b, i) => [new Date(b).getTime(), i]));
  return rows.map((row) => {
    const i = index.get(new Date(row.t).getTime());
    return {
      ...row,
      [PEAK_KEYS.rateLimited]: i === undefined ? null : peaks.rateLimited[i]!.perMinute,
      [PEAK_KEYS.overloaded]: i === undefined ? null : peaks.overloaded[i]!.perMinute,
    };
  });
}

export interface WorstMinute {
  status: 429 | 529;
  count: number;
  at: string;
}

/** The range's single worst minute of each status, for the line under the chart. */
export function worstMinutes(peaks: AttemptPeaksResponse): WorstMinute[] {
  const out: WorstMinute[] = [];
  for (const [status, list] of [
    [429, peaks.rateLimited],
    [529, peaks.overloaded],
  ] as const) {
    const worst = list.reduce((a, b) => (b.perMinute > a.perMinute ? b : a), { perMinute: 0, at: null as string | null });
    if (worst.perMinute > 0 && worst.at) out.push({ status, count: worst.perMinute, at: worst.at });
  }
  return out;
}
