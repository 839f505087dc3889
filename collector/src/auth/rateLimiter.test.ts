import { expect, it } from 'vitest';
import { RateLimiter } from './rateLimiter';

it('allows a burst, then refuses with the seconds to wait, then refills at the rate', () => {
  const limiter = new RateLimiter(2, 4);
  const t0 = 1_000_000;
  expect([0, 1, 2, 3].map(() => limiter.take('key', t0))).toEqual([0, 0, 0, 0]);
  expect(limiter.take('key', t0)).toBe(1);
  expect(limiter.take('other', t0)).toBe(0); // buckets are per caller
  expect(limiter.take('key', t0 + 500)).toBe(0); // 2/s: one token back after 500 ms
  expect(limiter.take('key', t0 + 500)).toBeGreaterThan(0);
});
