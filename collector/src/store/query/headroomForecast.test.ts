// The forecast's arithmetic: a token bucket refilled at its limit per minute.
import { describe, expect, it } from 'vitest';
import { forecastBucket, rateOfKind } from './headroomForecast';

const SEEN = new Date('2026-11-20T10:00:00Z');
const after = (seconds: number) => new Date(SEEN.getTime() + seconds * 1000);
const bucket = (kind: string, limit: number | null, remaining: number | null) => ({ kind, limit, remaining, reset: null });
const rate = { requests: 40, inputTokens: 60_000, outputTokens: 2_000 };

describe('headroom forecast', () => {
  it('a rate above the limit drains rate − limit a minute: empty after remaining / that', () => {
    expect(forecastBucket(bucket('input_tokens', 50_000, 20_000), SEEN, SEEN, rate)).toEqual({
      ratePerMinute: 60_000,
      rateShare: 1.2,
      remainingNow: 20_000,
      minutesToEmpty: 2,
      emptyAt: after(120).toISOString(),
    });
  });

  it('since the reading, the bucket drained at the same pace', () => {
    const later = forecastBucket(bucket('input_tokens', 50_000, 20_000), SEEN, after(30), rate)!;
    expect([later.remainingNow, later.minutesToEmpty, later.emptyAt]).toEqual([15_000, 1.5, after(120).toISOString()]);
    // Past its empty moment it stays empty, and says so: 0 minutes.
    expect(forecastBucket(bucket('input_tokens', 50_000, 20_000), SEEN, after(600), rate)).toMatchObject({ remainingNow: 0, minutesToEmpty: 0 });
  });

  it('a rate within the limit never empties the bucket, however little is left; it refills', () => {
    const tight = forecastBucket(bucket('output_tokens', 2_100, 10), SEEN, SEEN, rate)!;
    expect(tight).toMatchObject({ rateShare: 2_000 / 2_100, remainingNow: 10, minutesToEmpty: null, emptyAt: null });
    // 100 a minute net: full again 20.9 minutes later, never above the limit.
    expect(forecastBucket(bucket('output_tokens', 2_100, 10), SEEN, after(30 * 60), rate)!.remainingNow).toBe(2_100);
  });

  it('no use since old headers: the bucket is full again', () => {
    const idle = { requests: 0, inputTokens: 0, outputTokens: 0 };
    expect(forecastBucket(bucket('requests', 50, 1), SEEN, after(3 * 3600), idle)).toMatchObject({
      ratePerMinute: 0,
      rateShare: 0,
      remainingNow: 50,
      minutesToEmpty: null,
    });
  });

  it('counts each bucket the way the API does', () => {
    expect([rateOfKind('requests', rate), rateOfKind('input_tokens', rate), rateOfKind('output_tokens', rate), rateOfKind('tokens', rate)]).toEqual([
      40, 60_000, 2_000, 62_000,
    ]);
  });

  it('no forecast without a limit and remaining, or for a bucket it cannot count', () => {
    expect(forecastBucket(bucket('input_tokens', null, 5), SEEN, SEEN, rate)).toBeNull();
    expect(forecastBucket(bucket('input_tokens', 100, null), SEEN, SEEN, rate)).toBeNull();
    expect(forecastBucket(bucket('input_tokens', 0, 0), SEEN, SEEN, rate)).toBeNull();
    expect(forecastBucket(bucket('priority_input_tokens', 100, 5), SEEN, SEEN, rate)).toBeNull();
  });
});
