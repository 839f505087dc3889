import { describe, expect, it } from 'vitest';
import type { BudgetStatus, TimeseriesResponse } from '../api/types';
import { dailyBudget } from './budget';
import { toCsv } from './csv';
import { projectEndOfDay } from './projection';
import { flowBars, flows } from './routing';
import { errorRateRows, groupRows, metricRows, perMinute, toShares, totalsRows } from './series';

const response = (over: Partial<TimeseriesResponse>): TimeseriesResponse => ({
  from: '2026-11-21T00:00:00.000Z',
  to: '2026-11-21T03:00:00.000Z',
  interval: '1h',
  metrics: ['calls'],
  groupBy: [],
  buckets: ['2026-11-21T00:00:00.000Z', '2026-11-21T01:00:00.000Z', '2026-11-21T02:00:00.000Z'],
  total: { values: { calls: [10, 0, 30], errors: [1, 0, 3] }, totals: { calls: 40, errors: 4 } },
  series: [],
  ...over,
});

describe('series transforms', () => {
  it('metric rows carry each bucket with a UTC label', () => {
    expect(metricRows(response({}), ['calls'])).toEqual([
      { t: '2026-11-21T00:00:00.000Z', label: 'Nov 21 00:00', calls: 10 },
      { t: '2026-11-21T01:00:00.000Z', label: 'Nov 21 01:00', calls: 0 },
      { t: '2026-11-21T02:00:00.000Z', label: 'Nov 21 02:00', calls: 30 },
    ]);
  });

  it('groups become columns s0…, "Other" and "(none)" named for people; shares sum to one', () => {
    const grouped = response({
      groupBy: ['team'],
      series: [
        { key: ['search'], other: false, values: { calls: [6, 0, 10] }, totals: { calls: 16 } },
        { key: [''], other: false, values: { calls: [2, 0, 10] }, totals: { calls: 12 } },
        { key: [], other: true, values: { calls: [2, 0, 10] }, totals: { calls: 12 } },
      ],
    });
    const { rows, series } = groupRows(grouped, 'calls');
    expect(series.map((s) => s.label)).toEqual(['search', '(none)', 'Other']);
    expect(rows[0]).toMatchObject({ s0: 6, s1: 2, s2: 2 });
    const shares = toShares(rows, series);
    expect(shares[0]).toMatchObject({ s0: 0.6, s1: 0.2, s2: 0.2 });
    expect(shares[1]).toMatchObject({ s0: null });
    expect(totalsRows(grouped).map((r) => r.values.calls)).toEqual([16, 12, 12]);
  });

  it('error rate by type divides each type by all calls of the bucket and leaves out "no error"', () => {
    const byType = response({
      series: [
        { key: ['rate_limit_error'], other: false, values: { errors: [1, 0, 2] }, totals: { errors: 3 } },
        { key: [''], other: false, values: { errors: [0, 0, 0] }, totals: { errors: 0 } },
      ],
    });
    const { rows, series } = errorRateRows(byType, response({}));
    expect(series.map((s) => s.label)).toEqual(['rate_limit_error']);
    expect(rows.map((r) => r.s0)).toEqual([0.1, null, 2 / 30]);
  });

  it('per minute', () => {
    expect(perMinute(30, 3_600_000)).toBe(0.5);
    expect(perMinute(null, 60_000)).toBeNull();
  });
});

describe('end-of-day projection without a budget', () => {
  it('spend so far plus the last hour’s rate (as a day budget projects) for the rest of the day', () => {
    const now = new Date('2026-11-21T12:30:00Z');
    const hourly = Array.from({ length: 13 }, (_, h) => ({ t: new Date(Date.UTC(2026, 10, 21, h)).toISOString(), usd: h >= 9 ? (h === 12 ? 1 : 2) : 0 }));
    const p = projectEndOfDay(hourly, now);
    expect(p.spent).toBe(7);
    // 11:30–12:30: half of 11:00's $2, and 12:00's $1 (all of it so far) = $2 in 1 h.
    expect(p.burnPerHour).toBeCloseTo(2, 10);
    expect(p.projected).toBeCloseTo(7 + 2 * 11.5, 10);
  });
});

describe('routing flows, CSV, budget choice', () => {
  it('pairs with their share of the first key', () => {
    const rows = flows(
      response({
        groupBy: ['route', 'model'],
        series: [
          { key: ['cheap', 'haiku'], other: false, values: {}, totals: { calls: 30 } },
          { key: ['cheap', 'sonnet'], other: false, values: {}, totals: { calls: 10 } },
          { key: ['default', 'sonnet'], other: false, values: {}, totals: { calls: 5 } },
        ],
      }),
    );
    expect(rows).toEqual([
      { from: 'cheap', to: 'haiku', calls: 30, share: 0.75 },
      { from: 'cheap', to: 'sonnet', calls: 10, share: 0.25 },
      { from: 'default', to: 'sonnet', calls: 5, share: 1 },
    ]);
    expect(flowBars(rows).bars).toEqual([
      { from: 'cheap', t0: 0.75, t1: 0.25 },
      { from: 'default', t1: 1 },
    ]);
  });

  it('CSV quotes what needs quoting', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          [1, null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n1,\r\n');
  });

  it('the company-wide daily budget first, else any daily one, else none', () => {
    const status = (kind: 'all' | 'team', period: 'day' | 'month') => ({ budget: { scope: { kind, value: '' }, period } }) as BudgetStatus;
    expect(dailyBudget(undefined)).toBeUndefined();
    expect(dailyBudget({ at: '', budgets: [status('all', 'month')] })).toBeUndefined();
    const team = status('team', 'day');
    const all = status('all', 'day');
    expect(dailyBudget({ at: '', budgets: [team, all] })).toBe(all);
    expect(dailyBudget({ at: '', budgets: [team] })).toBe(team);
  });
});

describe('CSV exports', () => {
  it('top spenders keep the exact nano-dollars beside the dollars', async () => {
    const { topSpendersCsv } = await import('./csv');
    const csv = topSpendersCsv({
      by: 'team',
      from: '',
      to: '',
      rows: [
        {
          key: 'search, west',
          calls: 2,
          errors: 0,
          costUsd: 0.000000001,
          costNanoUsd: '1',
          unpricedCalls: 0,
          inputTokens: 1,
          outputTokens: 2,
          cacheReadTokens: 3,
          cacheWrite5mTokens: 4,
          cacheWrite1hTokens: 5,
        },
      ],
    });
    expect(csv.split('\r\n')[1]).toBe('"search, west",0.000000001,1,2,0,1,3,4,5,2');
  });

  it('names an app planted as formulas are written as text, in both exports', async () => {
    const { spendSeriesCsv, topSpendersCsv } = await import('./csv');
    const row = {
      calls: 1,
      errors: 0,
      costUsd: 1,
      costNanoUsd: '1000000000',
      unpricedCalls: 0,
      inputTokens: 1,
      outputTokens: 1,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
    };
    const top = topSpendersCsv({
      by: 'feature',
      from: '',
      to: '',
      rows: [
        { key: "=cmd|' /C calc'!A0", ...row },
        { key: '@SUM(A1:A9)', ...row },
      ],
    });
    expect(
      top
        .split('\r\n')
        .slice(1, 3)
        .map((line) => line.split(',')[0]),
    ).toEqual(["'=cmd|' /C calc'!A0", "'@SUM(A1:A9)"]);
    const series = spendSeriesCsv({ buckets: ['2026-12-01T00:00:00Z'], series: [{ key: ['+1+1'], other: false, values: { cost_usd: [2] } }] } as never, 'team');
    expect(series.split('\r\n')[1]).toBe("2026-12-01T00:00:00Z,'+1+1,2");
  });
});
