import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { usdPerMTokToNanoPerToken } from './decimal';
import { DEFAULT_PRICES } from './defaultPrices';
import { canonicalModelId } from './modelId';
import { PricingFileError } from './overrideFile';
import { priceCall } from './priceCall';
import { loadPriceTable, PriceTable } from './priceTable';
import { removeTestDir } from '../../../test/support/removeTestDir';

const dir = mkdtempSync(join(tmpdir(), 'burnrate-pricing-'));
afterAll(() => removeTestDir(dir));

let files = 0;
function pricingFile(content: unknown): string {
  const file = join(dir, `prices-${files++}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const OPUS_4_7_CARD = { input: 5, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5 };

function loadError(file: string): string {
  try {
    loadPriceTable({ overrideFile: file });
  } catch (error) {
    expect(error).toBeInstanceOf(PricingFileError);
    return (error as Error).message;
  }
  throw new Error('expected loadPriceTable to fail');
}

describe('the default table', () => {
  const table = loadPriceTable();

  it('converts every default row', () => {
    expect(() => PriceTable.fromSpecs(DEFAULT_PRICES)).not.toThrow();
    expect(table.entries()).toHaveLength(DEFAULT_PRICES.length);
  });

  it('keys every row by a canonical id, and aliases by names canonicalModelId does not reach', () => {
    for (const spec of DEFAULT_PRICES) {
      expect(canonicalModelId(spec.model)).toBe(spec.model);
      for (const alias of spec.aliases ?? []) {
        expect(canonicalModelId(alias)).toBe(alias);
        expect(alias).not.toBe(spec.model);
      }
    }
  });

  it('holds the published prices in nano-dollars per token', () => {
    // $0.08/MTok → 80, $18.75/MTok → 18,750, $0.30 → 300
    expect(table.lookup('claude-3-5-haiku', new Date('2025-01-01'))?.prices.cacheRead).toBe(80n);
    expect(table.lookup('claude-opus-4-1', new Date('2025-09-01'))?.prices.cacheWrite5m).toBe(18_750n);
    expect(table.lookup('claude-sonnet-4-5', new Date('2025-10-01'))?.prices).toEqual({
      input: 3000n,
      output: 15_000n,
      cacheWrite5m: 3750n,
      cacheWrite1h: 6000n,
      cacheRead: 300n,
    });
  });

  it('records batch, US-only and fast multipliers as exact ratios', () => {
    const opus = table.lookup('claude-opus-5-5', new Date('2026-10-01'));
    expect(opus?.batch).toEqual({ num: 1n, den: 2n });
    expect(opus?.dataResidency).toEqual({ num: 11n, den: 10n });
    expect(opus?.fast).toEqual({ num: 2n, den: 1n });
    const haiku45 = table.lookup('claude-haiku-4-5', new Date('2026-10-01'));
    expect(haiku45?.dataResidency).toBeUndefined();
    expect(haiku45?.fast).toBeUndefined();
  });
});

describe('PriceTable.lookup: effective dating', () => {
  const table = loadPriceTable();

  it('picks the entry with the latest from <= the call time, from 00:00 UTC', () => {
    expect(table.lookup('claude-sonnet-5-5', new Date('2026-09-28T00:00:00Z'))?.from).toBe('2026-09-28');
    expect(table.lookup('claude-sonnet-5-5', new Date('2026-10-06T23:59:59.999Z'))?.prices.cacheRead).toBe(200n);
    expect(table.lookup('claude-sonnet-5-5', new Date('2026-10-07T00:00:00Z'))?.prices.cacheRead).toBe(100n);
    expect(table.lookup('claude-sonnet-5-5', new Date('2030-01-01T00:00:00Z'))?.from).toBe('2026-10-07');
  });

  it('returns undefined before the first price, for unknown models and for invalid dates', () => {
    expect(table.lookup('claude-sonnet-5-5', new Date('2026-09-27T23:59:59Z'))).toBeUndefined();
    expect(table.lookup('gpt-4o', new Date('2026-10-01'))).toBeUndefined();
    expect(table.lookup('claude-opus-5', new Date('nope'))).toBeUndefined();
  });

  it('looks up by any name of the model', () => {
    expect(table.resolve('us.anthropic.claude-opus-4-20250514-v1:0')).toBe('claude-opus-4');
    expect(table.resolve('claude-opus-4-0')).toBe('claude-opus-4');
    expect(table.resolve('claude-haiku-3-5')).toBe('claude-3-5-haiku');
    expect(table.resolve('claude-opus-9')).toBeUndefined();
  });
});

describe('PriceTable construction', () => {
  const spec = { model: 'claude-x', from: '2026-01-01', usdPerMTok: OPUS_4_7_CARD };

  it('refuses two prices for one model and day', () => {
    expect(() => PriceTable.fromSpecs([spec, spec])).toThrow('two default prices for claude-x from 2026-01-01');
  });

  it('refuses an alias that names another model', () => {
    expect(() => PriceTable.fromSpecs([spec, { ...spec, model: 'claude-y', aliases: ['claude-x'] }])).toThrow(
      'alias claude-x of claude-y already names claude-x',
    );
  });

  it('names the row and field of a bad default', () => {
    expect(() => PriceTable.fromSpecs([{ ...spec, usdPerMTok: { ...OPUS_4_7_CARD, cacheRead: 0.0001 } }])).toThrow(
      'price claude-x from 2026-01-01: usdPerMTok.cacheRead is finer than one nano-dollar per token',
    );
  });
});

describe('loadPriceTable with an override file', () => {
  it('adds a model', () => {
    const file = pricingFile({
      prices: [
        {
          model: 'claude-opus-9',
          from: '2026-11-01',
          usdPerMTok: { input: 1.5, output: '7.5', cacheWrite5m: 1.875, cacheWrite1h: 3, cacheRead: 0.15 },
        },
      ],
    });
    const table = loadPriceTable({ overrideFile: file });
    // 1000·1500 + 1000·7500 + 1000·150 = 1,500,000 + 7,500,000 + 150,000
    expect(
      priceCall(
        table,
        { inputTokens: 1000, outputTokens: 1000, cacheReadTokens: 1000, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 },
        {
          model: 'claude-opus-9-20261101',
          at: new Date('2026-11-02T00:00:00Z'),
        },
      ),
    ).toMatchObject({ priced: true, costNanoUsd: 9_150_000n, priceModel: 'claude-opus-9', priceFrom: '2026-11-01', priceSource: 'file' });
    // a new model has the batch discount but no US-only or fast price unless the file says so
    const entry = table.lookup('claude-opus-9', new Date('2026-11-02'));
    expect(entry?.batch).toEqual({ num: 1n, den: 2n });
    expect(entry?.dataResidency).toBeUndefined();
    // defaults are still there
    expect(table.resolve('claude-sonnet-4-5')).toBe('claude-sonnet-4-5');
  });

  it('changes a price from a date: the day before keeps the default, the day of uses the override', () => {
    const file = pricingFile({
      prices: [
        {
          model: 'claude-sonnet-4-5',
          from: '2026-06-01',
          usdPerMTok: { input: 2.5, output: 12.5, cacheWrite5m: 3.125, cacheWrite1h: 5, cacheRead: 0.25 },
        },
      ],
    });
    const table = loadPriceTable({ overrideFile: file });
    const u = { inputTokens: 1000, outputTokens: 1000, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 };
    const call = (at: string) => priceCall(table, u, { model: 'claude-sonnet-4-5-20250929', at: new Date(at) });
    // default: 1000·3000 + 1000·15,000
    expect(call('2026-05-31T23:59:59Z')).toMatchObject({
      priced: true,
      costNanoUsd: 18_000_000n,
      priceModel: 'claude-sonnet-4-5',
      priceFrom: '2025-09-29',
      priceSource: 'default',
    });
    // override: 1000·2500 + 1000·12,500
    expect(call('2026-06-01T00:00:00Z')).toMatchObject({
      priced: true,
      costNanoUsd: 15_000_000n,
      priceModel: 'claude-sonnet-4-5',
      priceFrom: '2026-06-01',
      priceSource: 'file',
    });
  });

  it('replaces the default with the same model and from', () => {
    const file = pricingFile({
      prices: [{ model: 'claude-haiku-4-5-20251001', from: '2025-10-15', usdPerMTok: { ...OPUS_4_7_CARD, input: '0.9' } }],
    });
    const table = loadPriceTable({ overrideFile: file });
    // The default stays in the history (shown by `burnrate prices`), the file row is in force.
    expect(table.history('claude-haiku-4-5').map((e) => e.source)).toEqual(['default', 'file']);
    const inForce = table.lookup('claude-haiku-4-5', new Date('2026-01-01'));
    expect(inForce?.source).toBe('file');
    expect(inForce?.prices.input).toBe(900n);
  });

  it('takes the example from the docs: an earlier start for Opus 4.7 that keeps its multipliers', () => {
    const file = pricingFile({ prices: [{ model: 'claude-opus-4-7', from: '2026-01-01', usdPerMTok: OPUS_4_7_CARD }] });
    const table = loadPriceTable({ overrideFile: file });
    const u = { inputTokens: 1000, outputTokens: 1000, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 };
    // (1000·5000 + 1000·25,000)·11/10, multiplier inherited from the default Opus 4.7 row
    expect(priceCall(table, u, { model: 'claude-opus-4-7', at: new Date('2026-02-01T00:00:00Z'), dataResidency: true })).toMatchObject({
      priced: true,
      costNanoUsd: 33_000_000n,
      priceModel: 'claude-opus-4-7',
      priceFrom: '2026-01-01',
    });
  });

  it('lets the file set bands, multipliers and aliases', () => {
    const file = pricingFile({
      prices: [
        {
          model: 'claude-opus-9',
          aliases: ['opus-nine'],
          from: '2026-11-01',
          usdPerMTok: OPUS_4_7_CARD,
          bands: [{ abovePromptTokens: 1000, usdPerMTok: { ...OPUS_4_7_CARD, input: 10 } }],
          multipliers: { batch: '0.4', fast: 3 },
        },
      ],
    });
    const table = loadPriceTable({ overrideFile: file });
    const u = { inputTokens: 1001, outputTokens: 0, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 };
    // band: 1001·10,000 = 10,010,000; batch 2/5 → 4,004,000
    expect(priceCall(table, u, { model: 'opus-nine', at: new Date('2026-11-05'), batch: true })).toMatchObject({
      costNanoUsd: 4_004_000n,
      priceModel: 'claude-opus-9',
    });
  });

  it('reads decimals exactly, from numbers and from strings', () => {
    expect(usdPerMTokToNanoPerToken(0.3)).toBe(300n);
    expect(usdPerMTokToNanoPerToken('0.3')).toBe(300n);
    // 0.1 + 0.2 is the double 0.30000000000000004, not 0.3: refused, never rounded to 300
    expect(() => usdPerMTokToNanoPerToken(0.1 + 0.2)).toThrow('finer than one nano-dollar');
    expect(usdPerMTokToNanoPerToken(18.75)).toBe(18_750n);
    expect(usdPerMTokToNanoPerToken(0.08)).toBe(80n);
    expect(usdPerMTokToNanoPerToken('0.001')).toBe(1n);
    expect(usdPerMTokToNanoPerToken(1e-3)).toBe(1n);
    expect(usdPerMTokToNanoPerToken('1.5e1')).toBe(15_000n);
    expect(usdPerMTokToNanoPerToken('0.1250')).toBe(125n);
  });
});

describe('loadPriceTable: override file errors name the file, entry and field', () => {
  const good = { model: 'claude-opus-9', from: '2026-11-01', usdPerMTok: OPUS_4_7_CARD };

  it('a negative price', () => {
    const file = pricingFile({ prices: [good, { ...good, from: '2026-11-02' }, { ...good, usdPerMTok: { ...OPUS_4_7_CARD, output: -1 } }] });
    expect(loadError(file)).toBe(`BURNRATE_PRICING_FILE ${file}: prices[2].usdPerMTok.output must be a non-negative number`);
  });

  it('a price finer than a nano-dollar per token', () => {
    const file = pricingFile({ prices: [{ ...good, usdPerMTok: { ...OPUS_4_7_CARD, cacheRead: 0.0005 } }] });
    expect(loadError(file)).toBe(
      `BURNRATE_PRICING_FILE ${file}: prices[0].usdPerMTok.cacheRead is finer than one nano-dollar per token (at most 3 decimal places of USD per million tokens)`,
    );
  });

  it('a missing or non-numeric price', () => {
    const { cacheWrite1h: _omitted, ...noWrite1h } = OPUS_4_7_CARD;
    const file = pricingFile({ prices: [{ ...good, usdPerMTok: { ...noWrite1h, input: 'five' } }] });
    expect(loadError(file)).toBe(
      `BURNRATE_PRICING_FILE ${file}: prices[0].usdPerMTok.input must be a non-negative number; prices[0].usdPerMTok.cacheWrite1h must be a non-negative number`,
    );
  });

  it('a bad date, model or multiplier', () => {
    const file = pricingFile({ prices: [{ ...good, model: ' ', from: '2026-02-30', multipliers: { fast: 0 } }] });
    expect(loadError(file)).toBe(
      `BURNRATE_PRICING_FILE ${file}: prices[0].model must be a non-empty string; prices[0].from must be a date as YYYY-MM-DD; prices[0].multipliers.fast must be a positive number`,
    );
  });

  it('the wrong shape', () => {
    expect(loadError(pricingFile({ price: [] }))).toMatch(/: prices must be an array$/);
    expect(loadError(pricingFile([]))).toMatch(/: the file must be an object$/);
    expect(loadError(pricingFile({ prices: [{ ...good, usdPerMTok: 5 }] }))).toMatch(/: prices\[0\]\.usdPerMTok must be an object$/);
  });

  it('the same model and day twice', () => {
    const file = pricingFile({ prices: [good, { ...good, model: 'claude-opus-9-20261101' }] });
    expect(loadError(file)).toBe(`BURNRATE_PRICING_FILE ${file}: prices[1] repeats claude-opus-9 from 2026-11-01 (also prices[0])`);
  });

  it('an alias that already names another model', () => {
    const file = pricingFile({ prices: [{ ...good, aliases: ['claude-opus-4-0'] }] });
    expect(loadError(file)).toBe(`BURNRATE_PRICING_FILE ${file}: prices[0].aliases[0] "claude-opus-4-0" already names claude-opus-4`);
  });

  it('invalid JSON and a missing file', () => {
    expect(loadError(pricingFile('{"prices": ['))).toMatch(new RegExp(`^BURNRATE_PRICING_FILE .*: is not valid JSON \\(`));
    const missing = join(dir, 'absent.json');
    expect(loadError(missing)).toBe(`BURNRATE_PRICING_FILE ${missing}: no such file`);
  });
});
