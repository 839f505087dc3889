// Every screen in a real Chromium against a collector seeded through the real ingest path: the
// numbers on screen are the API's numbers (formatted by the dashboard's own formatters), a filter
// change updates the URL and the charts, and a link reproduces the view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BreakdownResponse, CallsResponse, SummaryResponse, TimeseriesResponse } from '@burnrate/contract';
import { widgetRequests } from '../../dashboard/src/api/widgetRequests';
import type { ViewScope } from '../../dashboard/src/api/requests';
import { formatCount, formatMs, formatPercent, formatUsd } from '../../dashboard/src/format';
import { startHarness, type Harness } from './support/dashboardHarness';
import { seedTraffic } from './support/seed';

let h: Harness;
const now = new Date();
// A fixed range in the URL, so the page and the test ask the API exactly the same question.
const scope: ViewScope = { from: new Date(now.getTime() - 48 * 3_600_000), to: now, filters: {} };
const rangeHash = `from=${scope.from.toISOString()}&to=${scope.to.toISOString()}`;

beforeAll(async () => {
  h = await startHarness();
  await seedTraffic(h.collector.url, { days: 3, now, callsPerDay: 500 });
}, 120_000);
afterAll(async () => h?.stop());

/** Waits until no panel is loading or refreshing. */
async function settled(): Promise<void> {
  await h.page.waitForFunction(() => !document.querySelector('[data-testid="loading"], .updating'), undefined, { timeout: 20_000 });
}

const text = (testId: string) => h.page.locator(`[data-testid="${testId}"]`).first().innerText();

describe('screens against seeded data', () => {
  it('overview: each KPI shows the API number', async () => {
    await h.open(`#/overview?${rangeHash}`);
    await settled();
    const calls = await h.api<TimeseriesResponse>(widgetRequests.overviewCalls(scope));
    const attempts = await h.api<TimeseriesResponse>(widgetRequests.overviewAttempts(scope));
    expect(calls.total.totals.calls).toBeGreaterThan(500);
    expect(await text('kpi-calls')).toBe(formatCount(calls.total.totals.calls));
    expect(await text('kpi-spend')).toBe(formatUsd(calls.total.totals.cost_usd));
    expect(await text('kpi-error-rate')).toBe(formatPercent(calls.total.totals.error_rate));
    expect(await text('kpi-p95')).toBe(formatMs(calls.total.totals.latency_p95_ms));
    expect(await text('kpi-cache-savings')).toBe(formatUsd(calls.total.totals.cache_savings_usd));
    expect(await text('kpi-429-rate')).toBe(formatPercent(attempts.total.totals.rate_limited_rate));
    const today = await h.api<TimeseriesResponse>(widgetRequests.todaySpend(scope, new Date()));
    expect(await text('kpi-today')).toBe(formatUsd(today.total.totals.cost_usd));
    // No budgets module answers here, or none is set: the card says so rather than breaking.
    expect(await h.page.locator('[data-testid="no-budget"], [data-testid="budget-line"]').count()).toBe(1);
    await h.screenshot('overview');
  });

  it('spend: totals and the top spenders table match the API', async () => {
    await h.open(`#/spend?${rangeHash}&by=team`);
    await settled();
    const summary = await h.api<SummaryResponse>(widgetRequests.spendSummary(scope));
    expect(await text('spend-total')).toBe(formatUsd(summary.costUsd));
    expect(await text('spend-calls')).toBe(formatCount(summary.calls));
    const top = await h.api<BreakdownResponse>(widgetRequests.topSpenders(scope, 'team'));
    const shown = await h.page.locator('[data-testid="top-spenders"] [data-testid="spender-cost"]').allInnerTexts();
    expect(shown).toEqual(top.rows.map((r) => formatUsd(r.costUsd)));
    expect(Number(await h.page.locator('[data-testid="chart-spend-over-time"]').getAttribute('data-series'))).toBe(top.rows.length);
    await h.screenshot('spend');
  });

  it('reliability: attempt totals and latency per model match the API', async () => {
    await h.open(`#/reliability?${rangeHash}`);
    await settled();
    const attempts = await h.api<TimeseriesResponse>(widgetRequests.attemptOutcomes(scope));
    expect(attempts.total.totals.rate_limited_attempts).toBeGreaterThan(0); // the 429 storm
    expect(await text('attempt-totals')).toContain(`${formatCount(attempts.total.totals.rate_limited_attempts)} rate-limited`);
    const latency = await h.api<TimeseriesResponse>(widgetRequests.latencyByModel(scope));
    const p95s = await h.page.locator('[data-testid="latency-table"] [data-testid="latency-p95"]').allInnerTexts();
    expect(p95s).toEqual(latency.series.map((s) => formatMs(s.totals.latency_p95_ms)));
    await expect.poll(() => h.page.locator('[data-testid="headroom"] tbody tr').count()).toBeGreaterThan(0);
    await h.screenshot('reliability');
  });

  it('routing: the model mix shares match the API', async () => {
    await h.open(`#/routing?${rangeHash}`);
    await settled();
    const mix = await h.api<TimeseriesResponse>(widgetRequests.modelMix(scope, 'calls'));
    const total = mix.total.totals.calls ?? 0;
    const shown = await h.page.locator('[data-testid="mix-totals"] li strong').allInnerTexts();
    expect(shown).toEqual(mix.series.map((s) => formatPercent((s.totals.calls ?? 0) / total)));
    await expect.poll(() => h.page.locator('[data-testid="requested-served"] tbody tr').count()).toBeGreaterThan(1);
    await h.screenshot('routing');
  });

  it('calls: the total matches, rows are virtualized, a call opens with its attempts', async () => {
    await h.open(`#/calls?${rangeHash}`);
    await h.page.waitForSelector('[data-testid="call-row"]');
    const api = await h.api<CallsResponse>(widgetRequests.callsPage(scope, { sort: 'time', order: 'desc', offset: 0, limit: 1 }));
    expect(await text('calls-total')).toBe(`${formatCount(api.total)} calls`);
    const rendered = await h.page.locator('[data-testid="call-row"]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(80); // only what is in view (plus overscan), not every call
    // Keyboard: focus the list, move down one row, open it.
    await h.page.locator('[data-testid="calls-scroll"]').focus();
    await h.page.keyboard.press('ArrowDown');
    await h.page.keyboard.press('Enter');
    await h.page.waitForSelector('[data-testid="attempts-timeline"] li');
    expect(await h.page.evaluate(() => window.location.hash)).toContain('call=');
    await h.screenshot('calls-detail');
    await h.page.keyboard.press('Escape');
    await expect.poll(() => h.page.locator('[data-testid="call-detail"]').count()).toBe(0);
  });

  it('search narrows the list to matching calls', async () => {
    await h.open(`#/calls?${rangeHash}`);
    await h.page.waitForSelector('[data-testid="call-row"]');
    await h.page.locator('[data-testid="calls-search"]').fill('code-review');
    await expect.poll(() => h.page.evaluate(() => window.location.hash)).toContain('q=code-review');
    const api = await h.api<CallsResponse>(widgetRequests.callsPage(scope, { q: 'code-review', sort: 'time', order: 'desc', offset: 0, limit: 1 }));
    await expect.poll(() => text('calls-total')).toBe(`${formatCount(api.total)} calls`);
    const services = await h.page.locator('[data-testid="call-row"] [role="gridcell"]:nth-child(2)').allInnerTexts();
    expect(new Set(services)).toEqual(new Set(['code-review']));
  });

  it('a filter change updates the URL and the charts, and the link reproduces the view', async () => {
    await h.open(`#/spend?${rangeHash}&by=team`);
    await settled();
    expect(Number(await h.page.locator('[data-testid="chart-spend-over-time"]').getAttribute('data-series'))).toBeGreaterThan(1);
    await h.page.locator('[data-testid="filter-name"]').selectOption('team');
    await h.page.locator('[data-testid="filter-value"]').fill('search');
    await h.page.keyboard.press('Enter');
    await expect.poll(() => h.page.evaluate(() => window.location.hash)).toContain('team=search');
    await expect.poll(() => h.page.locator('[data-testid="chart-spend-over-time"]').getAttribute('data-series')).toBe('1');
    const filtered: ViewScope = { ...scope, filters: { team: ['search'] } };
    const summary = await h.api<SummaryResponse>(widgetRequests.spendSummary(filtered));
    await settled();
    expect(await text('spend-total')).toBe(formatUsd(summary.costUsd));
    await h.screenshot('spend-filtered');

    // The same URL in a fresh load shows the same filtered view.
    const hash = await h.page.evaluate(() => window.location.hash);
    await h.page.goto('about:blank');
    await h.open(hash);
    await settled();
    expect(await h.page.locator('[data-testid="filter-chips"] li').allInnerTexts()).toEqual([expect.stringContaining('search')]);
    expect(await text('spend-total')).toBe(formatUsd(summary.costUsd));
  });
});
