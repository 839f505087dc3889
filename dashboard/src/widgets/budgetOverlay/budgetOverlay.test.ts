import { describe, expect, it } from 'vitest';
import type { BudgetDaysResponse } from '../../api/financeTypes';
import type { ChartRow } from '../../transforms/series';
import { budgetOverlay } from './budgetOverlay';

const HOUR = 3_600_000;
const rowsFrom = (startIso: string, stepMs: number, n: number): ChartRow[] =>
  Array.from({ length: n }, (_, i) => {
    const t = new Date(Date.parse(startIso) + i * stepMs).toISOString();
    return { t, label: t.slice(5, 16) };
  });

const days: BudgetDaysResponse = {
  from: '2026-11-20T00:00:00.000Z',
  to: '2026-11-23T00:00:00.000Z',
  budget: { id: 'b', name: 'Company', amountUsd: 48, amountNanoUsd: '48000000000', timeZone: 'Europe/Berlin' },
  days: [
    { day: '2026-11-20', start: '2026-11-19T23:00:00.000Z', end: '2026-11-20T23:00:00.000Z', spentUsd: 50, spentNanoUsd: '50000000000', over: true },
    { day: '2026-11-21', start: '2026-11-20T23:00:00.000Z', end: '2026-11-21T23:00:00.000Z', spentUsd: 10, spentNanoUsd: '10000000000', over: false },
  ],
};

describe('budgetOverlay', () => {
  it('on a daily chart: the amount as the line, the over day as its bucket', () => {
    const overlay = budgetOverlay(rowsFrom('2026-11-20T00:00:00Z', 24 * HOUR, 3), 24 * HOUR, days)!;
    expect(overlay.lineUsd).toBe(48);
    expect(overlay.over).toEqual([{ day: '2026-11-20', spentUsd: 50, x1: '11-20T00:00', x2: '11-20T00:00' }]);
  });

  it('on an hourly chart: the even pace per hour, the over day spanning its local hours', () => {
    const overlay = budgetOverlay(rowsFrom('2026-11-19T22:00:00Z', HOUR, 48), HOUR, days)!;
    expect(overlay.lineUsd).toBe(2);
    expect(overlay.lineLabel).toContain('even pace');
    expect(overlay.over).toEqual([{ day: '2026-11-20', spentUsd: 50, x1: '11-19T23:00', x2: '11-20T22:00' }]);
  });

  it('nothing without a budget, or on buckets longer than a day', () => {
    expect(budgetOverlay(rowsFrom('2026-11-20T00:00:00Z', HOUR, 3), HOUR, { ...days, budget: null, days: [] })).toBeUndefined();
    expect(budgetOverlay(rowsFrom('2026-11-20T00:00:00Z', HOUR, 3), HOUR, undefined)).toBeUndefined();
    expect(budgetOverlay(rowsFrom('2026-11-20T00:00:00Z', 7 * 24 * HOUR, 3), 7 * 24 * HOUR, days)).toBeUndefined();
  });
});
