import { describe, expect, it } from 'vitest';
import type { TokenUsage } from '../normalize/callRow';
import { priceCall, type CallToPrice } from './priceCall';
import { loadPriceTable } from './priceTable';

// Prices below are nano-dollars per token: $X per MTok = X·1000 n$/token.
const table = loadPriceTable();

function usage(partial: Partial<TokenUsage>): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, ...partial };
}

function cost(model: string, u: Partial<TokenUsage>, at: string, extra: Partial<CallToPrice> = {}) {
  return priceCall(table, usage(u), { model, at: new Date(at), ...extra });
}

const LATE_2026 = '2026-11-20T12:00:00Z';
// One usage for every family: 1000 input, 100 output, 10 + 10 cache writes (5m, 1h), 100 reads.
// cost = 1000·in + 100·out + 10·w5m + 10·w1h + 100·read
const MIX = { inputTokens: 1000, outputTokens: 100, cacheWrite5mTokens: 10, cacheWrite1hTokens: 10, cacheReadTokens: 100 };

describe('priceCall: one case per model family', () => {
  it.each([
    // Opus 3/4/4.1 15000/75000/18750/30000/1500: 15,000,000 + 7,500,000 + 187,500 + 300,000 + 150,000
    ['claude-3-opus-20240229', 'claude-3-opus', '2024-03-04', 23_137_500n],
    ['claude-opus-4-20250514', 'claude-opus-4', '2025-05-22', 23_137_500n],
    ['claude-opus-4-1', 'claude-opus-4-1', '2025-08-05', 23_137_500n],
    // Sonnet 3000/15000/3750/6000/300: 3,000,000 + 1,500,000 + 37,500 + 60,000 + 30,000
    ['claude-3-sonnet-20240229', 'claude-3-sonnet', '2024-03-04', 4_627_500n],
    ['claude-3-5-sonnet-20240620', 'claude-3-5-sonnet', '2024-06-20', 4_627_500n],
    ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet', '2025-02-24', 4_627_500n],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4', '2025-05-22', 4_627_500n],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5', '2025-09-29', 4_627_500n],
    ['claude-sonnet-4-6', 'claude-sonnet-4-6', '2026-03-13', 4_627_500n],
    // Haiku 3 250/1250/300/500/30 (5m write is 1.2x): 250,000 + 125,000 + 3,000 + 5,000 + 3,000
    ['claude-3-haiku-20240307', 'claude-3-haiku', '2024-03-13', 386_000n],
    // Haiku 3.5 800/4000/1000/1600/80: 800,000 + 400,000 + 10,000 + 16,000 + 8,000
    ['claude-3-5-haiku-20241022', 'claude-3-5-haiku', '2024-12-02', 1_234_000n],
    // Haiku 4.5 1000/5000/1250/2000/100: 1,000,000 + 500,000 + 12,500 + 20,000 + 10,000
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5', '2025-10-15', 1_542_500n],
    // Opus 4.5–5 5000/25000/6250/10000/500: 5,000,000 + 2,500,000 + 62,500 + 100,000 + 50,000
    ['claude-opus-4-5-20251101', 'claude-opus-4-5', '2025-11-24', 7_712_500n],
    ['claude-opus-4-6', 'claude-opus-4-6', '2026-03-13', 7_712_500n],
    ['claude-opus-4-7', 'claude-opus-4-7', '2026-04-16', 7_712_500n],
    ['claude-opus-4-8', 'claude-opus-4-8', '2026-05-28', 7_712_500n],
    ['claude-opus-5', 'claude-opus-5', '2026-07-24', 7_712_500n],
    // Fable/Mythos 5 10000/50000/12500/20000/1000: 10,000,000 + 5,000,000 + 125,000 + 200,000 + 100,000
    ['claude-fable-5', 'claude-fable-5', '2026-06-09', 15_425_000n],
    ['claude-mythos-5', 'claude-mythos-5', '2026-06-09', 15_425_000n],
    // Fable 5.1 reads at 250 (0.025x): 15,425,000 − 100·1000 + 100·250
    ['claude-fable-5-1', 'claude-fable-5-1', '2026-09-01', 15_350_000n],
    // Opus 5.5 4000/20000/5000/8000/200: 4,000,000 + 2,000,000 + 50,000 + 80,000 + 20,000
    ['claude-opus-5-5', 'claude-opus-5-5', '2026-09-22', 6_150_000n],
    // Sonnet 5 2000/10000/2500/4000/200: 2,000,000 + 1,000,000 + 25,000 + 40,000 + 20,000
    ['claude-sonnet-5', 'claude-sonnet-5', '2026-06-30', 3_085_000n],
    // Sonnet 5.5 after the 2026-10-07 read cut (100): 3,085,000 − 100·200 + 100·100
    ['claude-sonnet-5-5', 'claude-sonnet-5-5', '2026-10-07', 3_075_000n],
    // Haiku 5.5 (prompt 1120 ≤ 100k) 100/500/125/200/10: 100,000 + 50,000 + 1,250 + 2,000 + 1,000
    ['claude-haiku-5-5', 'claude-haiku-5-5', '2026-10-07', 154_250n],
    // Fable 5.2 8000/40000/10000/16000/200: 8,000,000 + 4,000,000 + 100,000 + 160,000 + 20,000
    ['claude-fable-5-2', 'claude-fable-5-2', '2026-11-09', 12_280_000n],
  ])('%s', (model, priceModel, priceFrom, expected) => {
    expect(cost(model, MIX, LATE_2026)).toMatchObject({ priced: true, costNanoUsd: expected, priceModel, priceFrom });
  });
});

describe('priceCall: names and aliases', () => {
  // Haiku 4.5: 2000·1000 + 300·5000 = 2,000,000 + 1,500,000
  it.each([
    'claude-haiku-4-5',
    'claude-haiku-4-5-20251001',
    'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    'claude-haiku-4-5@20251001',
    'anthropic/claude-haiku-4.5',
  ])('%s prices as claude-haiku-4-5', (model) => {
    expect(cost(model, { inputTokens: 2000, outputTokens: 300 }, LATE_2026)).toMatchObject({ costNanoUsd: 3_500_000n, priceModel: 'claude-haiku-4-5' });
  });

  it('resolves Anthropic aliases that are not date-less ids', () => {
    // claude-opus-4-0 is Anthropic's alias of claude-opus-4-20250514: 1000·15000 + 1000·75000
    expect(cost('claude-opus-4-0', { inputTokens: 1000, outputTokens: 1000 }, '2025-06-01T00:00:00Z')).toMatchObject({
      costNanoUsd: 90_000_000n,
      priceModel: 'claude-opus-4',
    });
    // -latest is stripped, the Vertex "-v2" name is an alias: 1000·3000 + 1000·15000
    for (const model of ['claude-3-5-sonnet-latest', 'claude-3-5-sonnet-v2', 'claude-sonnet-3-5']) {
      expect(cost(model, { inputTokens: 1000, outputTokens: 1000 }, '2024-12-01T00:00:00Z')).toMatchObject({
        costNanoUsd: 18_000_000n,
        priceModel: 'claude-3-5-sonnet',
      });
    }
  });
});

describe('priceCall: cache writes and reads', () => {
  it('prices a 1-hour write at 2x input and a 5-minute write at 1.25x', () => {
    // Opus 4.5: 10,000·6250 = 62,500,000; 10,000·10,000 = 100,000,000
    expect(cost('claude-opus-4-5', { cacheWrite5mTokens: 10_000 }, LATE_2026)).toMatchObject({ costNanoUsd: 62_500_000n });
    expect(cost('claude-opus-4-5', { cacheWrite1hTokens: 10_000 }, LATE_2026)).toMatchObject({ costNanoUsd: 100_000_000n });
  });

  it.each([
    // 1,000,000 cache reads each: Fable 5 at 0.1x of $10 = 1000 → 1,000,000,000 ($1)
    ['claude-fable-5', 1_000_000_000n],
    // Fable 5.1 at 0.025x → 250 → 250,000,000
    ['claude-fable-5-1', 250_000_000n],
    // Opus 5.5 at 0.05x of $4 → 200 → 200,000,000
    ['claude-opus-5-5', 200_000_000n],
    // Opus 5 at 0.1x of $5 → 500 → 500,000,000
    ['claude-opus-5', 500_000_000n],
    // Haiku 3 at $0.03 → 30 → 30,000,000
    ['claude-3-haiku', 30_000_000n],
  ])('cache reads on %s', (model, expected) => {
    expect(cost(model, { cacheReadTokens: 1_000_000 }, LATE_2026)).toMatchObject({ costNanoUsd: expected });
  });
});

describe('priceCall: effective dating', () => {
  it('applies Sonnet 5.5 cache-read cut from 2026-10-07 00:00 UTC', () => {
    // 1,000,000 reads × 200 before, × 100 from the day of the change
    expect(cost('claude-sonnet-5-5', { cacheReadTokens: 1_000_000 }, '2026-10-06T23:59:59.999Z')).toMatchObject({
      priced: true,
      costNanoUsd: 200_000_000n,
      priceModel: 'claude-sonnet-5-5',
      priceFrom: '2026-09-28',
    });
    expect(cost('claude-sonnet-5-5', { cacheReadTokens: 1_000_000 }, '2026-10-07T00:00:00Z')).toMatchObject({
      priced: true,
      costNanoUsd: 100_000_000n,
      priceModel: 'claude-sonnet-5-5',
      priceFrom: '2026-10-07',
    });
  });

  it('drops the Opus 4.6 long-context premium from 2026-03-13', () => {
    const longPrompt = { inputTokens: 250_000, outputTokens: 1000 };
    // before: band 10000/37500 → 250,000·10,000 + 1000·37,500 = 2,500,000,000 + 37,500,000
    expect(cost('claude-opus-4-6', longPrompt, '2026-03-12T12:00:00Z')).toMatchObject({ costNanoUsd: 2_537_500_000n, priceFrom: '2026-02-05' });
    // after: 250,000·5000 + 1000·25,000 = 1,250,000,000 + 25,000,000
    expect(cost('claude-opus-4-6', longPrompt, '2026-03-13T12:00:00Z')).toMatchObject({ costNanoUsd: 1_275_000_000n, priceFrom: '2026-03-13' });
  });

  it('has no price before a model was released', () => {
    expect(cost('claude-opus-5', { inputTokens: 1 }, '2026-07-23T23:59:59Z')).toEqual({
      priced: false,
      reason: 'no price for claude-opus-5 before 2026-07-24 (call at 2026-07-23T23:59:59.000Z)',
    });
  });
});

describe('priceCall: unpriced, never zero', () => {
  it('leaves an unknown model unpriced', () => {
    expect(cost('gpt-4o', { inputTokens: 1000 }, LATE_2026)).toEqual({ priced: false, reason: 'no price for model "gpt-4o"' });
    expect(cost('', { inputTokens: 1000 }, LATE_2026)).toEqual({ priced: false, reason: 'no price for model ""' });
  });

  it('leaves a call with an invalid time or token count unpriced', () => {
    expect(cost('claude-opus-5', { inputTokens: 1 }, 'not a date')).toEqual({ priced: false, reason: 'the call time is not a valid date' });
    expect(cost('claude-opus-5', { outputTokens: -1 }, LATE_2026)).toEqual({
      priced: false,
      reason: 'usage.outputTokens must be a non-negative integer, got -1',
    });
    expect(cost('claude-opus-5', { inputTokens: 1.5 }, LATE_2026)).toMatchObject({ priced: false });
  });

  it('prices zero tokens at zero for a known model', () => {
    expect(cost('claude-opus-5', {}, LATE_2026)).toMatchObject({ priced: true, costNanoUsd: 0n });
  });
});

describe('priceCall: batch', () => {
  it('halves every token kind', () => {
    // Opus 4.5: (1001·5000 + 3·25000 + 7·500) / 2 = (5,005,000 + 75,000 + 3,500) / 2 = 2,541,750
    const u = { inputTokens: 1001, outputTokens: 3, cacheReadTokens: 7 };
    expect(cost('claude-opus-4-5', u, LATE_2026, { batch: true })).toMatchObject({ costNanoUsd: 2_541_750n });
    // the response's service_tier "batch" says the same
    expect(cost('claude-opus-4-5', u, LATE_2026, { serviceTier: 'batch' })).toMatchObject({ costNanoUsd: 2_541_750n });
    // "priority" and "standard" are list price: 5,083,500
    expect(cost('claude-opus-4-5', u, LATE_2026, { serviceTier: 'priority' })).toMatchObject({ costNanoUsd: 5_083_500n });
  });

  it('rounds half a nano-dollar up', () => {
    // Haiku 5.5 5m write 125 n$/token, batch: 1·125/2 = 62.5 → 63; 3·125/2 = 187.5 → 188
    expect(cost('claude-haiku-5-5', { cacheWrite5mTokens: 1 }, LATE_2026, { batch: true })).toMatchObject({ costNanoUsd: 63n });
    expect(cost('claude-haiku-5-5', { cacheWrite5mTokens: 3 }, LATE_2026, { batch: true })).toMatchObject({ costNanoUsd: 188n });
  });

  it('rounds once per call, not per token kind', () => {
    // Haiku 5.5, batch and US-only: ×1/2 ×11/10 = ×11/20 on (100 + 500 + 10 + 125) = 735
    // 735·11/20 = 404.25 → 404. Rounding each kind first would give 55 + 275 + 6 (5.5) + 69 (68.75) = 405.
    const u = { inputTokens: 1, outputTokens: 1, cacheReadTokens: 1, cacheWrite5mTokens: 1 };
    expect(cost('claude-haiku-5-5', u, LATE_2026, { batch: true, dataResidency: true })).toMatchObject({ costNanoUsd: 404n });
  });
});

describe('priceCall: prompt-length bands', () => {
  it('prices a whole Sonnet 4.5 request at the long-context rates once the prompt is over 200K', () => {
    // prompt 150,000 + 50,001 reads = 200,001 > 200,000 → 6000/22500/read 600:
    // 150,000·6000 + 50,001·600 + 2000·22,500 = 900,000,000 + 30,000,600 + 45,000,000
    expect(cost('claude-sonnet-4-5', { inputTokens: 150_000, cacheReadTokens: 50_001, outputTokens: 2000 }, LATE_2026)).toMatchObject({
      costNanoUsd: 975_000_600n,
    });
    // exactly 200,000 is not over: 150,000·3000 + 50,000·300 + 2000·15,000 = 450,000,000 + 15,000,000 + 30,000,000
    expect(cost('claude-sonnet-4-5', { inputTokens: 150_000, cacheReadTokens: 50_000, outputTokens: 2000 }, LATE_2026)).toMatchObject({
      costNanoUsd: 495_000_000n,
    });
  });

  it('counts cache writes toward the prompt', () => {
    // Sonnet 4: 100 input + 200,000 1h writes = 200,100 → band: 100·6000 + 200,000·12,000 = 600,000 + 2,400,000,000
    expect(cost('claude-sonnet-4', { inputTokens: 100, cacheWrite1hTokens: 200_000 }, LATE_2026)).toMatchObject({
      costNanoUsd: 2_400_600_000n,
    });
  });

  it('prices Haiku 5.5 by prompt length at 100K', () => {
    // 100,001 > 100,000: 100,001·500 + 1000·2500 = 50,000,500 + 2,500,000
    expect(cost('claude-haiku-5-5', { inputTokens: 100_001, outputTokens: 1000 }, LATE_2026)).toMatchObject({ costNanoUsd: 52_500_500n });
    // 100,000: 100,000·100 + 1000·500 = 10,000,000 + 500,000
    expect(cost('claude-haiku-5-5', { inputTokens: 100_000, outputTokens: 1000 }, LATE_2026)).toMatchObject({ costNanoUsd: 10_500_000n });
  });

  it('halves the band rates on the Batch API', () => {
    // (150,000·6000 + 50,001·600 + 2000·22,500) / 2 = 975,000,600 / 2
    const u = { inputTokens: 150_000, cacheReadTokens: 50_001, outputTokens: 2000 };
    expect(cost('claude-sonnet-4-5', u, LATE_2026, { batch: true })).toMatchObject({ costNanoUsd: 487_500_300n });
  });
});

describe('priceCall: data residency', () => {
  it('adds 10% on Claude 4.6 and later', () => {
    // Opus 4.6: (1000·5000 + 1000·25,000)·11/10 = 30,000,000·1.1
    expect(cost('claude-opus-4-6', { inputTokens: 1000, outputTokens: 1000 }, LATE_2026, { dataResidency: true })).toMatchObject({
      costNanoUsd: 33_000_000n,
    });
    // reads too: Sonnet 5.5 1,000,000·100·1.1
    expect(cost('claude-sonnet-5-5', { cacheReadTokens: 1_000_000 }, LATE_2026, { dataResidency: true })).toMatchObject({
      costNanoUsd: 110_000_000n,
    });
  });

  it('leaves earlier models at standard prices', () => {
    // Sonnet 4.5 has no US-only premium: 1000·3000 + 1000·15,000
    expect(cost('claude-sonnet-4-5', { inputTokens: 1000, outputTokens: 1000 }, LATE_2026, { dataResidency: true })).toMatchObject({
      costNanoUsd: 18_000_000n,
    });
  });
});

describe('priceCall: fast mode', () => {
  it('multiplies every kind by the model\u2019s fast multiplier', () => {
    // Opus 4.6 6x: (1000·5000 + 1000·25,000)·6 = 180,000,000 ($30 / $150 per MTok)
    expect(cost('claude-opus-4-6', { inputTokens: 1000, outputTokens: 1000 }, '2026-04-01T00:00:00Z', { speed: 'fast' })).toMatchObject({
      costNanoUsd: 180_000_000n,
    });
    // Opus 5.5 2x: (1000·4000 + 1000·20,000 + 1000·200)·2 = 48,400,000 ($8 / $40, reads $0.40)
    const u = { inputTokens: 1000, outputTokens: 1000, cacheReadTokens: 1000 };
    expect(cost('claude-opus-5-5', u, LATE_2026, { speed: 'fast' })).toMatchObject({ costNanoUsd: 48_400_000n });
  });

  it('stacks with US-only inference', () => {
    // Opus 5: 30,000,000 ·2 ·11/10 = 66,000,000
    expect(cost('claude-opus-5', { inputTokens: 1000, outputTokens: 1000 }, LATE_2026, { speed: 'fast', dataResidency: true })).toMatchObject({
      costNanoUsd: 66_000_000n,
    });
  });

  it('covers the full window at standard rates: a fast call over 200K never takes the long-context band', () => {
    // Opus 4.6 before 2026-03-13, prompt 250,000, fast: (250,000·5000 + 1000·25,000)·6 = 1,275,000,000·6
    // ($7.65, what Anthropic bills; the long-context rates ×6 made it $15.23).
    expect(cost('claude-opus-4-6', { inputTokens: 250_000, outputTokens: 1000 }, '2026-03-01T00:00:00Z', { speed: 'fast' })).toMatchObject({
      costNanoUsd: 7_650_000_000n,
    });
    // The same call at standard speed still takes the band: 250,000·10,000 + 1000·37,500
    expect(cost('claude-opus-4-6', { inputTokens: 250_000, outputTokens: 1000 }, '2026-03-01T00:00:00Z')).toMatchObject({
      costNanoUsd: 2_537_500_000n,
    });
  });

  it('leaves a fast call unpriced where there is no fast price, or on the Batch API', () => {
    expect(cost('claude-sonnet-4-5', { inputTokens: 1 }, LATE_2026, { speed: 'fast' })).toEqual({
      priced: false,
      reason: 'no fast-mode price for claude-sonnet-4-5',
    });
    expect(cost('claude-opus-5', { inputTokens: 1 }, LATE_2026, { speed: 'fast', batch: true })).toEqual({
      priced: false,
      reason: 'fast mode is not offered on the Batch API',
    });
  });

  it('treats "standard" and an empty speed as standard', () => {
    // Opus 5: 1000·5000 + 1000·25,000
    for (const speed of ['standard', '']) {
      expect(cost('claude-opus-5', { inputTokens: 1000, outputTokens: 1000 }, LATE_2026, { speed })).toMatchObject({ costNanoUsd: 30_000_000n });
    }
  });
});

describe('priceCall: large counts stay exact', () => {
  it('does not lose precision where a float would', () => {
    // 9,007,199,254,740,991 (2^53 − 1) output tokens of Opus 3 at 75,000 n$ = 675,539,944,105,574,325,000
    expect(cost('claude-3-opus', { outputTokens: Number.MAX_SAFE_INTEGER }, LATE_2026)).toMatchObject({
      costNanoUsd: 675_539_944_105_574_325_000n,
    });
  });
});

describe('priceCall: exact past 2^53 nano-dollars', () => {
  // The list cost is summed in doubles only while the sum is a safe integer; past it, in BigInt.
  it('prices a usage whose cost no double holds exactly', () => {
    const outputTokens = Number.MAX_SAFE_INTEGER;
    const priced = cost('claude-sonnet-4-6', { outputTokens }, LATE_2026);
    expect(priced).toMatchObject({ priced: true, costNanoUsd: 9_007_199_254_740_991n * 15_000n });
    // The same sum taken in doubles is off, which is the case the BigInt path exists for.
    expect(BigInt(outputTokens * 15_000)).not.toBe(9_007_199_254_740_991n * 15_000n);
  });

  it('prices just under and just over 2^53 n$ alike, to the nano-dollar', () => {
    // 600,479,950,316 output tokens × 15,000 n$ = 9,007,199,254,740,000 n$ (safe); + 1 token is not.
    for (const outputTokens of [600_479_950_316, 600_479_950_317]) {
      expect(cost('claude-sonnet-4-6', { outputTokens, inputTokens: 7 }, LATE_2026)).toMatchObject({
        costNanoUsd: BigInt(outputTokens) * 15_000n + 7n * 3_000n,
      });
    }
  });
});
