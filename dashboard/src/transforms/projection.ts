// End-of-day spend at the current burn rate, for when no budget (with its own projection) is
// set: spend so far plus the trailing window's rate for the rest of the UTC day. The window is
// the one the collector's budget projection uses for a day, so both project the same way.
import { TRAILING_WINDOW_MS } from '../../../collector/src/budgets/projection';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WINDOW = TRAILING_WINDOW_MS.day;

/** `hourly`: cost per UTC hour of today (bucket start ISO → USD), `now` within today. */
export function projectEndOfDay(hourly: { t: string; usd: number }[], now: Date): { spent: number; burnPerHour: number; projected: number } {
  const dayStart = Math.floor(now.getTime() / DAY) * DAY;
  const spent = hourly.reduce((sum, h) => sum + h.usd, 0);
  const windowStart = Math.max(dayStart, now.getTime() - WINDOW);
  const elapsed = now.getTime() - windowStart;
  // Hours that overlap the window count pro rata for their part inside it.
  let inWindow = 0;
  for (const h of hourly) {
    const start = new Date(h.t).getTime();
    const end = Math.min(start + HOUR, now.getTime());
    const overlap = Math.max(0, end - Math.max(start, windowStart));
    const length = end - start;
    if (length > 0) inWindow += h.usd * (overlap / length);
  }
  const burnPerHour = elapsed > 0 ? (inWindow / elapsed) * HOUR : 0;
  const remaining = dayStart + DAY - now.getTime();
  return { spent, burnPerHour, projected: spent + (burnPerHour * remaining) / HOUR };
}
