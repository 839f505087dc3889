// What-if repricing on a real collector: each scenario's cost equals the price table applied by
// hand to the changed calls, call by call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../test/support/collector';
import type { WhatIfResponse } from './contract';
import { financeModule } from './module';
import { priceTableFromJson } from '../pricing/priceTable';
import { expectedNano, postFinanceCalls, type FinanceCall } from '../../../test/support/financeCalls';

const AT = new Date('2026-11-20T10:00:00Z');
const CALLS: FinanceCall[] = [
  { at: AT, model: 'claude-sonnet-4-6', team: 'search', input: 12_345, output: 678, cacheRead: 40_000, cacheWrite5m: 3_000 },
  { at: AT, model: 'claude-sonnet-4-6', team: 'search', input: 999, output: 111, cacheWrite1h: 20_000 },
  { at: new Date(AT.getTime() + 86_400_000), model: 'claude-opus-4-6', team: 'ads', input: 5_000, output: 2_000 },
  { at: AT, model: 'claude-mystery-9', team: 'ads', input: 10, output: 10 },
];
const priced = CALLS.filter((c) => c.model !== 'claude-mystery-9');

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({}, [financeModule()]);
  await postFinanceCalls(running.url, CALLS);
});
afterAll(async () => running?.stop());

const cost = (c: FinanceCall) => expectedNano(running.collector.prices, c)!;
const sum = (calls: FinanceCall[]) => calls.reduce((s, c) => s + cost(c), 0n);
const RANGE = 'from=2026-11-20T00:00:00Z&to=2026-11-22T00:00:00Z';

describe('GET /api/v1/finance/what-if', () => {
  it('prices the same calls on another model, through the Batch API and at each cache TTL, side by side', async () => {
    const res = await fetch(
      `${running.url}/api/v1/finance/what-if?${RANGE}&scenario=model:claude-haiku-4-5-20251001&scenario=batch&scenario=ttl:5m&scenario=ttl:1h`,
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as WhatIfResponse;
    expect(body.calls).toBe(4);
    expect(body.unpricedCalls).toBe(1);
    expect(BigInt(body.actualNanoUsd)).toBe(sum(priced));
    expect(BigInt(body.baselineNanoUsd)).toBe(sum(priced));
    const [haiku, batch, ttl5m, ttl1h] = body.scenarios;

    const onHaiku = CALLS.map((c) => ({ ...c, model: 'claude-haiku-4-5' }));
    expect(haiku).toMatchObject({ scenario: 'model:claude-haiku-4-5-20251001', label: 'Everything on claude-haiku-4-5', unpricedCalls: 0 });
    expect(BigInt(haiku!.costNanoUsd)).toBe(sum(onHaiku));
    // The delta only counts calls priced both ways: the mystery call has no baseline.
    expect(BigInt(haiku!.deltaNanoUsd)).toBe(sum(onHaiku.slice(0, 3)) - sum(priced));
    // Two days of traffic scaled to 30.
    expect(haiku!.deltaPerMonthUsd).toBe(Number(BigInt(haiku!.deltaNanoUsd) * 15n) / 1e9);

    expect(BigInt(batch!.costNanoUsd)).toBe(sum(priced) / 2n); // every default price is an even number of nano-dollars
    expect(batch!.unpricedCalls).toBe(1);

    const allAt = (ttl: '5m' | '1h') =>
      priced.map((c) => {
        const writes = (c.cacheWrite5m ?? 0) + (c.cacheWrite1h ?? 0);
        return { ...c, cacheWrite5m: ttl === '5m' ? writes : 0, cacheWrite1h: ttl === '1h' ? writes : 0 };
      });
    expect(BigInt(ttl5m!.costNanoUsd)).toBe(sum(allAt('5m')));
    expect(BigInt(ttl1h!.costNanoUsd)).toBe(sum(allAt('1h')));
    expect(BigInt(ttl5m!.deltaNanoUsd)).toBeLessThan(0n);
  });

  it('defaults to the Batch API and both TTLs, honours filters, and refuses unknown scenarios', async () => {
    const body = (await (await fetch(`${running.url}/api/v1/finance/what-if?${RANGE}&team=search`)).json()) as WhatIfResponse;
    expect(body.scenarios.map((s) => s.scenario)).toEqual(['batch', 'ttl:5m', 'ttl:1h']);
    expect(BigInt(body.actualNanoUsd)).toBe(sum(priced.filter((c) => c.team === 'search')));
    const res = await fetch(`${running.url}/api/v1/finance/what-if?${RANGE}&scenario=gpu`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('scenario');
  });
});

describe('POST /api/v1/finance/what-if with a price file', () => {
  // A negotiated Sonnet price and a price for the model the defaults do not know.
  const FILE = {
    prices: [
      { model: 'claude-sonnet-4-6', from: '2026-01-01', usdPerMTok: { input: '1.5', output: 9, cacheWrite5m: 1.875, cacheWrite1h: 3, cacheRead: 0.15 } },
      { model: 'claude-mystery-9', from: '2026-01-01', usdPerMTok: { input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 } },
    ],
  };
  const post = (body: unknown, query = RANGE) =>
    fetch(`${running.url}/api/v1/finance/what-if?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('prices the same calls under the file over the default prices, first, beside the other scenarios', async () => {
    const res = await post(FILE, `${RANGE}&scenario=batch`);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as WhatIfResponse;
    expect(body.scenarios.map((s) => s.scenario)).toEqual(['file', 'batch']);
    const file = body.scenarios[0]!;
    expect(file).toMatchObject({ label: 'With the uploaded price file (2 rows)', unpricedCalls: 0 });
    // Call by call with the table the file makes: Sonnet at the file's price, Opus at list price, the mystery model priced.
    const withFile = priceTableFromJson(FILE, 'test');
    const expected = CALLS.reduce((s, c) => s + expectedNano(withFile, c)!, 0n);
    expect(BigInt(file.costNanoUsd)).toBe(expected);
    // The delta covers the calls priced both ways (not the mystery call, unpriced today).
    const mystery = CALLS.find((c) => c.model === 'claude-mystery-9')!;
    expect(BigInt(file.deltaNanoUsd)).toBe(expected - expectedNano(withFile, mystery)! - sum(priced));
    expect(BigInt(file.deltaNanoUsd)).toBeLessThan(0n);
    // Nothing stored changed: today's baseline is as before.
    expect(BigInt(body.baselineNanoUsd)).toBe(sum(priced));
  });

  it('refuses a file it cannot read, naming the entry and the field', async () => {
    const res = await post({ prices: [{ ...FILE.prices[0], usdPerMTok: { ...FILE.prices[0]!.usdPerMTok, input: -1 } }] });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/^the uploaded price file: prices\[0\]\.usdPerMTok\.input /);
    expect((await post({ rows: [] })).status).toBe(400);
  });
});
