// True peaks: each bucket's worst minute of 429s and 529s. Coarse buckets average a storm away
// (three hours of 429s in a 30-day view read as 0.26/min); the worst minute keeps it visible.
// Reads the raw attempts table, but only the rows with those two statuses, which are few.
import type { AttemptPeak, Filters, Interval } from '@burnrate/contract';
import { ATTEMPTS_TABLE } from '../attemptsTable';
import { z } from 'zod';
import { chCount, chDateTime } from '../chValues';
import type { Gateway } from '../gateway';
import { queryRows } from '../typedQuery';
import { dateToDateTime64 } from '../time';
import { filterConditions } from './filters';
import { bucketStarts, intervalSql } from './intervals';

export interface PeaksRequest {
  from: Date;
  to: Date;
  interval: Interval;
  filters: Filters;
}

export function buildAttemptPeaksQuery(gateway: Gateway, request: PeaksRequest): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { from: dateToDateTime64(request.from), to: dateToDateTime64(request.to) };
  const filters = filterConditions(gateway, 'attempts', request.filters, request, params);
  const where = [`start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}`, 'status_code IN (429, 529)', ...filters];
  return {
    params,
    sql: `SELECT toString(toDateTime(toStartOfInterval(minute, ${intervalSql(request.interval)}), 'UTC')) AS bucket,
       max(rate_limited) AS rl_peak, toString(argMax(minute, rate_limited)) AS rl_at,
       max(overloaded) AS ov_peak, toString(argMax(minute, overloaded)) AS ov_at
FROM (
  SELECT toStartOfMinute(start_time) AS minute, countIf(status_code = 429) AS rate_limited, countIf(status_code = 529) AS overloaded
  FROM ${gateway.table(ATTEMPTS_TABLE)} FINAL
  WHERE ${where.join(' AND ')}
  GROUP BY minute
)
GROUP BY bucket ORDER BY bucket`,
  };
}

const peakRow = z.object({ bucket: chDateTime, rl_peak: chCount, rl_at: chDateTime, ov_peak: chCount, ov_at: chDateTime });

const NONE: AttemptPeak = { perMinute: 0, at: null };
const peak = (count: number, at: Date): AttemptPeak => (count > 0 ? { perMinute: count, at: at.toISOString() } : NONE);

/** One entry per bucket of the range, empty buckets included, in bucket order. */
export async function attemptPeaks(gateway: Gateway, request: PeaksRequest) {
  const { sql, params } = buildAttemptPeaksQuery(gateway, request);
  const rows = await queryRows(gateway, 'attempt-peaks', peakRow, sql, params);
  const byBucket = new Map(rows.map((r) => [r.bucket.toISOString(), r]));
  const buckets = bucketStarts(request.from, request.to, request.interval).map((d) => d.toISOString());
  return {
    buckets,
    rateLimited: buckets.map((b) => (byBucket.has(b) ? peak(byBucket.get(b)!.rl_peak, byBucket.get(b)!.rl_at) : NONE)),
    overloaded: buckets.map((b) => (byBucket.has(b) ? peak(byBucket.get(b)!.ov_peak, byBucket.get(b)!.ov_at) : NONE)),
  };
}
