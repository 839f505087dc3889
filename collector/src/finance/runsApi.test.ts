// Cost per run on a real collector: calls grouped by trace or by session, the most expensive
// first, each run's cost the exact sum of its calls, and its calls in time order. By session, the
// calls with no session id are counted apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../test/support/collector';
import type { CallsResponse } from '@burnrate/contract';
import { queryModule } from '../query';
import type { RunDetailResponse, RunsResponse } from './contract';
import { financeModule } from './module';
import { expectedNano, postFinanceCalls, type FinanceCall } from '../../../test/support/financeCalls';

const AGENT = 'a'.repeat(32);
const CHAT = 'b'.repeat(32);
// A support conversation of two requests (two traces), and one of a single request.
const TURN_1 = 'c'.repeat(32);
const TURN_2 = 'd'.repeat(32);
const QUICK = 'e'.repeat(32);
const AT = Date.parse('2026-11-20T10:00:00Z');
const CALLS: FinanceCall[] = [
  // An agent run: three Opus steps, the second the biggest.
  { at: new Date(AT), model: 'claude-opus-4-6', team: 'agents', feature: 'research', traceId: AGENT, input: 10_000, output: 1_000 },
  { at: new Date(AT + 5_000), model: 'claude-opus-4-6', team: 'agents', feature: 'research', traceId: AGENT, input: 80_000, output: 4_000, cacheRead: 50_000 },
  { at: new Date(AT + 20_000), model: 'claude-haiku-4-5', team: 'agents', feature: 'research', traceId: AGENT, input: 2_000, output: 200 },
  // A chat turn: one small call.
  { at: new Date(AT + 1_000), model: 'claude-haiku-4-5', team: 'support', traceId: CHAT, input: 500, output: 50 },
];
const SESSION_CALLS: FinanceCall[] = [
  { at: new Date(AT + 3_600_000), model: 'claude-sonnet-4-6', team: 'support', user: 'ada', traceId: TURN_1, session: 'chat-7', input: 3_000, output: 400 },
  {
    at: new Date(AT + 3_660_000),
    model: 'claude-sonnet-4-6',
    team: 'support',
    user: 'ada',
    traceId: TURN_2,
    session: 'chat-7',
    input: 6_000,
    output: 900,
    cacheRead: 3_000,
  },
  { at: new Date(AT + 3_661_000), model: 'claude-haiku-4-5', team: 'support', user: 'ada', traceId: TURN_2, session: 'chat-7', input: 1_000, output: 100 },
  { at: new Date(AT + 3_700_000), model: 'claude-haiku-4-5', team: 'support', user: 'bob', traceId: QUICK, session: 'chat-8', input: 700, output: 70 },
];

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({}, [queryModule, financeModule()]);
  await postFinanceCalls(running.url, [...CALLS, ...SESSION_CALLS]);
});
afterAll(async () => running?.stop());

const RANGE = 'from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z';
const cost = (calls: FinanceCall[]) => calls.reduce((s, c) => s + expectedNano(running.collector.prices, c)!, 0n);
const get = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${running.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};

describe('runs by trace', () => {
  it('lists runs by trace, most expensive first, with their exact cost, span and models', async () => {
    const body = await get<RunsResponse>(`/api/v1/finance/runs?${RANGE}`);
    expect(body).toMatchObject({ by: 'trace', runs: 5, outside: null }); // the session calls make three traces
    const all = [...CALLS, ...SESSION_CALLS];
    expect(BigInt(body.totalNanoUsd)).toBe(cost(all));
    expect(body.rows[0]!.id).toBe(AGENT);
    const agent = body.rows[0]!;
    expect(BigInt(agent.costNanoUsd)).toBe(cost(CALLS.filter((c) => c.traceId === AGENT)));
    expect(agent).toMatchObject({
      calls: 3,
      traces: 1,
      team: 'agents',
      feature: 'research',
      models: ['claude-haiku-4-5', 'claude-opus-4-6'],
      start: new Date(AT).toISOString(),
    });
    expect(agent.durationMs).toBe(20_000 + 900); // the last call ends 900 ms after it starts
    const filtered = await get<RunsResponse>(`/api/v1/finance/runs?${RANGE}&team=support&user=`);
    expect(filtered.rows.map((r) => r.id)).toEqual([CHAT]);
  });

  it("gives a run's calls in time order", async () => {
    const body = await get<RunDetailResponse>(`/api/v1/finance/runs/${AGENT}?${RANGE}`);
    expect(body).toMatchObject({ by: 'trace', id: AGENT });
    expect(body.calls.map((c) => c.model)).toEqual(['claude-opus-4-6', 'claude-opus-4-6', 'claude-haiku-4-5']);
    expect(body.calls.map((c) => BigInt(c.costNanoUsd!))).toEqual(CALLS.slice(0, 3).map((c) => expectedNano(running.collector.prices, c)));
    expect((await fetch(`${running.url}/api/v1/finance/runs/not-a-trace?${RANGE}`)).status).toBe(400);
  });
});

describe('runs by session', () => {
  it('groups the calls of a session across its traces, and counts the calls with no session apart', async () => {
    const body = await get<RunsResponse>(`/api/v1/finance/runs?${RANGE}&by=session`);
    expect(body).toMatchObject({ by: 'session', runs: 2 });
    expect(body.rows.map((r) => [r.id, r.calls, r.traces, r.user])).toEqual([
      ['chat-7', 3, 2, 'ada'],
      ['chat-8', 1, 1, 'bob'],
    ]);
    expect(body.rows.map((r) => BigInt(r.costNanoUsd))).toEqual([cost(SESSION_CALLS.slice(0, 3)), cost(SESSION_CALLS.slice(3))]);
    expect(BigInt(body.totalNanoUsd)).toBe(cost(SESSION_CALLS));
    expect(body.rows[0]!.models).toEqual(['claude-haiku-4-5', 'claude-sonnet-4-6']);
    // Turn 2's last call ends 900 ms after it starts, 61 s after turn 1 began.
    expect(body.rows[0]!.durationMs).toBe(61_000 + 900);
    // Every call of the range is either in a session or counted here.
    expect(body.outside).toMatchObject({ calls: CALLS.length, unpricedCalls: 0 });
    expect(BigInt(body.outside!.costNanoUsd)).toBe(cost(CALLS));
  });

  it("gives a session's calls in time order, across its traces", async () => {
    const body = await get<RunDetailResponse>(`/api/v1/finance/runs/chat-7?${RANGE}&by=session`);
    expect(body).toMatchObject({ by: 'session', id: 'chat-7' });
    expect(body.calls.map((c) => [c.traceId, c.model, c.sessionId])).toEqual([
      [TURN_1, 'claude-sonnet-4-6', 'chat-7'],
      [TURN_2, 'claude-sonnet-4-6', 'chat-7'],
      [TURN_2, 'claude-haiku-4-5', 'chat-7'],
    ]);
    expect((await fetch(`${running.url}/api/v1/finance/runs/${'x'.repeat(129)}?${RANGE}&by=session`)).status).toBe(400);
    expect((await fetch(`${running.url}/api/v1/finance/runs?${RANGE}&by=user`)).status).toBe(400);
  });

  it('filters by session, in runs and in the calls list and search', async () => {
    const runs = await get<RunsResponse>(`/api/v1/finance/runs?${RANGE}&session=chat-8`);
    expect(runs.rows.map((r) => r.id)).toEqual([QUICK]);
    const listed = await get<CallsResponse>(`/api/v1/calls?${RANGE}&session=chat-7`);
    expect(listed.total).toBe(3);
    expect(new Set(listed.rows.map((r) => r.sessionId))).toEqual(new Set(['chat-7']));
    const searched = await get<CallsResponse>(`/api/v1/calls?${RANGE}&q=chat-8`);
    expect(searched.rows.map((r) => r.traceId)).toEqual([QUICK]);
  });
});
