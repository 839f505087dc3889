// What-if repricing on a real collector: each scenario's cost equals the price table applied by
// hand to the changed calls, call by call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../test/support/collector';
import type { WhatIfResponse } from './contract';
import { financeModule } from './module';
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
    const res = await fetch(`${running.url}/api/v1/finance/what-if?${RANGE}&scenario=model:claude-haiku-4-5-20251001&scenario=batch&scenario=ttl:5m&scenario=ttl:1h`);
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
    expect(haiku!.deltaPerMonthUsd).toBe(Number((BigInt(haiku!.deltaNanoUsd) * 15n)) / 1e9);

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
