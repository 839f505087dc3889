// Whether a rate-limit headroom row still says anything. The headers describe the moment they
// were seen; once every limit's reset time has passed, the bucket has refilled and the numbers
// are history (a row "Resets 16:12:05, Seen 16:11:05" read at 18:33 is not headroom). And what the
// collector forecasts at the current rate, in words ("input tokens per minute at 95%"). Pure.
import type { HeadroomForecast, RateLimitHeadroom, RateLimitRow } from '../api/types';

/** Without a reset time, headers older than this are treated as stale. */
export const STALE_WITHOUT_RESET_MS = 5 * 60_000;

export type HeadroomAge = { stale: false; resetsInMs: number | null } | { stale: true; sinceMs: number };

export function headroomAge(row: RateLimitRow, now: Date): HeadroomAge {
  const resets = row.limits.map((l) => (l.reset ? Date.parse(l.reset) : NaN)).filter((t) => Number.isFinite(t));
  const nowMs = now.getTime();
  if (resets.length === 0) {
    const age = nowMs - Date.parse(row.seenAt);
    return age > STALE_WITHOUT_RESET_MS ? { stale: true, sinceMs: age } : { stale: false, resetsInMs: null };
  }
  const last = Math.max(...resets);
  if (last <= nowMs) return { stale: true, sinceMs: nowMs - last };
  return { stale: false, resetsInMs: Math.min(...resets.filter((t) => t > nowMs)) - nowMs };
}

/** "40 s", "12 min", "3 h". */
export function shortDuration(ms: number): string {
  if (ms < 90_000) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (ms < 90 * 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

/** Above this share of a limit, the current rate is worth a line even if it never empties the bucket. */
export const TIGHT_RATE_SHARE = 0.8;

const kindWords = (kind: string) => kind.replace(/_/g, ' ');
const percentOf = (share: number) => `${Math.round(share * 100)}%`;

/** "input tokens per minute at 95%" */
export function rateText(limit: RateLimitHeadroom & { forecast: HeadroomForecast }): string {
  return `${kindWords(limit.kind)} per minute at ${percentOf(limit.forecast.rateShare)}`;
}

/** "empty in 90 s", "empty now"; '' when the rate never empties it. */
export function emptyText(forecast: HeadroomForecast): string {
  if (forecast.minutesToEmpty === null) return '';
  return forecast.minutesToEmpty <= 0 ? 'empty now' : `empty in ${shortDuration(forecast.minutesToEmpty * 60_000)}`;
}

export interface TightestBucket {
  row: RateLimitRow;
  limit: RateLimitHeadroom & { forecast: HeadroomForecast };
}

/**
 * The bucket closest to running out at the current rate: the one that empties soonest, else the
 * one used the most, if that is at least TIGHT_RATE_SHARE of its limit; null when all are easy.
 */
export function tightestBucket(rows: readonly RateLimitRow[]): TightestBucket | null {
  const all = rows.flatMap((row) => row.limits.filter((l): l is TightestBucket['limit'] => !!l.forecast).map((limit) => ({ row, limit })));
  const emptying = all
    .filter((b) => b.limit.forecast.minutesToEmpty !== null)
    .sort((a, b) => a.limit.forecast.minutesToEmpty! - b.limit.forecast.minutesToEmpty!);
  if (emptying.length > 0) return emptying[0]!;
  const busiest = all.sort((a, b) => b.limit.forecast.rateShare - a.limit.forecast.rateShare)[0];
  return busiest && busiest.limit.forecast.rateShare >= TIGHT_RATE_SHARE ? busiest : null;
}

/** "claude-opus-4-6 (agent): input tokens per minute at 120%, empty in 90 s, resets in 20 s" */
export function tightestText({ row, limit }: TightestBucket, now: Date): string {
  const parts = [rateText(limit), emptyText(limit.forecast)];
  const reset = limit.reset ? Date.parse(limit.reset) - now.getTime() : NaN;
  if (Number.isFinite(reset) && reset > 0) parts.push(`resets in ${shortDuration(reset)}`);
  return `${row.model} (${row.service}): ${parts.filter((p) => p !== '').join(', ')}`;
}
