// Where a period's spend ends, from daily history, with an 80% band. Pure.
//
// The model: each remaining day costs what that weekday has cost on average over the last four
// weeks (traffic of a business app differs by weekday far more than by week), and today's
// remainder costs that share of today's weekday. The band comes from how far real days strayed
// from their weekday's mean (the residuals' standard deviation), summed over the days left as
// independent errors: σ_total = σ·√(fraction of today left² + full days left), ±1.2816 σ for
// 80%. With under two weeks of history a plain daily mean stands in for the weekday means; with
// no complete day at all, the period-to-date run rate, with a band as wide as what is left.
//
// Money: the statistics run on floats of nano-dollars (an estimate, not a sum); every figure
// that comes out is rounded once to an integer nano-dollar, and the spend so far stays exact.

export interface HistoryDay {
  /** 0 = Sunday … 6 = Saturday, of the local day. */
  weekday: number;
  nano: bigint;
}

export interface ForecastInput {
  /** Complete local days before today, oldest first (up to 28). */
  history: readonly HistoryDay[];
  /** Spend in the period so far (exact). */
  spentNano: bigint;
  todayWeekday: number;
  /** Share of today still to come, 0–1. */
  todayLeft: number;
  /** Weekdays of the whole days after today until the period ends. */
  futureWeekdays: readonly number[];
  /** Share of the period already past, 0–1 (for the run rate when there is no history). */
  periodElapsed: number;
}

export type ForecastMethod = 'weekday' | 'daily-mean' | 'run-rate';

export interface Forecast {
  method: ForecastMethod;
  projectedNano: bigint;
  lowNano: bigint;
  highNano: bigint;
  /** Expected spend of each day still to come (today's remainder first). */
  expectedNano: bigint[];
}

const Z80 = 1.2816;
export const WEEKDAY_MIN_DAYS = 14;

const round = (x: number) => BigInt(Math.round(Math.max(0, x)));

function weekdayMeans(history: readonly HistoryDay[]): number[] | undefined {
  const sums = Array<number>(7).fill(0);
  const counts = Array<number>(7).fill(0);
  for (const d of history) {
    sums[d.weekday]! += Number(d.nano);
    counts[d.weekday]! += 1;
  }
  if (history.length < WEEKDAY_MIN_DAYS || counts.some((c) => c < 2)) return undefined;
  return sums.map((s, i) => s / counts[i]!);
}

export function forecastPeriod(input: ForecastInput): Forecast {
  const { history, spentNano, todayWeekday, todayLeft, futureWeekdays } = input;
  if (history.length === 0) {
    const elapsed = Math.max(input.periodElapsed, 1e-6);
    const rest = (Number(spentNano) / elapsed) * (1 - elapsed);
    const projectedNano = spentNano + round(rest);
    return { method: 'run-rate', projectedNano, lowNano: spentNano, highNano: spentNano + round(2 * rest), expectedNano: [] };
  }
  const byWeekday = weekdayMeans(history);
  const overall = history.reduce((s, d) => s + Number(d.nano), 0) / history.length;
  const meanOf = (weekday: number) => (byWeekday ? byWeekday[weekday]! : overall);
  const parameters = byWeekday ? 7 : 1;
  const squares = history.reduce((s, d) => s + (Number(d.nano) - meanOf(d.weekday)) ** 2, 0);
  // With as many days as parameters the spread is unknown: take a day's mean as its error.
  const sigma = history.length > parameters ? Math.sqrt(squares / (history.length - parameters)) : overall;

  const expected = [meanOf(todayWeekday) * todayLeft, ...futureWeekdays.map(meanOf)];
  const rest = expected.reduce((a, b) => a + b, 0);
  const spread = Z80 * sigma * Math.sqrt(todayLeft ** 2 + futureWeekdays.length);
  const projectedNano = spentNano + round(rest);
  return {
    method: byWeekday ? 'weekday' : 'daily-mean',
    projectedNano,
    lowNano: spentNano + round(rest - spread),
    highNano: spentNano + round(rest + spread),
    expectedNano: expected.map(round),
  };
}
