import { describe, expect, it } from 'vitest';
import { allocateCents, roundToCents } from './money';

describe('cents', () => {
  it('rounds one amount half up, in whole cents', () => {
    expect(roundToCents(4_999_999n)).toBe(0n);
    expect(roundToCents(5_000_000n)).toBe(1n);
    expect(roundToCents(1_234_567_890n)).toBe(123n);
    expect(roundToCents(-5_000_000n)).toBe(-1n);
  });

  it('splits a total so the parts add up to its cents, the leftover cent to the largest remainder', () => {
    // Three parts of $0.333333333 each: $0.999999999 is 100 cents; one part gets the 34th.
    const third = 3_333_333_33n;
    expect(allocateCents([third, third, third])).toEqual([34n, 33n, 33n]);
    // Rounding each part alone would give 1 + 1 + 1 = 3 cents for a 2-cent total.
    expect(allocateCents([6_000_000n, 6_000_000n, 6_000_000n])).toEqual([1n, 1n, 0n]);
    expect(allocateCents([19_000_000n, 2_000_000n])).toEqual([2n, 0n]);
    expect(allocateCents([])).toEqual([]);
  });
});
