// Price dates are whole UTC days: a price "from 2026-10-07" applies from 2026-10-07T00:00:00Z.
// UTC, not the collector's local zone, so every collector prices a call the same way.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds at 00:00 UTC of a YYYY-MM-DD day, or undefined if it is not a real date. */
export function utcDayStartMs(day: string): number | undefined {
  const match = ISO_DATE.exec(day);
  if (!match) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Date.UTC rolls 2026-02-30 over into March; only a real date reads back unchanged.
  return new Date(ms).toISOString().startsWith(day) ? ms : undefined;
}
