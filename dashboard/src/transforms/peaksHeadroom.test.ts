import { describe, expect, it } from 'vitest';
import type { AttemptPeaksResponse, RateLimitRow } from '../api/types';
import { headroomAge, shortDuration } from './headroom';
import { withPeaks, worstMinutes } from './peaks';

const peaks: AttemptPeaksResponse = {
  from: '2026-11-20T00:00:00.000Z',
  to: '2026-11-22T00:00:00.000Z',
  interval: '1d',
  buckets: ['2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z'],
  rateLimited: [
    { perMinute: 0, at: null },
    { perMinute: 8, at: '2026-11-21T11:30:00.000Z' },
  ],
  overloaded: [
    { perMinute: 2, at: '2026-11-20T15:02:00.000Z' },
    { perMinute: 0, at: null },
  ],
};

describe('peaks', () => {
  it('each-bucket-gets-its-worst-minute-beside-the-average', () => {
    const rows = [
      { t: '2026-11-20T00:00:00.000Z', label: 'Nov 20', rate_limited_attempts: 0 },
      { t: '2026-11-21T00:00:00.000Z', label: 'Nov 21', rate_limited_attempts: 0.38 },
      { t: '2026-11-22T00:00:00.000Z', label: 'Nov 22', rate_limited_attempts: 0 },
    ];
    expect(withPeaks(rows, peaks).map((r) => [r.rate_limited_attempts, r.rate_limited_peak, r.overloaded_peak])).toEqual([
      [0, 0, 2],
      [0.38, 8, 0],
      [0, null, null],
    ]);
  });

  it('the-worst-minute-of-each-status-in-the-range', () => {
    expect(worstMinutes(peaks)).toEqual([
      { status: 429, count: 8, at: '2026-11-21T11:30:00.000Z' },
      { status: 529, count: 2, at: '2026-11-20T15:02:00.000Z' },
    ]);
    expect(worstMinutes({ ...peaks, rateLimited: [], overloaded: [] })).toEqual([]);
  });
});

describe('headroom age', () => {
  const row = (reset: string | null, seenAt: string): RateLimitRow => ({
    service: 's',
    model: 'm',
    seenAt,
    limits: [{ kind: 'input_tokens', limit: 100, remaining: 5, reset }],
  });
  const now = new Date('2026-11-21T18:33:00Z');

  it('a-row-whose-reset-passed-hours-ago-is-stale', () => {
    expect(headroomAge(row('2026-11-21T16:12:05Z', '2026-11-21T16:11:05Z'), now)).toEqual({ stale: true, sinceMs: 2 * 3_600_000 + 20 * 60_000 + 55_000 });
    expect(shortDuration(2 * 3_600_000 + 20 * 60_000)).toBe('2 h');
  });

  it('a-row-resetting-soon-says-when', () => {
    expect(headroomAge(row('2026-11-21T18:33:40Z', '2026-11-21T18:32:59Z'), now)).toEqual({ stale: false, resetsInMs: 40_000 });
    expect(shortDuration(40_000)).toBe('40 s');
  });

  it('without-a-reset-old-headers-are-stale', () => {
    expect(headroomAge(row(null, '2026-11-21T18:20:00Z'), now).stale).toBe(true);
    expect(headroomAge(row(null, '2026-11-21T18:31:00Z'), now)).toEqual({ stale: false, resetsInMs: null });
  });
});
