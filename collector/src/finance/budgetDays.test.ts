// Budget days: which daily budget covers a chart's scope (pure), the budget's local days, and
// each day's exact spend and over flag from a real collector.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../test/support/collector';
import { budgetsAlertsModule } from '../alerts/module';
import type { BudgetRecord } from '../budgets/budget';
import { dailyBudgetFor, localDays, scopeOfFilters } from './budgetDays';
import type { BudgetDaysResponse } from './contract';
import { financeModule } from './module';
import { expectedNano, postFinanceCalls, type FinanceCall } from '../../../test/support/financeCalls';

const record = (id: string, scope: BudgetRecord['scope'], period: BudgetRecord['period'] = 'day'): BudgetRecord => ({
  id,
  name: id,
  scope,
  period,
  timeZone: 'UTC',
  amountNano: 1n,
  thresholdsPercent: [100],
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe('which budget a chart shows', () => {
  const budgets = [
    record('month-all', { kind: 'all', value: '' }, 'month'),
    record('all', { kind: 'all', value: '' }),
    record('search', { kind: 'team', value: 'search' }),
    record('haiku', { kind: 'model', value: 'claude-haiku-4-5' }),
  ];
  it('no filter: the company-wide daily budget; one filter of one value: that scope; else none', () => {
    expect(dailyBudgetFor(budgets, {})?.id).toBe('all');
    expect(dailyBudgetFor(budgets, { team: ['search'] })?.id).toBe('search');
    expect(dailyBudgetFor(budgets, { model: ['claude-haiku-4-5-20251001'] })?.id).toBe('haiku');
    expect(dailyBudgetFor(budgets, { team: ['search', 'ads'] })).toBeUndefined();
    expect(dailyBudgetFor(budgets, { team: ['search'], model: ['claude-haiku-4-5'] })).toBeUndefined();
    expect(scopeOfFilters({ status: ['error'] })).toBeUndefined();
  });

  it('counts days in the budget time zone, across a DST change', () => {
    const days = localDays('Europe/Paris', new Date('2026-10-24T12:00:00Z'), new Date('2026-10-26T12:00:00Z'));
    expect(days.map((d) => [d.day, d.start.toISOString(), d.end.toISOString()])).toEqual([
      ['2026-10-24', '2026-10-23T22:00:00.000Z', '2026-10-24T22:00:00.000Z'],
      ['2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'], // 25 hours: clocks go back
      ['2026-10-26', '2026-10-25T23:00:00.000Z', '2026-10-26T23:00:00.000Z'],
    ]);
  });
});

describe('GET /api/v1/finance/budget-days', () => {
  let running: RunningCollector;
  const CALLS: FinanceCall[] = [
    { at: new Date('2026-11-20T10:00:00Z'), model: 'claude-opus-4-6', team: 'search', input: 100_000, output: 10_000 },
    { at: new Date('2026-11-20T23:30:00Z'), model: 'claude-haiku-4-5', team: 'search', input: 1000, output: 100 }, // 21 Nov in Berlin
    { at: new Date('2026-11-21T09:00:00Z'), model: 'claude-haiku-4-5', team: 'search', input: 2000, output: 100 },
    { at: new Date('2026-11-21T09:00:00Z'), model: 'claude-opus-4-6', team: 'ads', input: 500_000, output: 1 },
  ];
  beforeAll(async () => {
    running = await startCollector({}, [budgetsAlertsModule({ intervalMs: 3_600_000 }), financeModule()]);
    await postFinanceCalls(running.url, CALLS);
  });
  afterAll(async () => running?.stop());

  const get = async (query: string) => {
    const res = await fetch(`${running.url}/api/v1/finance/budget-days?from=2026-11-20T00:00:00Z&to=2026-11-22T00:00:00Z&${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as BudgetDaysResponse;
  };

  it('gives no budget when none covers the scope', async () => {
    expect(await get('team=search')).toMatchObject({ budget: null, days: [] });
  });

  it("marks the days whose spend reached the team's daily budget, in its time zone, exactly", async () => {
    const cost = (c: FinanceCall) => expectedNano(running.collector.prices, c)!;
    const [big, late, morning] = CALLS;
    // An amount the 20th (Berlin) reaches exactly: a day is over when spend ≥ amount.
    const amountNano = cost(big!);
    const res = await fetch(`${running.url}/api/v1/budgets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Search daily',
        scope: { kind: 'team', value: 'search' },
        period: 'day',
        timeZone: 'Europe/Berlin',
        amountUsd: Number(amountNano) / 1e9,
      }),
    });
    expect(res.status).toBe(201);
    const body = await get('team=search');
    expect(body.budget).toMatchObject({ name: 'Search daily', amountNanoUsd: amountNano.toString(), timeZone: 'Europe/Berlin' });
    expect(body.days.map((d) => [d.day, BigInt(d.spentNanoUsd), d.over])).toEqual([
      ['2026-11-20', cost(big!), true],
      ['2026-11-21', cost(late!) + cost(morning!), false],
      ['2026-11-22', 0n, false], // starts at 23:00 UTC on the 21st, inside the range
    ]);
    expect(body.days[0]!.start).toBe('2026-11-19T23:00:00.000Z');
    // Another team's spend is not in it; a chart of two teams has no budget.
    expect((await get('team=search&team=ads')).budget).toBeNull();
  });
});
