// Cost per run on a real collector: calls grouped by trace, the most expensive first, each
// run's cost the exact sum of its calls, and its calls in time order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../test/support/collector';
import type { RunDetailResponse, RunsResponse } from './contract';
import { financeModule } from './module';
import { expectedNano, postFinanceCalls, type FinanceCall } from '../../../test/support/financeCalls';

const AGENT = 'a'.repeat(32);
const CHAT = 'b'.repeat(32);
const AT = Date.parse('2026-11-20T10:00:00Z');
const CALLS: FinanceCall[] = [
  // An agent run: three Opus steps, the second the biggest.
  { at: new Date(AT), model: 'claude-opus-4-6', team: 'agents', feature: 'research', traceId: AGENT, input: 10_000, output: 1_000 },
  { at: new Date(AT + 5_000), model: 'claude-opus-4-6', team: 'agents', feature: 'research', traceId: AGENT, input: 80_000, output: 4_000, cacheRead: 50_000 },
  { at: new Date(AT + 20_000), model: 'claude-haiku-4-5', team: 'agents', feature: 'research', traceId: AGENT, input: 2_000, output: 200 },
  // A chat turn: one small call.
  { at: new Date(AT + 1_000), model: 'claude-haiku-4-5', team: 'support', traceId: CHAT, input: 500, output: 50 },
];

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({}, [financeModule()]);
  await postFinanceCalls(running.url, CALLS);
});
afterAll(async () => running?.stop());

const RANGE = 'from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z';
const cost = (calls: FinanceCall[]) => calls.reduce((s, c) => s + expectedNano(running.collector.prices, c)!, 0n);

describe('runs', () => {
  it('lists runs by trace, most expensive first, with their exact cost, span and models', async () => {
    const body = (await (await fetch(`${running.url}/api/v1/finance/runs?${RANGE}`)).json()) as RunsResponse;
    expect(body.runs).toBe(2);
    expect(BigInt(body.totalNanoUsd)).toBe(cost(CALLS));
    expect(body.rows.map((r) => r.traceId)).toEqual([AGENT, CHAT]);
    const agent = body.rows[0]!;
    expect(BigInt(agent.costNanoUsd)).toBe(cost(CALLS.filter((c) => c.traceId === AGENT)));
    expect(agent).toMatchObject({ calls: 3, team: 'agents', feature: 'research', models: ['claude-haiku-4-5', 'claude-opus-4-6'], start: new Date(AT).toISOString() });
    expect(agent.durationMs).toBe(20_000 + 900); // the last call ends 900 ms after it starts
    const filtered = (await (await fetch(`${running.url}/api/v1/finance/runs?${RANGE}&team=support`)).json()) as RunsResponse;
    expect(filtered.rows.map((r) => r.traceId)).toEqual([CHAT]);
  });

  it("gives a run's calls in time order", async () => {
    const body = (await (await fetch(`${running.url}/api/v1/finance/runs/${AGENT}?${RANGE}`)).json()) as RunDetailResponse;
    expect(body.calls.map((c) => c.model)).toEqual(['claude-opus-4-6', 'claude-opus-4-6', 'claude-haiku-4-5']);
    expect(body.calls.map((c) => BigInt(c.costNanoUsd!))).toEqual(CALLS.slice(0, 3).map((c) => expectedNano(running.collector.prices, c)));
    expect((await fetch(`${running.url}/api/v1/finance/runs/not-a-trace?${RANGE}`)).status).toBe(400);
  });
});
