// The Budgets screen against a real collector (auth off, as on loopback): the empty state says
// how to start, each budget's spent and used are the API's numbers, and the form creates one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Budget, BudgetListResponse, BudgetStatusResponse } from '@burnrate/contract';
import { INSTRUMENT_SNIPPET } from '../../dashboard/src/components/States';
import { formatPercent, formatUsd } from '../../dashboard/src/format';
import { startHarness, type Harness } from './support/dashboardHarness';
import { seedTraffic } from './support/seed';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await seedTraffic(h.collector.url, { days: 2, now: new Date(), callsPerDay: 300 });
}, 120_000);
afterAll(async () => h?.stop());

// The budgets' day must already hold seeded traffic whatever time the test runs: shortly after
// midnight UTC the UTC day is nearly empty, so the zone is one where it is midday or later.
const BUDGET_ZONE = new Date().getUTCHours() < 12 ? 'Etc/GMT+12' : 'UTC';

async function send<T>(method: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${h.collector.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

it('with no budgets, the screen says how to start and offers the form', async () => {
  await h.open('#/budgets');
  const empty = h.page.locator('[data-testid="budgets-empty"]');
  await empty.waitFor();
  expect(await empty.locator('h2').innerText()).toBe('No budgets yet');
  expect(await empty.locator('pre code').innerText()).toBe(INSTRUMENT_SNIPPET);
  expect(await empty.locator('[data-testid="budget-form"] button[type="submit"]').isEnabled()).toBe(true);
  // Auth is off: nobody to show, nothing disabled.
  expect(await h.page.locator('[data-testid="signed-in"], [data-testid="viewer-hint"]').count()).toBe(0);
  // Budgets keep their own periods: no range picker, no filters.
  expect(await h.page.locator('[aria-label="Time range"], [aria-label="Filters"]').count()).toBe(0);
  await h.page.locator('[data-testid="rules-table"]').waitFor();
  await h.screenshot('budgets-empty');
});

it('lists budgets made through the API with the spent and used of /budgets/status', async () => {
  const company = await send<Budget>('POST', '/api/v1/budgets', {
    name: 'Company daily',
    scope: { kind: 'all', value: '' },
    period: 'day',
    timeZone: BUDGET_ZONE,
    amountUsd: 1000,
  });
  await send<Budget>('POST', '/api/v1/budgets', {
    name: 'Search monthly',
    scope: { kind: 'team', value: 'search' },
    period: 'month',
    timeZone: BUDGET_ZONE,
    amountUsd: 0.5,
  });
  // An amount the day's spend fills to about 60%, so the bar has something to show.
  const first = await h.api<BudgetStatusResponse>('/api/v1/budgets/status');
  const spent = first.budgets.find((b) => b.budget.id === company.id)!.spentUsd;
  expect(spent).toBeGreaterThan(0);
  await send<Budget>('PATCH', `/api/v1/budgets/${company.id}`, { amountUsd: Math.max(0.01, Math.round((spent / 0.6) * 100) / 100) });

  // Reached with its shortcut, like every screen.
  await h.open('#/overview');
  await h.page.locator('body').press('6');
  await expect.poll(() => h.page.evaluate(() => window.location.hash)).toBe('#/budgets');
  const rows = h.page.locator('[data-testid="budget-row"]');
  await expect.poll(() => rows.count()).toBe(2);
  const status = await h.api<BudgetStatusResponse>('/api/v1/budgets/status');
  for (const s of status.budgets) {
    const row = h.page.locator(`[data-testid="budget-row"][data-budget-id="${s.budget.id}"]`);
    expect(await row.locator('[data-testid="budget-spent"]').innerText()).toBe(formatUsd(s.spentUsd));
    expect(await row.locator('[data-testid="budget-used"]').innerText()).toBe(formatPercent(s.usedRatio));
  }
  expect(await h.page.locator('nav a[aria-current="page"]').innerText()).toBe('Budgets');
  await h.screenshot('budgets');
});

it('a budget created with the form appears in the list', async () => {
  await h.open('#/budgets');
  const form = h.page.locator('[data-testid="budget-form"]');
  await form.locator('input[name="name"]').fill('Support bot daily');
  await form.locator('select[name="scope"]').selectOption('service');
  await form.locator('input[name="scope-value"]').fill('support-bot');
  await form.locator('input[name="time-zone"]').fill('Europe/Paris');
  await form.locator('input[name="amount"]').fill('25');
  await form.locator('button[type="submit"]').click();
  const row = h.page.locator('[data-testid="budget-row"]', { hasText: 'Support bot daily' });
  await row.waitFor();
  expect(await row.innerText()).toContain('service support-bot');
  expect(await row.innerText()).toContain('Europe/Paris');
  expect(await form.locator('input[name="name"]').inputValue()).toBe(''); // ready for the next one
  const list = await h.api<BudgetListResponse>('/api/v1/budgets');
  expect(list.budgets.find((b) => b.name === 'Support bot daily')).toMatchObject({
    scope: { kind: 'service', value: 'support-bot' },
    period: 'day',
    amountUsd: 25,
  });

  // A refusal is shown in the API's words.
  await form.locator('input[name="name"]').fill('Bad zone');
  await form.locator('select[name="scope"]').selectOption('all');
  await form.locator('input[name="time-zone"]').fill('Mars/Olympus');
  await form.locator('input[name="amount"]').fill('5');
  await form.locator('button[type="submit"]').click();
  await expect.poll(() => form.locator('[role="alert"]').innerText()).toContain('Not saved');
  await h.screenshot('budgets-form-error');
});
