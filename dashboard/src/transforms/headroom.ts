// Whether a rate-limit headroom row still says anything. The headers describe the moment they
// were seen; once every limit's reset time has passed, the bucket has refilled and the numbers
// are history (a row "Resets 16:12:05, Seen 16:11:05" read at 18:33 is not headroom). Pure.
import type { RateLimitRow } from '../api/types';

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
