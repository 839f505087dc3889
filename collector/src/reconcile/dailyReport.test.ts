import { describe, expect, it } from 'vitest';
import { dailyReports, ReportShapeError } from './dailyReport';
import { costItem, usageItem } from '../../../test/support/anthropicAnalyticsApi';

const DAYS = ['2026-11-20', '2026-11-21'];
const zero = {
  costNano: 0n,
  listCostNano: 0n,
  otherCostNano: 0n,
  requests: 0,
  uncachedInputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
};

describe('dailyReports', () => {
  it('token-cost-other-cost-and-usage-land-on-one-row-per-day-and-model', () => {
    const rows = dailyReports(
      [
        costItem('2026-11-20', 'claude-sonnet-4-6', 'tokens', '2129.16', '2500'),
        costItem('2026-11-20', 'claude-sonnet-4-6', 'web_search', '1.5'),
        // A dated model name is the same model.
        costItem('2026-11-20', 'claude-haiku-4-5-20251001', 'tokens', '150'),
        costItem('2026-11-20', 'claude-haiku-4-5', 'tokens', '0.0000001'),
        costItem('2026-11-21', null, 'code_execution', '20'),
      ],
      [usageItem('2026-11-20', 'claude-sonnet-4-6', { uncached: 1200, output: 350, cacheRead: 8192, write5m: 1024, write1h: 1024, requests: 3 })],
      DAYS,
    );
    expect(rows).toEqual([
      { ...zero, day: '2026-11-20', model: '' },
      { ...zero, day: '2026-11-20', model: 'claude-haiku-4-5', costNano: 1_500_000_001n, listCostNano: 1_500_000_001n },
      {
        ...zero,
        day: '2026-11-20',
        model: 'claude-sonnet-4-6',
        costNano: 21_291_600_000n,
        listCostNano: 25_000_000_000n,
        otherCostNano: 15_000_000n,
        requests: 3,
        uncachedInputTokens: 1200,
        outputTokens: 350,
        cacheReadTokens: 8192,
        cacheWrite5mTokens: 1024,
        cacheWrite1hTokens: 1024,
      },
      // Code execution has no model: it is the day's unattributed cost.
      { ...zero, day: '2026-11-21', model: '', otherCostNano: 200_000_000n },
    ]);
  });

  it('every-pulled-day-gets-its-marker-row-even-with-no-spend', () => {
    expect(dailyReports([], [], DAYS)).toEqual([
      { ...zero, day: '2026-11-20', model: '' },
      { ...zero, day: '2026-11-21', model: '' },
    ]);
  });

  it('a-partial-today-bucket-is-accepted-but-not-a-bucket-off-midnight', () => {
    const today = { ...costItem('2026-11-21', 'claude-sonnet-4-6', 'tokens', '1'), ending_at: '2026-11-21T15:30:00Z' };
    expect(dailyReports([today], [], [])[0]!.day).toBe('2026-11-21');
    const hourly = { ...costItem('2026-11-21', 'claude-sonnet-4-6', 'tokens', '1'), starting_at: '2026-11-21T01:00:00Z' };
    expect(() => dailyReports([hourly], [], [])).toThrow(/daily bucket starting at 00:00 UTC/);
  });

  it('a-drifted-shape-fails-the-pull-instead-of-reading-as-zero', () => {
    const noAmount = costItem('2026-11-21', 'claude-sonnet-4-6', 'tokens', '1') as { cost: Record<string, unknown> };
    delete noAmount.cost.amount;
    expect(() => dailyReports([noAmount], [], [])).toThrow(ReportShapeError);
    expect(() => dailyReports([{ ...costItem('2026-11-21', 'm', 'tokens', '1'), cost: { amount: '1', currency: 'EUR' } }], [], [])).toThrow(/EUR/);
    expect(() => dailyReports([], [{ ...usageItem('2026-11-21', 'm', { uncached: 1, output: 1, requests: 1 }), usage: { output_tokens: -1 } }], [])).toThrow(
      ReportShapeError,
    );
    expect(() => dailyReports([costItem('2026-11-21', 'm', 'tokens', '1.2e3')], [], [])).toThrow(/decimal number of cents/);
  });
});
