// Which span of time one daily pull asks Anthropic for, cut to what the API allows: a daily
// bucket must start at 00:00 UTC, one request may span at most 31 days, and the report reaches
// back at most 365 days and no earlier than 2026-01-01 (the API's documented bounds).
const DAY_MS = 86_400_000;
const MAX_REQUEST_DAYS = 31;
const MAX_AGE_DAYS = 365;
const EARLIEST_MS = Date.UTC(2026, 0, 1);

export interface ReportWindow {
  startingAt: Date;
  endingAt: Date;
}

export interface PullPlan {
  /** Requests to make, oldest first. */
  windows: ReportWindow[];
  /** Every UTC day the pull covers (YYYY-MM-DD), today included. */
  days: string[];
}

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** `lookbackDays` whole days before today, plus today so far. */
export function planPull(now: Date, lookbackDays: number): PullPlan {
  const nowMs = now.getTime();
  const oldestAllowed = Math.max(EARLIEST_MS, startOfUtcDay(nowMs - MAX_AGE_DAYS * DAY_MS) + DAY_MS);
  const start = Math.max(startOfUtcDay(nowMs) - lookbackDays * DAY_MS, oldestAllowed);
  const windows: ReportWindow[] = [];
  const days: string[] = [];
  for (let from = start; from < nowMs; from += MAX_REQUEST_DAYS * DAY_MS) {
    windows.push({ startingAt: new Date(from), endingAt: new Date(Math.min(from + MAX_REQUEST_DAYS * DAY_MS, nowMs)) });
  }
  for (let day = start; day < nowMs; day += DAY_MS) days.push(new Date(day).toISOString().slice(0, 10));
  return { windows, days };
}
