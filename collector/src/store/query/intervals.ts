// Bucket sizes: fixed SQL per interval, and the interval a range gets when none is asked for.
import type { Interval } from '@burnrate/contract';
import { unreachable } from './dimensions';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function intervalMs(interval: Interval): number {
  switch (interval) {
    case '1m':
      return MINUTE;
    case '5m':
      return 5 * MINUTE;
    case '15m':
      return 15 * MINUTE;
    case '1h':
      return HOUR;
    case '6h':
      return 6 * HOUR;
    case '1d':
      return 24 * HOUR;
    default:
      return unreachable(interval);
  }
}

export function intervalSql(interval: Interval): string {
  switch (interval) {
    case '1m':
      return 'INTERVAL 1 MINUTE';
    case '5m':
      return 'INTERVAL 5 MINUTE';
    case '15m':
      return 'INTERVAL 15 MINUTE';
    case '1h':
      return 'INTERVAL 1 HOUR';
    case '6h':
      return 'INTERVAL 6 HOUR';
    case '1d':
      return 'INTERVAL 1 DAY';
    default:
      return unreachable(interval);
  }
}

/** Buckets a chart can show legibly; an asked-for interval may give more, up to MAX_BUCKETS. */
export const TARGET_BUCKETS = 200;
export const MAX_BUCKETS = 2000;

const ORDER: readonly Interval[] = ['1m', '5m', '15m', '1h', '6h', '1d'];

/**
 * The smallest interval giving at most TARGET_BUCKETS buckets, except that a range of a day or
 * more gets at least hours (the hourly rollups) and one over 8 days gets days (the daily
 * rollups): a month of hourly latency digests is ten times the work of a month of daily ones.
 */
export function chooseInterval(from: Date, to: Date): Interval {
  const range = to.getTime() - from.getTime();
  if (range > 8 * 24 * HOUR) return '1d';
  for (const interval of ORDER) {
    if (range >= 24 * HOUR && intervalMs(interval) < HOUR) continue;
    if (Math.ceil(range / intervalMs(interval)) <= TARGET_BUCKETS) return interval;
  }
  return '1d';
}

/** Start of every bucket that overlaps [from, to), aligned as ClickHouse's toStartOfInterval aligns (UTC epoch). */
export function bucketStarts(from: Date, to: Date, interval: Interval): Date[] {
  const step = intervalMs(interval);
  const out: Date[] = [];
  for (let t = Math.floor(from.getTime() / step) * step; t < to.getTime(); t += step) out.push(new Date(t));
  return out;
}

export function bucketCount(from: Date, to: Date, interval: Interval): number {
  const step = intervalMs(interval);
  return Math.ceil(to.getTime() / step) - Math.floor(from.getTime() / step);
}
