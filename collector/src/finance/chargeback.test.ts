import { describe, expect, it } from 'vitest';
import { shapeChargeback } from './chargeback';
import type { ChargebackCell } from './chargebackQuery';

const cell = (month: string, key: string, model: string, nano: bigint, extra: Partial<ChargebackCell> = {}): ChargebackCell => ({
  month,
  key,
  model,
  calls: 1,
  unpriced_calls: 0,
  batch_calls: 0,
  cost_nano: nano,
  input_tokens: 10,
  output_tokens: 5,
  cache_read_tokens: 0,
  cache_write_5m_tokens: 0,
  cache_write_1h_tokens: 0,
  ...extra,
});

const shape = (cells: ChargebackCell[]) =>
  shapeChargeback({
    by: 'team',
    months: ['2026-10', '2026-11'],
    periodStart: new Date('2026-11-01T00:00:00Z'),
    periodEnd: new Date('2026-12-01T00:00:00Z'),
    cells,
  });

describe('shapeChargeback', () => {
  it('totals each key for the month, most expensive first, with its share, change and models', () => {
    const report = shape([
      cell('2026-10', 'search', 'claude-haiku-4-5', 2_000_000_000n),
      cell('2026-11', 'search', 'claude-haiku-4-5', 1_000_000_000n),
      cell('2026-11', 'search', 'claude-opus-4-6', 2_000_000_001n),
      cell('2026-11', 'ads', 'claude-haiku-4-5', 1_000_000_000n),
    ]);
    expect(report.rows.map((r) => r.key)).toEqual(['search', 'ads']);
    const [search, ads] = report.rows;
    expect(search!.cost.nanoUsd).toBe('3000000001');
    expect(search!.share).toBe(0.75);
    expect(search!.previous.nanoUsd).toBe('2000000000');
    expect(search!.changeNanoUsd).toBe('1000000001');
    expect(search!.changeRatio).toBe(0.5);
    expect(search!.byModel.map((m) => [m.model, m.cost.nanoUsd])).toEqual([
      ['claude-opus-4-6', '2000000001'],
      ['claude-haiku-4-5', '1000000000'],
    ]);
    expect(search!.history.map((h) => [h.month, h.cost.nanoUsd])).toEqual([
      ['2026-10', '2000000000'],
      ['2026-11', '3000000001'],
    ]);
    expect(ads!.changeRatio).toBeNull(); // nothing the month before
    expect(report.total.nanoUsd).toBe('4000000001');
    expect(report.rows.reduce((s, r) => s + r.cost.cents, 0)).toBe(report.total.cents);
  });

  it('keeps a key that spent last month and nothing this month, and names unpriced models', () => {
    const report = shape([cell('2026-10', 'gone', 'claude-haiku-4-5', 500n), cell('2026-11', 'new', 'claude-mystery-9', 0n, { unpriced_calls: 1 })]);
    const gone = report.rows.find((r) => r.key === 'gone')!;
    expect(gone.cost.nanoUsd).toBe('0');
    expect(gone.changeNanoUsd).toBe('-500');
    expect(report.unpricedCalls).toBe(1);
    expect(report.unpricedModels).toEqual(['claude-mystery-9']);
  });
});
