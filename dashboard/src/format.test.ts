import { describe, expect, it } from 'vitest';
import { formatBucket, formatCount, formatKey, formatMs, formatPercent, formatUsd } from './format';

describe('formats', () => {
  it('dollars: cents from a dollar up, three significant digits below, grouped from $1,000', () => {
    expect([formatUsd(0), formatUsd(0.00123456), formatUsd(0.5), formatUsd(12.345), formatUsd(12345.6), formatUsd(null)]).toEqual([
      '$0.00',
      '$0.00123',
      '$0.5',
      '$12.35',
      '$12,346',
      '—',
    ]);
  });
  it('counts, percents, durations, keys, buckets', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect([formatPercent(0), formatPercent(0.00123), formatPercent(0.5)]).toEqual(['0%', '0.12%', '50.0%']);
    expect([formatMs(850.4), formatMs(1234)]).toEqual(['850 ms', '1.23 s']);
    expect([formatKey(['a', '']), formatKey([], true)]).toEqual(['a → (none)', 'Other']);
    expect([
      formatBucket('2026-11-21T14:05:00Z', 60_000),
      formatBucket('2026-11-21T14:00:00Z', 3_600_000),
      formatBucket('2026-11-21T00:00:00Z', 86_400_000),
    ]).toEqual(['14:05', 'Nov 21 14:00', 'Nov 21']);
  });
});
