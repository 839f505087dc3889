import { describe, expect, it } from 'vitest';
import { changeText, formatCents, monthlySeries } from './chargebackView';

const amount = (nano: bigint) => ({ usd: Number(nano) / 1e9, nanoUsd: nano.toString(), cents: 0 });

describe('chargeback view', () => {
  it('writes invoice cents with grouping and two decimals', () => {
    expect(formatCents(123456)).toBe('$1,234.56');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(-120)).toBe('-$1.20');
  });

  it('says how the month changed, "new" when nothing was spent before', () => {
    expect(changeText({ changeUsd: 1.2, changeRatio: 0.25, previous: amount(4_800_000_000n) })).toBe('+$1.20 (+25.0%)');
    expect(changeText({ changeUsd: -0.4, changeRatio: -0.5, previous: amount(800_000_000n) })).toBe('-$0.4 (-50.0%)');
    expect(changeText({ changeUsd: 3, changeRatio: null, previous: amount(0n) })).toBe('new');
  });

  it('stacks the six biggest keys per month and sums the rest, exactly, as Other', () => {
    const rows = Array.from({ length: 8 }, (_, i) => ({
      key: i === 0 ? '' : `t${i}`,
      history: [{ month: '2026-10', cost: amount(BigInt(100_000_001 * (i + 1))), calls: 1 }],
    }));
    const series = monthlySeries({ months: ['2026-10'], rows });
    expect(series.keys).toEqual(['(none)', 't1', 't2', 't3', 't4', 't5', 'Other']);
    expect(series.rows[0]!.Other).toBe((100_000_001 * 7 + 100_000_001 * 8) / 1e9);
  });
});
