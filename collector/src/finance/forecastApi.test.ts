// The forecast API on a real collector with a fixed clock: four weeks of weekday-shaped spend
// sent through the real ingest path, then the month-end projection and its band.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../test/support/collector';
import { budgetsAlertsModule } from '../alerts/module';
import type { BudgetForecastsResponse, ForecastResponse } from './contract';
import { financeModule } from './module';
import { expectedNano, postFinanceCalls, type FinanceCall } from '../../../test/support/financeCalls';

// Saturday 21 November 2026, noon UTC: half of today is left, then 9 whole days of November.
const NOW = new Date('2026-11-21T12:00:00Z');
const DAY = 86_400_000;
let running: RunningCollector;

// 28 days before today: weekdays 10 Haiku calls, weekends 2, all for team search; today 3 so far.
const CALLS: FinanceCall[] = [];
for (let i = 1; i <= 28; i++) {
  const day = new Date(Date.UTC(2026, 10, 21) - i * DAY);
  const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
  for (let n = 0; n < (weekend ? 2 : 10); n++)
    CALLS.push({ at: new Date(day.getTime() + (9 + n) * 3_600_000), model: 'claude-haiku-4-5', team: 'search', input: 100_000, output: 10_000 });
}
for (let n = 0; n < 3; n++)
  CALLS.push({ at: new Date(Date.UTC(2026, 10, 21, 8 + n)), model: 'claude-haiku-4-5', team: 'search', input: 100_000, output: 10_000 });

beforeAll(async () => {
  running = await startCollector({}, [budgetsAlertsModule({ intervalMs: 3_600_000, now: () => NOW }), financeModule({ now: () => NOW })]);
  await postFinanceCalls(running.url, CALLS);
});
afterAll(async () => running?.stop());

describe('GET /api/v1/finance/forecast', () => {
  it('projects the month end from weekday means, with the exact spend so far', async () => {
    const res = await fetch(`${running.url}/api/v1/finance/forecast?team=search`);
    expect(res.status, await res.clone().text()).toBe(200);
    const f = (await res.json()) as ForecastResponse;
    const call = expectedNano(running.collector.prices, CALLS[0]!)!;
    const novemberCalls = CALLS.filter((c) => c.at >= new Date('2026-11-01T00:00:00Z')).length;
    expect(f).toMatchObject({
      method: 'weekday',
      historyDays: 28,
      period: 'month',
      periodStart: '2026-11-01T00:00:00.000Z',
      periodEnd: '2026-12-01T00:00:00.000Z',
    });
    expect(BigInt(f.spentNanoUsd)).toBe(call * BigInt(novemberCalls));
    // The rest: half of a Saturday (2 calls a weekend day), then Sun 22 … Mon 30: 3 weekend days
    // and 6 weekdays. Regular history, so the band closes on the projection.
    const rest = 1n * call + 3n * 2n * call + 6n * 10n * call;
    expect(BigInt(f.projectedNanoUsd)).toBe(BigInt(f.spentNanoUsd) + rest);
    expect(f.lowNanoUsd).toBe(f.projectedNanoUsd);
    expect(f.highNanoUsd).toBe(f.projectedNanoUsd);
    expect(f.days).toHaveLength(30);
    expect(f.days[20]).toMatchObject({ day: '2026-11-21', actualUsd: Number(3n * call) / 1e9, expectedUsd: Number(call) / 1e9 });
    expect(f.days[29]).toMatchObject({ day: '2026-11-30', actualUsd: null, expectedUsd: Number(10n * call) / 1e9 });
  });

  it('a scope that never spent projects nothing; filters no budget could count are refused', async () => {
    const f = (await (await fetch(`${running.url}/api/v1/finance/forecast?team=nobody`)).json()) as ForecastResponse;
    expect(f).toMatchObject({ method: 'run-rate', historyDays: 0, projectedNanoUsd: '0', highNanoUsd: '0' });
    const res = await fetch(`${running.url}/api/v1/finance/forecast?team=a&team=b`);
    expect(res.status).toBe(400);
    expect((await fetch(`${running.url}/api/v1/finance/forecast?timeZone=Mars/Olympus`)).status).toBe(400);
  });

  it("each budget gets its own period's forecast and whether it is set to go over", async () => {
    const create = (body: unknown) =>
      fetch(`${running.url}/api/v1/budgets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await create({ name: 'Search month', scope: { kind: 'team', value: 'search' }, period: 'month', amountUsd: 1 });
    await create({ name: 'Search day', scope: { kind: 'team', value: 'search' }, period: 'day', amountUsd: 1000 });
    const body = (await (await fetch(`${running.url}/api/v1/finance/budget-forecasts`)).json()) as BudgetForecastsResponse;
    const month = body.forecasts.find((f) => f.forecast.period === 'month')!;
    const day = body.forecasts.find((f) => f.forecast.period === 'day')!;
    expect(month).toMatchObject({ projectedToExceed: true, highExceeds: true });
    expect(day).toMatchObject({ projectedToExceed: false });
    const call = expectedNano(running.collector.prices, CALLS[0]!)!;
    // Today: 3 calls so far and half a Saturday (1 call) to come.
    expect(BigInt(day.forecast.projectedNanoUsd)).toBe(4n * call);
  });
});
