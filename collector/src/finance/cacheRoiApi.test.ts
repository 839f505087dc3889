// Cache ROI on a real collector: a feature whose cache pays (many reads per write), one whose
// cache loses (1-hour writes hardly read), every amount checked against the price table by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../test/support/collector';
import type { CacheRoiResponse } from './contract';
import { financeModule } from './module';
import { postFinanceCalls, type FinanceCall } from '../../../test/support/financeCalls';

const AT = new Date('2026-11-20T10:00:00Z');
const SONNET = 'claude-sonnet-4-6';
const CALLS: FinanceCall[] = [
  { at: AT, model: SONNET, service: 'bot', feature: 'answers', input: 100, output: 10, cacheWrite5m: 10_000 },
  { at: new Date(AT.getTime() + 60_000), model: SONNET, service: 'bot', feature: 'answers', input: 100, output: 10, cacheRead: 10_000 },
  { at: new Date(AT.getTime() + 120_000), model: SONNET, service: 'bot', feature: 'answers', input: 100, output: 10, cacheRead: 10_000 },
  { at: AT, model: SONNET, service: 'bot', feature: 'reports', input: 100, output: 10, cacheWrite1h: 50_000 },
  { at: new Date(AT.getTime() + 60_000), model: SONNET, service: 'bot', feature: 'reports', input: 100, output: 10, cacheRead: 1_000 },
  { at: AT, model: SONNET, service: 'bot', feature: 'plain', input: 100, output: 10 },
  { at: AT, model: 'claude-mystery-9', service: 'bot', feature: 'answers', input: 1, output: 1, cacheRead: 5 },
];

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({}, [financeModule()]);
  await postFinanceCalls(running.url, CALLS);
});
afterAll(async () => running?.stop());

const get = async (query: string) => {
  const res = await fetch(`${running.url}/api/v1/finance/cache-roi?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as CacheRoiResponse;
};

describe('GET /api/v1/finance/cache-roi', () => {
  it('nets read savings against 5m and 1h write premiums per feature, exactly, losers first', async () => {
    const p = running.collector.prices.lookup(SONNET, AT)!.prices;
    const body = await get('by=feature');
    expect(body.rows.map((r) => [r.key, r.losing])).toEqual([
      ['reports', true],
      ['answers', false],
    ]);
    const [reports, answers] = body.rows;
    expect(BigInt(answers!.readSavingsNanoUsd)).toBe(20_000n * (p.input - p.cacheRead));
    expect(BigInt(answers!.write5mPremiumNanoUsd)).toBe(10_000n * (p.cacheWrite5m - p.input));
    expect(BigInt(answers!.netNanoUsd)).toBe(20_000n * (p.input - p.cacheRead) - 10_000n * (p.cacheWrite5m - p.input));
    expect(answers!.readsPerWrite).toBe(20_005 / 10_000); // the unpriced call's 5 reads count as tokens
    expect(answers!.unpricedCalls).toBe(1); // the unpriced model's reads are counted in tokens, not money
    expect(BigInt(reports!.write1hPremiumNanoUsd)).toBe(50_000n * (p.cacheWrite1h - p.input));
    expect(BigInt(reports!.netNanoUsd)).toBe(1_000n * (p.input - p.cacheRead) - 50_000n * (p.cacheWrite1h - p.input));
    // TTL what-if: the same writes at the 5-minute rate lose less.
    expect(BigInt(reports!.netIfAll5mNanoUsd)).toBe(1_000n * (p.input - p.cacheRead) - 50_000n * (p.cacheWrite5m - p.input));
    expect(BigInt(reports!.netIfAll5mNanoUsd)).toBeGreaterThan(BigInt(reports!.netNanoUsd));
    expect(BigInt(body.total.netNanoUsd)).toBe(BigInt(answers!.netNanoUsd) + BigInt(reports!.netNanoUsd));
    expect(body.total.calls).toBe(CALLS.length);
  });

  it('groups by service and by model, and honours the filters', async () => {
    const byService = await get('by=service');
    expect(byService.rows.map((r) => r.key)).toEqual(['bot']);
    const byModel = await get('by=model&feature=answers');
    expect(byModel.rows.map((r) => r.key).sort()).toEqual(['claude-mystery-9', SONNET]);
    expect(byModel.rows.find((r) => r.key === 'claude-mystery-9')).toMatchObject({ unpricedCalls: 1, netNanoUsd: '0' });
    expect((await fetch(`${running.url}/api/v1/finance/cache-roi?by=region`)).status).toBe(400);
  });
});
