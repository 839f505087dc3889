import { describe, expect, it } from 'vitest';
import { emptyDailyReport } from './dailyReport';
import type { DailyEstimate } from './estimateQuery';
import { driftPercent, reconcileRows } from './reconcileRows';
import type { StoredDailyReport } from './reportTable';

describe('driftPercent', () => {
  it.each([
    [112_500n, 100_000n, 12.5],
    [96_667n, 100_000n, -3.33],
    [100_005n, 100_000n, 0.01], // 0.005 % rounds away from zero
    [99_995n, 100_000n, -0.01],
    [100_004n, 100_000n, 0],
    [0n, 0n, 0],
    [1n, 0n, null], // spend against nothing reported has no percentage
    [0n, 5n, -100],
    [30n, -10n, -400], // a negative (credited) report keeps the sign arithmetic right
    [3n * 2n ** 60n + 7n, 2n * 2n ** 60n, 50], // amounts past 2^53 stay exact until the final percent
  ])('estimate %s vs reported %s is %s %', (estimate, reported, expected) => {
    expect(driftPercent(estimate, reported)).toBe(expected);
  });
});

const estimate = (day: string, model: string, costNano: bigint): DailyEstimate => ({
  day,
  model,
  calls: 1,
  unpricedCalls: 0,
  costNano,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
});

const report = (day: string, model: string, costNano: bigint, refreshedAt: string | null, pulledAt = '2026-11-21T06:00:00Z'): StoredDailyReport => ({
  ...emptyDailyReport(day, model),
  costNano,
  listCostNano: costNano,
  refreshedAt: refreshedAt ? new Date(refreshedAt) : null,
  pulledAt: new Date(pulledAt),
});

describe('reconcileRows', () => {
  it('lines-up-both-sides-per-day-and-model', () => {
    const rows = reconcileRows(
      [estimate('2026-11-19', 'claude-sonnet-4-6', 100n), estimate('2026-11-20', 'claude-sonnet-4-6', 110n), estimate('2026-11-20', 'claude-opus-4-6', 50n)],
      [
        report('2026-11-20', '', 0n, '2026-11-21T03:00:00Z'),
        report('2026-11-20', 'claude-sonnet-4-6', 100n, '2026-11-21T03:00:00Z'),
        report('2026-11-20', 'claude-haiku-4-5', 40n, '2026-11-21T03:00:00Z'),
        report('2026-11-21', '', 0n, '2026-11-21T03:00:00Z'),
      ],
    );
    expect(rows.map((r) => [r.day, r.model, r.estimate.costNano, r.reported?.costNano ?? null, r.driftPercent, r.complete])).toEqual([
      // Not pulled: Anthropic's figure is unknown, not zero.
      ['2026-11-19', 'claude-sonnet-4-6', 100n, null, null, false],
      // Anthropic reports a model burnrate never saw (an app without the hook?): −100 %.
      ['2026-11-20', 'claude-haiku-4-5', 0n, 40n, -100, true],
      // Pulled, and Anthropic lists nothing for this model: $0 reported against spend.
      ['2026-11-20', 'claude-opus-4-6', 50n, 0n, null, true],
      ['2026-11-20', 'claude-sonnet-4-6', 110n, 100n, 10, true],
    ]);
  });

  it('a-day-is-complete-once-refreshed-after-it-ended', () => {
    const refreshedLate = reconcileRows([], [report('2026-11-20', 'claude-sonnet-4-6', 1n, '2026-11-21T00:00:00Z')]);
    expect(refreshedLate[0]!.complete).toBe(true);
    const stillFilling = reconcileRows([], [report('2026-11-21', 'claude-sonnet-4-6', 1n, '2026-11-21T15:00:00Z')]);
    expect(stillFilling[0]!.complete).toBe(false);
    // No data_refreshed_at: the pull time stands in for it.
    const byPullTime = reconcileRows([], [report('2026-11-20', 'claude-sonnet-4-6', 1n, null, '2026-11-21T06:00:00Z')]);
    expect(byPullTime[0]!.complete).toBe(true);
  });

  it('unattributed-cost-shows-only-when-there-is-some', () => {
    const withOther = report('2026-11-20', '', 0n, null);
    withOther.otherCostNano = 200n;
    expect(reconcileRows([], [withOther]).map((r) => r.model)).toEqual(['']);
    expect(reconcileRows([], [report('2026-11-20', '', 0n, null)])).toEqual([]);
  });
});
