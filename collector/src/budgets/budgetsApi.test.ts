// /api/v1/budgets and /api/v1/budgets/status on a real collector (embedded store, real ingest),
// with a fixed clock so a scripted day of spending can be checked to the nano-dollar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Budget, BudgetStatus, BudgetStatusResponse } from '@burnrate/contract';
import { budgetsAlertsModule } from '../alerts/module';
import {
  getJson,
  newDataDir,
  openTestCollector,
  postCalls,
  removeDataDir,
  sendJson,
  type TestCall,
  type TestCollector,
} from '../../../test/support/budgetsCollector';

const NOW = new Date('2026-11-21T15:00:00Z');
const at = (hhmm: string, day = '2026-11-21') => new Date(`${day}T${hhmm}:00Z`);
const module = () => budgetsAlertsModule({ intervalMs: 3_600_000, now: () => NOW });

let dataDir: string;
let running: TestCollector;
beforeAll(async () => {
  dataDir = newDataDir();
  running = await openTestCollector(dataDir, [module()]);
});
afterAll(async () => {
  await running?.close();
  removeDataDir(dataDir);
});

const api = (path: string) => `${running.url}/api/v1${path}`;

async function create(body: unknown): Promise<Budget> {
  const res = await sendJson('POST', api('/budgets'), body);
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

describe('budgets API', () => {
  it('400-names-each-bad-field', async () => {
    const cases: [unknown, string][] = [
      [{ scope: { kind: 'all' }, period: 'day', amountUsd: 1 }, 'name:'],
      [{ name: 'x', scope: { kind: 'team' }, period: 'day', amountUsd: 1 }, 'scope:'],
      [{ name: 'x', scope: { kind: 'all', value: 'y' }, period: 'day', amountUsd: 1 }, 'scope:'],
      [{ name: 'x', scope: { kind: 'all' }, period: 'week', amountUsd: 1 }, 'period:'],
      [{ name: 'x', scope: { kind: 'all' }, period: 'day', amountUsd: 1, timeZone: 'Mars/Olympus' }, 'timeZone: must be an IANA time zone'],
      [{ name: 'x', scope: { kind: 'all' }, period: 'day', amountUsd: 0.0000000001 }, 'amountUsd:'],
      [{ name: 'x', scope: { kind: 'all' }, period: 'day', amountUsd: -5 }, 'amountUsd:'],
      [{ name: 'x', scope: { kind: 'all' }, period: 'day', amountUsd: 1, thresholdsPercent: [0] }, 'thresholdsPercent.0:'],
      [{ name: 'x', scope: { kind: 'all' }, period: 'day', amountUsd: 1, extra: true }, 'extra'],
    ];
    for (const [body, message] of cases) {
      const res = await sendJson('POST', api('/budgets'), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const answer = await res.json();
      expect(answer.error).toBe('bad_request');
      expect(answer.message, JSON.stringify(body)).toContain(message);
    }
  });

  it('create-read-change-remove', async () => {
    const created = await create({ name: 'Search daily', scope: { kind: 'team', value: 'search' }, period: 'day', amountUsd: 12.3456789 });
    expect(created).toMatchObject({
      name: 'Search daily',
      scope: { kind: 'team', value: 'search' },
      period: 'day',
      timeZone: 'UTC',
      amountUsd: 12.3456789,
      amountNanoUsd: '12345678900',
      thresholdsPercent: [50, 80, 100],
    });
    expect(await getJson(api(`/budgets/${created.id}`))).toEqual(created);

    const renamed = await sendJson('PATCH', api(`/budgets/${created.id}`), { name: 'Search', thresholdsPercent: [100, 90, 90] });
    expect(renamed.status).toBe(200);
    const r = await renamed.json();
    expect(r).toMatchObject({ id: created.id, name: 'Search', amountNanoUsd: '12345678900', thresholdsPercent: [90, 100], createdAt: created.createdAt });

    const bad = await sendJson('PATCH', api(`/budgets/${created.id}`), { period: 'year' });
    expect(bad.status).toBe(400);

    const model = await create({ name: 'Sonnet', scope: { kind: 'model', value: 'claude-sonnet-4-6-20260217' }, period: 'month', amountUsd: 5 });
    expect(model.scope).toEqual({ kind: 'model', value: 'claude-sonnet-4-6' });

    const list = await getJson<{ budgets: Budget[] }>(api('/budgets'));
    expect(list.budgets.map((b) => b.name).sort()).toEqual(['Search', 'Sonnet']);

    expect((await fetch(api(`/budgets/${created.id}`), { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(api(`/budgets/${created.id}`))).status).toBe(404);
    expect((await fetch(api(`/budgets/${created.id}`), { method: 'DELETE' })).status).toBe(404);
    expect((await getJson<{ budgets: Budget[] }>(api('/budgets'))).budgets.map((b) => b.name)).toEqual(['Sonnet']);
    expect((await fetch(api(`/budgets/${model.id}`), { method: 'DELETE' })).status).toBe(204);
  });
});

describe('GET /api/v1/budgets/status against a scripted day of spending', () => {
  let team: Budget;
  let company: Budget;
  let statuses: Map<string, BudgetStatus>;

  beforeAll(async () => {
    team = await create({ name: 'Search', scope: { kind: 'team', value: 'search' }, period: 'day', amountUsd: 10, thresholdsPercent: [20, 50] });
    company = await create({ name: 'Company', scope: { kind: 'all' }, period: 'month', timeZone: 'Europe/Berlin', amountUsd: 100 });
    const calls: TestCall[] = [];
    // Haiku 4.5: $1 per million input tokens, $5 per million output tokens.
    for (let h = 0; h < 14; h++) calls.push({ team: 'search', inputTokens: 100_000, at: at(`${String(h).padStart(2, '0')}:30`) }); // $0.10 each
    for (const m of ['05', '20', '35', '50']) calls.push({ team: 'search', outputTokens: 50_000, at: at(`14:${m}`) }); // $0.25 each
    calls.push({ team: 'search', outputTokens: 100_000, at: at('23:30', '2026-11-20') }); // $0.50 yesterday
    calls.push({ team: 'ads', outputTokens: 140_000, at: at('10:00') }); // $0.70, another team
    calls.push({ team: 'search', model: 'claude-imaginary-9', outputTokens: 1_000, at: at('12:00') }); // no price
    await postCalls(running.url, calls);
    const body = await getJson<BudgetStatusResponse>(api('/budgets/status'));
    expect(body.at).toBe(NOW.toISOString());
    statuses = new Map(body.budgets.map((s) => [s.budget.id, s]));
  });

  it('team-day-budget-projects-from-the-trailing-hour', () => {
    expect(statuses.get(team.id)).toEqual({
      budget: team,
      periodStart: '2026-11-21T00:00:00.000Z',
      periodEnd: '2026-11-22T00:00:00.000Z',
      spentUsd: 2.4, // 14 × $0.10 + 4 × $0.25; yesterday's call and the other team's are not in it
      spentNanoUsd: '2400000000',
      remainingUsd: 7.6,
      remainingNanoUsd: '7600000000',
      usedRatio: 0.24,
      projectedUsd: 11.4, // $2.40 + 9 h left × $1.00 in the last hour
      projectedNanoUsd: '11400000000',
      projectedRatio: 1.14,
      burnRateUsdPerHour: 1,
      burnRateWindowStart: '2026-11-21T14:00:00.000Z',
      exceeded: false,
      projectedToExceed: true,
      projectedExceedAt: '2026-11-21T22:36:00.000Z', // $7.60 left at $1.00/h
      thresholdsCrossed: [20],
      calls: 19,
      unpricedCalls: 1,
    });
  });

  it('company-month-budget-counts-every-team-in-its-time-zone', () => {
    const s = statuses.get(company.id)!;
    // November in Berlin: 31 Oct 23:00 UTC to 30 Nov 23:00 UTC; yesterday's call is in it.
    expect([s.periodStart, s.periodEnd]).toEqual(['2026-10-31T23:00:00.000Z', '2026-11-30T23:00:00.000Z']);
    expect(s.spentNanoUsd).toBe('3600000000');
    // All $3.60 fell in the trailing 24 h: $0.15/h for the 224 h left.
    expect(s.burnRateUsdPerHour).toBe(0.15);
    expect(s.projectedNanoUsd).toBe('37200000000');
    expect(s).toMatchObject({ exceeded: false, projectedToExceed: false, projectedExceedAt: null, thresholdsCrossed: [], calls: 21, unpricedCalls: 1 });
  });

  it('budgets-survive-a-restart', async () => {
    await running.close();
    running = await openTestCollector(dataDir, [module()]);
    const body = await getJson<BudgetStatusResponse>(api('/budgets/status'));
    expect(new Map(body.budgets.map((s) => [s.budget.id, s.spentNanoUsd]))).toEqual(
      new Map([
        [team.id, '2400000000'],
        [company.id, '3600000000'],
      ]),
    );
  });
});
