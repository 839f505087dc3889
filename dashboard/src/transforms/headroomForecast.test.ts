// The headroom forecast in words, and which bucket is closest to running out.
import { describe, expect, it } from 'vitest';
import type { HeadroomForecast, RateLimitRow } from '../api/types';
import { emptyText, rateText, tightestBucket, tightestText } from './headroom';

const NOW = new Date('2026-11-20T10:00:00Z');
const forecast = (rateShare: number, minutesToEmpty: number | null): HeadroomForecast => ({
  ratePerMinute: rateShare * 1000,
  rateShare,
  remainingNow: 100,
  minutesToEmpty,
  emptyAt: null,
});
const row = (model: string, limits: RateLimitRow['limits']): RateLimitRow => ({ service: 'agent', model, seenAt: NOW.toISOString(), limits });
const limit = (kind: string, f: HeadroomForecast | null, reset: string | null = null) => ({ kind, limit: 1000, remaining: 100, reset, forecast: f });

describe('headroom forecast words', () => {
  it('says the rate as a share of the limit, and when it empties', () => {
    expect(rateText(limit('input_tokens', forecast(0.95, null)) as never)).toBe('input tokens per minute at 95%');
    expect(emptyText(forecast(1.2, 1.2))).toBe('empty in 72 s');
    expect(emptyText(forecast(1.2, 30))).toBe('empty in 30 min');
    expect(emptyText(forecast(1.2, 0))).toBe('empty now');
    expect(emptyText(forecast(0.95, null))).toBe('');
  });

  it('the tightest bucket: the soonest to empty, else the busiest above 80%, else none', () => {
    const emptying = row('claude-opus-4-6', [
      limit('output_tokens', forecast(0.99, null)),
      limit('input_tokens', forecast(1.2, 1.2), new Date(NOW.getTime() + 40_000).toISOString()),
    ]);
    const busy = row('claude-sonnet-4-6', [limit('requests', forecast(0.85, null))]);
    const easy = row('claude-haiku-4-5', [limit('requests', forecast(0.1, null)), limit('input_tokens', null)]);
    const tightest = tightestBucket([busy, easy, emptying])!;
    expect(tightestText(tightest, NOW)).toBe('claude-opus-4-6 (agent): input tokens per minute at 120%, empty in 72 s, resets in 40 s');
    expect(tightestText(tightestBucket([easy, busy])!, NOW)).toBe('claude-sonnet-4-6 (agent): requests per minute at 85%');
    expect(tightestBucket([easy])).toBeNull();
    expect(tightestBucket([])).toBeNull();
  });
});
