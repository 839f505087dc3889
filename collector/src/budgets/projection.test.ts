import { describe, expect, it } from 'vitest';
import { usdToNano } from '@burnrate/contract';
import { project, TRAILING_WINDOW_MS } from './projection';

const HOUR = 3_600_000;
const usd = (n: number) => usdToNano(n)!;

describe('project', () => {
  it('steady-spend-projects-the-same-rate-to-the-period-end', () => {
    // $0.50/h all day: at 10:00 $5 is spent and the last hour cost $0.50; 14 h remain.
    const p = project({ amountNano: usd(20), spentNano: usd(5), windowSpentNano: usd(0.5), windowMs: HOUR, nowMs: 10 * HOUR, periodEndMs: 24 * HOUR });
    expect(p.projectedNano).toBe(usd(12));
    expect(p.burnRateNanoPerHour).toBe(usd(0.5));
    expect(p).toMatchObject({ exceeded: false, projectedToExceed: false, exceedAtMs: null });
  });

  it('a-spike-in-the-trailing-hour-shows-at-once-where-a-day-average-would-not', () => {
    // Quiet $0.10/h from 00:00 to 14:00 ($1.40), then $1.00 in the hour to 15:00: $2.40 spent.
    const p = project({ amountNano: usd(10), spentNano: usd(2.4), windowSpentNano: usd(1), windowMs: HOUR, nowMs: 15 * HOUR, periodEndMs: 24 * HOUR });
    expect(p.projectedNano).toBe(usd(11.4)); // 2.40 + 9 h × $1.00/h
    expect(p.projectedToExceed).toBe(true);
    // $7.60 left at $1.00/h: 7 h 36 min from 15:00.
    expect(p.exceedAtMs).toBe(15 * HOUR + 7.6 * HOUR);
    // The period-to-date average ($2.40 / 15 h) would have projected $3.84: no warning at all.
    expect(usd(2.4) + (usd(2.4) * 9n) / 15n).toBe(usd(3.84));
  });

  it('already-exceeded-has-no-crossing-time', () => {
    const p = project({ amountNano: usd(1), spentNano: usd(1), windowSpentNano: usd(0.2), windowMs: HOUR, nowMs: 0, periodEndMs: 2 * HOUR });
    expect(p).toMatchObject({ exceeded: true, projectedToExceed: true, exceedAtMs: null });
    expect(p.projectedNano).toBe(usd(1.4));
  });

  it('no-recent-spend-projects-what-is-spent', () => {
    const p = project({ amountNano: usd(1), spentNano: usd(0.3), windowSpentNano: 0n, windowMs: HOUR, nowMs: HOUR, periodEndMs: 24 * HOUR });
    expect(p).toMatchObject({ projectedNano: usd(0.3), burnRateNanoPerHour: 0n, projectedToExceed: false, exceedAtMs: null });
  });

  it('crossing-time-is-rounded-up-never-early', () => {
    // $1 left at $3 per hour: 20 min exactly; at $7/h: 8.571… min, rounded up to the next ms.
    expect(project({ amountNano: usd(2), spentNano: usd(1), windowSpentNano: usd(3), windowMs: HOUR, nowMs: 0, periodEndMs: 24 * HOUR }).exceedAtMs).toBe(
      20 * 60_000,
    );
    expect(project({ amountNano: usd(2), spentNano: usd(1), windowSpentNano: usd(7), windowMs: HOUR, nowMs: 0, periodEndMs: 24 * HOUR }).exceedAtMs).toBe(
      Math.ceil(HOUR / 7),
    );
  });

  it('exact-at-nano-dollar-scale', () => {
    // 1 nano-dollar per hour for 3 hours left: exactly 3 more, no float drift.
    const p = project({ amountNano: 10n, spentNano: 7n, windowSpentNano: 1n, windowMs: HOUR, nowMs: 0, periodEndMs: 3 * HOUR });
    expect(p.projectedNano).toBe(10n);
    expect(p.projectedToExceed).toBe(true);
    expect(p.exceedAtMs).toBe(3 * HOUR);
  });

  it('trailing-window-is-an-hour-for-days-and-a-day-for-months', () => {
    expect(TRAILING_WINDOW_MS).toEqual({ day: HOUR, month: 24 * HOUR });
  });
});

describe('usdToNano', () => {
  it('reads-the-dollars-as-typed', () => {
    expect(usdToNano(1)).toBe(1_000_000_000n);
    expect(usdToNano(0.1)).toBe(100_000_000n);
    expect(usdToNano(0.3)).toBe(300_000_000n);
    expect(usdToNano(123456789.12345679)).toBe(123456789_123456790n); // 123456789.123456789 as a double: it keeps 17 digits
    expect(usdToNano(1e-9)).toBe(1n);
    expect(usdToNano(2.5e-7)).toBe(250n);
    expect(usdToNano(1e21)).toBe(10n ** 30n);
  });

  it('refuses-more-than-nine-decimals-and-bad-numbers', () => {
    expect(usdToNano(1e-10)).toBeUndefined();
    expect(usdToNano(0.0000000001)).toBeUndefined();
    expect(usdToNano(-1)).toBeUndefined();
    expect(usdToNano(Number.NaN)).toBeUndefined();
    expect(usdToNano(Infinity)).toBeUndefined();
  });
});
