// Budgets where people look: the company's daily budget drawn on the Overview's and the Spend
// screen's charts with the days over it marked (the API's days, in the budget's own zone), and
// a budget's amount edited in place on the Budgets screen; the month-end forecast on the Overview
// and each budget's own.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Budget, BudgetListResponse } from '@burnrate/contract';
import type { BudgetDaysResponse, BudgetForecastsResponse, ForecastResponse } from '../../collector/src/finance/contract';
import { postFinanceCalls } from '../support/financeCalls';
import { formatUsd } from '../../dashboard/src/format';
import { bandText, METHOD_LABELS } from '../../dashboard/src/widgets/forecast/forecastView';
import type { Page, Response } from 'playwright-core';
import { startHarness, type Harness } from './support/dashboardHarness';

let h: Harness;
let budget: Budget;
const now = Date.now();
const todayStart = now - (now % 86_400_000);
const DAY = 86_400_000;
const from = new Date(todayStart - 3 * DAY);
const to = new Date(todayStart + DAY);
const view = (screen: string) => `#/${screen}?from=${from.toISOString()}&to=${to.toISOString()}`;

beforeAll(async () => {
  h = await startHarness();
  await postFinanceCalls(h.collector.url, [
    // Yesterday: $1 of Opus input, over a $0.50 day. Today: a tenth of a cent, under it.
    { at: new Date(todayStart - DAY / 2), model: 'claude-opus-4-6', team: 'search', input: 200_000 },
    { at: new Date(todayStart + Math.min(30_000, (now - todayStart) / 2)), model: 'claude-haiku-4-5', team: 'search', input: 1000 },
  ]);
  const res = await fetch(`${h.collector.url}/api/v1/budgets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Company daily', scope: { kind: 'all', value: '' }, period: 'day', timeZone: 'UTC', amountUsd: 0.5 }),
  });
  budget = (await res.json()) as Budget;
}, 120_000);
afterAll(async () => h?.stop());

async function expectBudgetOnChart(chartTestId: string) {
  const days = await h.api<BudgetDaysResponse>(`/api/v1/finance/budget-days?from=${from.toISOString()}&to=${to.toISOString()}`);
  const over = days.days.filter((d) => d.over);
  expect(over.map((d) => d.day)).toEqual([new Date(todayStart - DAY).toISOString().slice(0, 10)]);
  const chart = h.page.locator(`[data-testid="${chartTestId}"]`);
  await chart.locator('.budget-line line').first().waitFor({ state: 'attached' });
  await expect.poll(() => chart.locator('.over-budget-area').count()).toBe(over.length);
  expect(await h.page.locator('[data-testid="budget-amount"]').innerText()).toBe(formatUsd(days.budget!.amountUsd));
  const listed = h.page.locator('[data-testid="over-budget-day"]');
  expect(await listed.count()).toBe(over.length);
  for (const [i, d] of over.entries()) {
    expect(await listed.nth(i).getAttribute('data-day')).toBe(d.day);
    expect(await listed.nth(i).innerText()).toContain(`${d.day} (${formatUsd(d.spentUsd)})`);
  }
}

it('the Overview chart draws the daily budget and marks the day over it', async () => {
  await h.open(view('overview'));
  await expectBudgetOnChart('chart-spend-trend');
  await h.screenshot('overview-budget-line');
});

it('the Spend chart does too, and a filter no budget covers shows none', async () => {
  await h.open(view('spend'));
  await expectBudgetOnChart('chart-spend-over-time');
  await h.screenshot('spend-budget-line');
  await h.open(`${view('spend')}&team=search&team=ads`);
  await h.page.locator('[data-testid="chart-spend-over-time"]').waitFor();
  expect(await h.page.locator('[data-testid="budget-note"]').count()).toBe(0);
});

it('a budget amount is edited in place on the Budgets screen', async () => {
  await h.open('#/budgets');
  const row = h.page.locator(`[data-testid="budget-row"][data-budget-id="${budget.id}"]`);
  await row.locator('[data-testid="budget-amount-edit"]').click();
  const form = row.locator('[data-testid="budget-amount-form"]');
  await form.locator('input[name="amount"]').fill('2.25');
  await form.locator('input[name="thresholds"]').fill('90, 50');
  await form.locator('input[name="amount"]').press('Enter');
  await expect.poll(() => row.locator('[data-testid="budget-amount-edit"]').innerText()).toBe(`of ${formatUsd(2.25)}`);
  const saved = (await h.api<BudgetListResponse>('/api/v1/budgets')).budgets.find((b) => b.id === budget.id)!;
  expect(saved).toMatchObject({ amountUsd: 2.25, thresholdsPercent: [50, 90] });

  // A refusal stays on screen in the API's words; Escape leaves the amount as it was.
  await row.locator('[data-testid="budget-amount-edit"]').click();
  await form.locator('input[name="amount"]').fill('0.0000000001');
  await form.locator('button[type="submit"]').click();
  await expect.poll(() => form.locator('[role="alert"]').innerText()).toContain('amountUsd');
  await form.locator('input[name="amount"]').press('Escape');
  expect(await row.locator('[data-testid="budget-amount-edit"]').innerText()).toBe(`of ${formatUsd(2.25)}`);
  await h.screenshot('budgets-edit-in-place');
});

/**
 * The latest answer the page itself received from `pathname`. A forecast's band moves with the
 * time of day, so a screen is compared with what it was given, not with a fetch a moment later.
 */
function receivedBy(page: Page, pathname: string) {
  let latest: unknown;
  const listen = (res: Response) => {
    // A body the page no longer holds (it navigated on) is not an answer it shows: skipped, not an unhandled rejection.
    if (new URL(res.url()).pathname === pathname && res.ok())
      res.json().then(
        (body: unknown) => (latest = body),
        () => undefined,
      );
  };
  page.on('response', listen);
  return {
    latest: async <T>() => {
      await expect.poll(() => latest !== undefined, { message: `the page fetched ${pathname}` }).toBe(true);
      return latest as T;
    },
    stop: () => page.off('response', listen),
  };
}

/** Polls until `read` shows what `expected` says from the page's latest answer. */
async function expectShown(read: () => Promise<string>, expected: () => Promise<string>) {
  await expect
    .poll(async () => {
      const [shown, wanted] = [await read(), await expected()];
      return shown === wanted ? 'as received' : `${shown} ≠ ${wanted}`;
    })
    .toBe('as received');
}

it('the Overview shows the month-end forecast and its band as the API gives them', async () => {
  const received = receivedBy(h.page, '/api/v1/finance/forecast');
  await h.open('#/overview');
  const forecast = () => received.latest<ForecastResponse>();
  const panel = h.page.locator('[data-testid="forecast-panel"]');
  const text = (testId: string) => () => panel.locator(`[data-testid="${testId}"]`).innerText();
  await expect.poll(() => panel.locator('[data-testid="forecast-projected"]').count()).toBe(1);
  expect((await forecast()).period).toBe('month');
  await expectShown(text('forecast-projected'), async () => formatUsd((await forecast()).projectedUsd));
  await expectShown(text('forecast-band'), async () => bandText(await forecast()));
  await expectShown(text('forecast-spent'), async () => formatUsd((await forecast()).spentUsd));
  await expectShown(text('forecast-method'), async () => METHOD_LABELS[(await forecast()).method]);
  received.stop();
  // Two filters select spend no forecast covers: said, not guessed.
  await h.open('#/overview?team=search&team=ads');
  await h.page.locator('[data-testid="forecast-unavailable"]').waitFor();
});

it('each budget shows its own forecast', async () => {
  const received = receivedBy(h.page, '/api/v1/finance/budget-forecasts');
  await h.open('#/budgets');
  const cell = h.page.locator(`[data-testid="budget-row"][data-budget-id="${budget.id}"] [data-testid="budget-forecast"]`);
  await expect.poll(() => cell.count()).toBe(1);
  const mine = async () => (await received.latest<BudgetForecastsResponse>()).forecasts.find((f) => f.budgetId === budget.id)!.forecast;
  expect((await mine()).period).toBe('day');
  await expectShown(
    () => cell.innerText(),
    async () => `${formatUsd((await mine()).projectedUsd)} (${bandText(await mine())})`,
  );
  received.stop();
  await h.screenshot('budgets-forecast');
});
