// Issue 12: every charge on the bill, the price file as the user's truth, and the table's
// corrections, each exact to the nano-dollar. Prices are nano-dollars per token ($X/MTok = X·1000).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TokenUsage } from '../normalize/callRow';
import { priceCall, type CallToPrice } from './priceCall';
import { loadPriceTable } from './priceTable';
import { removeTestDir } from '../../../test/support/removeTestDir';

const defaults = loadPriceTable();
const dir = mkdtempSync(join(tmpdir(), 'burnrate-bill-'));
afterAll(() => removeTestDir(dir));

function pricingFile(content: unknown): string {
  const file = join(dir, `prices-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

function usage(partial: Partial<TokenUsage>): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, ...partial };
}

const price = (model: string, u: Partial<TokenUsage>, at: string, extra: Partial<CallToPrice> = {}, table = defaults) =>
  priceCall(table, usage(u), { model, at: new Date(at), ...extra });

const CARD = { input: 4, output: 20, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.4 };

describe("the price file is the user's truth", () => {
  // The README's example: a negotiated Opus 4.7 price from 2026-01-01. Opus 4.7's default row
  // starts 2026-04-16, later than the file's row; the file must still win after that day.
  const file = pricingFile({ prices: [{ model: 'claude-opus-4-7', from: '2026-01-01', usdPerMTok: CARD }] });
  const table = loadPriceTable({ overrideFile: file });
  const u = { inputTokens: 1000, outputTokens: 1000 };

  it('wins after a later default row of the same model', () => {
    // 1000·4000 + 1000·20,000 (the file), not 1000·5000 + 1000·25,000 (the list price)
    expect(price('claude-opus-4-7', u, '2026-11-20T12:00:00Z', {}, table)).toMatchObject({
      costNanoUsd: 24_000_000n,
      priceFrom: '2026-01-01',
      priceSource: 'file',
    });
    expect(price('claude-opus-4-7', u, '2026-11-20T12:00:00Z')).toMatchObject({ costNanoUsd: 30_000_000n, priceSource: 'default' });
  });

  it('wins over every later list-price change (two default rows after it)', () => {
    const sonnet = loadPriceTable({
      overrideFile: pricingFile({ prices: [{ model: 'claude-sonnet-5-5', from: '2026-09-28', usdPerMTok: { ...CARD, cacheRead: 0.3 } }] }),
    });
    // After the default's 2026-10-07 cache-read cut (0.1), the file's 0.3 still holds: 1,000,000·300
    expect(price('claude-sonnet-5-5', { cacheReadTokens: 1_000_000 }, '2026-11-01T00:00:00Z', {}, sonnet)).toMatchObject({
      costNanoUsd: 300_000_000n,
      priceSource: 'file',
    });
  });

  it('hands back to the defaults from its "until" day', () => {
    const bounded = loadPriceTable({
      overrideFile: pricingFile({ prices: [{ model: 'claude-opus-4-7', from: '2026-01-01', until: '2026-06-01', usdPerMTok: CARD }] }),
    });
    expect(price('claude-opus-4-7', u, '2026-05-31T23:59:59Z', {}, bounded)).toMatchObject({ costNanoUsd: 24_000_000n, priceSource: 'file' });
    expect(price('claude-opus-4-7', u, '2026-06-01T00:00:00Z', {}, bounded)).toMatchObject({
      costNanoUsd: 30_000_000n,
      priceFrom: '2026-04-16',
      priceSource: 'default',
    });
  });

  it('refuses an "until" that is not after "from"', () => {
    const bad = pricingFile({ prices: [{ model: 'claude-opus-4-7', from: '2026-06-01', until: '2026-06-01', usdPerMTok: CARD }] });
    expect(() => loadPriceTable({ overrideFile: bad })).toThrow('prices[0].until must be after from (2026-06-01)');
  });
});

describe('every charge on the bill, as its own line', () => {
  it('Opus 5.5 fast: 2x, the premium its own line', () => {
    // 1000·4000 + 500·20,000 = 14,000,000 standard; fast doubles it
    expect(price('claude-opus-5-5', { inputTokens: 1000, outputTokens: 500 }, '2026-11-20T12:00:00Z', { speed: 'fast' })).toMatchObject({
      costNanoUsd: 28_000_000n,
      lines: { tokens: 14_000_000n, fastMode: 14_000_000n, usOnly: 0n, webSearch: 0n },
    });
  });

  it('Sonnet 5.5 with inference_geo "us": 1.1x, the premium its own line', () => {
    // 1000·2000 + 500·10,000 = 7,000,000; ×1.1 = 7,700,000
    expect(price('claude-sonnet-5-5', { inputTokens: 1000, outputTokens: 500 }, '2026-11-20T12:00:00Z', { dataResidency: true })).toMatchObject({
      costNanoUsd: 7_700_000n,
      lines: { tokens: 7_000_000n, fastMode: 0n, usOnly: 700_000n, webSearch: 0n },
    });
  });

  it('3 web searches: $10 per 1,000 on top of the tokens, untouched by fast mode', () => {
    // 3 × 10,000,000 n$ ($0.01 each) + Opus 5.5 tokens 1000·4000 = 4,000,000, ×2 fast
    expect(price('claude-opus-5-5', { inputTokens: 1000 }, '2026-11-20T12:00:00Z', { webSearchRequests: 3, speed: 'fast' })).toMatchObject({
      costNanoUsd: 38_000_000n,
      lines: { tokens: 4_000_000n, fastMode: 4_000_000n, usOnly: 0n, webSearch: 30_000_000n },
    });
  });

  it('fast, US-only and batch lines still add up exactly when each rounds', () => {
    // Haiku 5.5 read 10 n$, batch ½, US 11/10: 3 reads → 15 → 16.5 → 17 (half up once per total)
    const priced = price('claude-haiku-5-5', { cacheReadTokens: 3 }, '2026-11-20T12:00:00Z', { dataResidency: true, batch: true });
    expect(priced).toMatchObject({ costNanoUsd: 17n, lines: { tokens: 15n, usOnly: 2n } });
  });

  it('a price file may set its own web search fee', () => {
    const table = loadPriceTable({
      overrideFile: pricingFile({ prices: [{ model: 'claude-opus-5-5', from: '2026-10-01', usdPerMTok: CARD, serverTools: { webSearchPerThousand: 8 } }] }),
    });
    expect(price('claude-opus-5-5', {}, '2026-11-20T12:00:00Z', { webSearchRequests: 3 }, table)).toMatchObject({ costNanoUsd: 24_000_000n });
  });
});

describe('price-table corrections', () => {
  it('Claude 3.5 Haiku at its launch price $1 / $5 before the cut to $0.80 / $4', () => {
    const u = { inputTokens: 1000, outputTokens: 1000, cacheReadTokens: 1000, cacheWrite5mTokens: 1000 };
    // launch: 1000·1000 + 1000·5000 + 1000·100 + 1000·1250
    expect(price('claude-3-5-haiku-20241022', u, '2024-11-20T00:00:00Z')).toMatchObject({ costNanoUsd: 7_350_000n, priceFrom: '2024-11-04' });
    // after the cut: 1000·800 + 1000·4000 + 1000·80 + 1000·1000
    expect(price('claude-3-5-haiku-20241022', u, '2025-01-20T00:00:00Z')).toMatchObject({ costNanoUsd: 5_880_000n, priceFrom: '2024-12-02' });
  });

  it('Mythos 5.2 fast mode is priced, 2x like Fable 5.2', () => {
    // 1000·8000 ×2
    expect(price('claude-mythos-5-2', { inputTokens: 1000 }, '2026-11-20T12:00:00Z', { speed: 'fast' })).toMatchObject({ costNanoUsd: 16_000_000n });
  });
});

describe('Bedrock and Google Cloud', () => {
  const u = { inputTokens: 1000, outputTokens: 100 };
  // Sonnet 4.5: 1000·3000 + 100·15,000 = 4,500,000 at Anthropic's list
  it("prices the global endpoint as Anthropic's list and a regional one 10% higher", () => {
    expect(
      price('us.anthropic.claude-sonnet-4-5-20250929-v1:0', u, '2026-11-20T12:00:00Z', { provider: 'aws.bedrock', cloudEndpoint: 'global' }),
    ).toMatchObject({ costNanoUsd: 4_500_000n });
    expect(price('claude-sonnet-4-5@20250929', u, '2026-11-20T12:00:00Z', { provider: 'gcp.vertex_ai', cloudEndpoint: 'regional' })).toMatchObject({
      costNanoUsd: 4_950_000n,
      lines: { tokens: 4_950_000n },
    });
  });

  it('leaves a cloud call unpriced when its endpoint is not known, never guessing', () => {
    expect(price('claude-sonnet-4-5', u, '2026-11-20T12:00:00Z', { provider: 'gcp.vertex_ai', cloudEndpoint: '' })).toEqual({
      priced: false,
      reason: 'gcp.vertex_ai call to claude-sonnet-4-5 from an unknown endpoint: its global and regional prices differ',
    });
  });

  it('prices models from before regional endpoints as Anthropic does on every endpoint', () => {
    // Sonnet 4: 4,500,000 whatever the endpoint
    expect(price('anthropic.claude-sonnet-4-20250514-v1:0', u, '2025-08-01T00:00:00Z', { provider: 'aws.bedrock', cloudEndpoint: '' })).toMatchObject({
      costNanoUsd: 4_500_000n,
    });
  });
});
