import { describe, expect, it } from 'vitest';
import { forecastPeriod, type HistoryDay } from './forecast';

const USD = 1_000_000_000n;
/** Four weeks where weekdays cost $10 and weekends $2, oldest first, starting on a Monday. */
const weeks = (n = 4, noise: (i: number) => bigint = () => 0n): HistoryDay[] =>
  Array.from({ length: 7 * n }, (_, i) => {
    const weekday = (1 + i) % 7;
    return { weekday, nano: (weekday === 0 || weekday === 6 ? 2n : 10n) * USD + noise(i) };
  });

describe('forecastPeriod', () => {
  it('adds each remaining day at its weekday mean: a weekend left costs the weekend rate', () => {
    // Today is Saturday with half of it left, then Sunday; $100 spent so far.
    const f = forecastPeriod({ history: weeks(), spentNano: 100n * USD, todayWeekday: 6, todayLeft: 0.5, futureWeekdays: [0], periodElapsed: 0.9 });
    expect(f.method).toBe('weekday');
    expect(f.expectedNano).toEqual([1n * USD, 2n * USD]);
    expect(f.projectedNano).toBe(103n * USD);
    // Perfectly regular history: no spread, the band closes on the projection.
    expect([f.lowNano, f.highNano]).toEqual([103n * USD, 103n * USD]);
  });

  it('widens the band with the history spread and the days left, and never goes below the spend so far', () => {
    const noisy = weeks(4, (i) => (i % 2 === 0 ? 1n : -1n) * USD);
    const near = forecastPeriod({ history: noisy, spentNano: 50n * USD, todayWeekday: 1, todayLeft: 0.5, futureWeekdays: [2], periodElapsed: 0.9 });
    const far = forecastPeriod({
      history: noisy,
      spentNano: 50n * USD,
      todayWeekday: 1,
      todayLeft: 0.5,
      futureWeekdays: [2, 3, 4, 5, 6, 0, 1, 2, 3],
      periodElapsed: 0.5,
    });
    expect(near.lowNano).toBeLessThan(near.projectedNano);
    expect(near.highNano).toBeGreaterThan(near.projectedNano);
    expect(far.highNano - far.lowNano).toBeGreaterThan(near.highNano - near.lowNano);
    const tiny = forecastPeriod({
      history: [
        { weekday: 1, nano: 0n },
        { weekday: 2, nano: 100n * USD },
      ],
      spentNano: 5n,
      todayWeekday: 3,
      todayLeft: 1,
      futureWeekdays: [],
      periodElapsed: 0.5,
    });
    expect(tiny.lowNano).toBeGreaterThanOrEqual(5n);
  });

  it('with under two weeks of history, uses the plain daily mean', () => {
    const f = forecastPeriod({ history: weeks(1), spentNano: 0n, todayWeekday: 6, todayLeft: 1, futureWeekdays: [0], periodElapsed: 0.5 });
    expect(f.method).toBe('daily-mean');
    const mean = ((5n * 10n + 2n * 2n) * USD) / 7n;
    expect(f.projectedNano - 2n * mean).toBeLessThanOrEqual(1n);
  });

  it('with no complete day, extends the run rate so far', () => {
    const f = forecastPeriod({ history: [], spentNano: 4n * USD, todayWeekday: 2, todayLeft: 0.75, futureWeekdays: [], periodElapsed: 0.25 });
    expect(f).toMatchObject({ method: 'run-rate', projectedNano: 16n * USD, lowNano: 4n * USD, highNano: 28n * USD });
  });
});
