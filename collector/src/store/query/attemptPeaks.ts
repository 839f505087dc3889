// True peaks: each bucket's worst minute of 429s and 529s. Coarse buckets average a storm away
// (three hours of 429s in a 30-day view read as 0.26/min); the worst minute keeps it visible.
// Whole hours come from a rollup of the 429 and 529 attempts per minute (the smallest that has
// the filters' columns), the ragged minutes at either end from the raw attempts: the per-minute
// counts, and so each bucket's peak, are the same as the raw rows' (attemptPeaks.store.test.ts).
import type { AttemptPeak, Filters, Interval } from '@burnrate/contract';
import { ATTEMPTS_TABLE } from '../attemptsTable';
import { z } from 'zod';
import { chCount, chDateTime } from '../chValues';
import type { Gateway } from '../gateway';
import { queryRows } from '../typedQuery';
import { dateToDateTime64 } from '../time';
import { filterConditions } from './filters';
import { bucketStarts, intervalSql } from './intervals';
import { ATTEMPT_STORMS_DETAIL_HOURLY, ATTEMPT_STORMS_HOURLY, rollupColumns, type RollupDef } from './rollups';
import { attemptsThroughCalls, neededColumns } from './segments';

export interface PeaksRequest {
  from: Date;
  to: Date;
  interval: Interval;
  filters: Filters;
}

const HOUR = 3_600_000;
/** Smallest first. */
const STORM_ROLLUPS = [ATTEMPT_STORMS_HOURLY, ATTEMPT_STORMS_DETAIL_HOURLY];

function stormRollup(filters: Filters): RollupDef | undefined {
  if (attemptsThroughCalls(filters)) return undefined;
  const needed = neededColumns('attempts', [], [], filters);
  return STORM_ROLLUPS.find((def) => [...needed].every((c) => rollupColumns(def).has(c)));
}

type Span = { from: Date; to: Date; rollup?: RollupDef };

/** raw [from, h0) · rollup [h0, h1) · raw [h1, to), or the raw rows only. */
function spans(request: PeaksRequest, rollup: RollupDef | undefined): Span[] {
  const h0 = new Date(Math.ceil(request.from.getTime() / HOUR) * HOUR);
  const h1 = new Date(Math.floor(request.to.getTime() / HOUR) * HOUR);
  if (!rollup || h0 >= h1) return [{ from: request.from, to: request.to }];
  return [
    { from: request.from, to: h0 },
    { from: h0, to: h1, rollup },
    { from: h1, to: request.to },
  ].filter((s) => s.from < s.to);
}

/** Of minutes tied for a bucket's peak, the earliest: the same answer whichever table a minute was read from. */
export function buildAttemptPeaksQuery(gateway: Gateway, request: PeaksRequest, rollups = true): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const filters = filterConditions(gateway, 'attempts', request.filters, request, params);
  const perMinute = spans(request, rollups ? stormRollup(request.filters) : undefined).map((span, i) => {
    params[`s${i}_from`] = dateToDateTime64(span.from);
    params[`s${i}_to`] = dateToDateTime64(span.to);
    if (span.rollup) {
      return `SELECT minute, sumIf(storm_attempts, status_code = 429) AS rate_limited, sumIf(storm_attempts, status_code = 529) AS overloaded
    FROM ${gateway.table(span.rollup.table)}
    WHERE ${[`hour >= {s${i}_from:DateTime64(6, 'UTC')} AND hour < {s${i}_to:DateTime64(6, 'UTC')}`, ...filters].join(' AND ')}
    GROUP BY minute`;
    }
    return `SELECT toStartOfMinute(start_time) AS minute, countIf(status_code = 429) AS rate_limited, countIf(status_code = 529) AS overloaded
    FROM ${gateway.table(ATTEMPTS_TABLE)} FINAL
    WHERE ${[`start_time >= {s${i}_from:DateTime64(6, 'UTC')} AND start_time < {s${i}_to:DateTime64(6, 'UTC')}`, 'status_code IN (429, 529)', ...filters].join(' AND ')}
    GROUP BY minute`;
  });
  return {
    params,
    sql: `SELECT toString(toDateTime(toStartOfInterval(minute, ${intervalSql(request.interval)}), 'UTC')) AS bucket,
       max(rate_limited) AS rl_peak, toString(argMin(minute, (-rate_limited, minute))) AS rl_at,
       max(overloaded) AS ov_peak, toString(argMin(minute, (-overloaded, minute))) AS ov_at
FROM (
  SELECT minute, sum(rate_limited) AS rate_limited, sum(overloaded) AS overloaded
  FROM (
    ${perMinute.join('\n    UNION ALL\n    ')}
  )
  GROUP BY minute
)
GROUP BY bucket ORDER BY bucket`,
  };
}

const peakRow = z.object({ bucket: chDateTime, rl_peak: chCount, rl_at: chDateTime, ov_peak: chCount, ov_at: chDateTime });

const NONE: AttemptPeak = { perMinute: 0, at: null };
const peak = (count: number, at: Date): AttemptPeak => (count > 0 ? { perMinute: count, at: at.toISOString() } : NONE);

/** One entry per bucket of the range, empty buckets included, in bucket order. */
export async function attemptPeaks(gateway: Gateway, request: PeaksRequest, rollups = true) {
  const { sql, params } = buildAttemptPeaksQuery(gateway, request, rollups);
  const rows = await queryRows(gateway, 'attempt-peaks', peakRow, sql, params);
  const byBucket = new Map(rows.map((r) => [r.bucket.toISOString(), r]));
  const buckets = bucketStarts(request.from, request.to, request.interval).map((d) => d.toISOString());
  return {
    buckets,
    rateLimited: buckets.map((b) => (byBucket.has(b) ? peak(byBucket.get(b)!.rl_peak, byBucket.get(b)!.rl_at) : NONE)),
    overloaded: buckets.map((b) => (byBucket.has(b) ? peak(byBucket.get(b)!.ov_peak, byBucket.get(b)!.ov_at) : NONE)),
  };
}
