// Every limit that can stop calls, in a real Chromium against a collector fed through the real
// ingest path: the scripted spend-cap day shows on Reliability as a spend cap (not a rate-limit
// storm), a banner on every screen names when access resumes, one page fires and resolves once;
// unified usage windows at 0.42 then 0.91 show on the dashboard; a spend limit entered there.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { firstOfNextMonthUtc } from '@burnrate/contract';
import { getJson, keepOnlyRules, postCalls, sendJson, type TestCall } from '../support/budgetsCollector';
import { startReceiver, type Receiver } from '../support/alertReceiver';
import type { AlertHistoryResponse } from '@burnrate/contract';
import { spendCapRefusedCall, unifiedCall } from '../support/limitCalls';
import { startHarness, type Harness } from './support/dashboardHarness';

let h: Harness;
let receiver: Receiver;
const MINUTE = 60_000;
const now = Date.now();
const firstRefusal = Math.floor((now - 100 * MINUTE) / MINUTE) * MINUTE;
const resumesAt = firstOfNextMonthUtc(new Date(now));
const api = (path: string) => `${h.collector.url}/api/v1${path}`;

beforeAll(async () => {
  receiver = await startReceiver();
  h = await startHarness({ BURNRATE_OUTBOUND_ALLOW: '127.0.0.1' });
  await keepOnlyRules(h.collector.url, (rule) => ['default-spend-limit-refused', 'default-rate-limited', 'default-model-throttled'].includes(rule.id));
  await sendJson('POST', api('/alerts/channels'), { name: 'pager', kind: 'webhook', url: `${receiver.url}/page`, secret: 'browser-spend-cap-secret-01' });
  // The collector's own first evaluation (at start, waiting a second for the alert lease) must be
  // over before the calls come, or it fires the page itself and the test's first evaluate counts
  // none. An evaluate runs after any under way, so once it answers, that one is done.
  expect(await evaluate()).toEqual({ fired: 0, resolved: 0 });
  const calls: TestCall[] = [];
  for (let m = 60; m > 0; m -= 2) calls.push({ model: 'claude-sonnet-4-6', at: new Date(firstRefusal - m * MINUTE), attemptStatuses: [200] });
  for (let m = 0; m < 90; m += 2) calls.push(spendCapRefusedCall(new Date(firstRefusal + m * MINUTE), resumesAt));
  await postCalls(h.collector.url, calls);
}, 120_000);
afterAll(async () => {
  await h?.stop();
  await receiver?.close();
});

/** The same view read afresh (a hash already open would not load again). */
async function reopen(hash: string): Promise<void> {
  await h.open(hash);
  await h.page.reload();
  await h.page.waitForSelector('main[data-screen]');
  await settled();
}

async function settled(): Promise<void> {
  await h.page.waitForFunction(() => !document.querySelector('[data-testid="loading"], .updating'), undefined, { timeout: 20_000 });
}

const evaluate = async () => (await (await sendJson('POST', api('/alerts/evaluate'), {})).json()) as { fired: number; resolved: number };
const range = `from=${new Date(now - 4 * 3_600_000).toISOString()}&to=${new Date(now + MINUTE).toISOString()}`;
const resumeText = `${resumesAt.slice(0, 10)} 00:00 UTC`;
const reachedText = new Date(firstRefusal).toISOString().slice(11, 16);

it('spend-cap-day-shows-as-a-spend-cap-with-a-banner-and-one-page-that-resolves-once', async () => {
  expect(await evaluate()).toEqual({ fired: 1, resolved: 0 });
  expect(await evaluate()).toEqual({ fired: 0, resolved: 0 });

  await h.open(`#/reliability?${range}`);
  await settled();
  const banner = h.page.locator('[data-testid="limits-banner"]');
  const expected = `Calls are refused: the monthly spend cap of the usage tier was reached at ${reachedText} UTC; access resumes ${resumeText}`;
  expect((await banner.innerText()).trim()).toBe(
    expected.replace(
      `at ${reachedText}`,
      `at ${new Date(firstRefusal).toISOString().slice(0, 10) === new Date().toISOString().slice(0, 10) ? '' : `${new Date(firstRefusal).toISOString().slice(0, 10)} `}${reachedText}`,
    ),
  );
  const totals = h.page.locator('[data-testid="refusal-totals"] li');
  expect(await totals.allInnerTexts()).toEqual(['Spend cap (usage tier): 135 attempts, 90 wasted retries']);
  expect(await h.page.locator('[data-testid="chart-refusals"]').getAttribute('data-series')).toBe('1');
  await h.screenshot('limits-spend-cap-reliability');

  // Every screen carries the banner.
  for (const screen of ['overview', 'spend', 'calls', 'budgets']) {
    await h.open(`#/${screen}`);
    await expect.poll(() => h.page.locator('[data-testid="limits-banner"]').count()).toBe(1);
  }

  // Calls succeed again (a higher tier): the page resolves once, the banner goes.
  await postCalls(h.collector.url, [{ model: 'claude-sonnet-4-6', at: new Date(Date.now() - MINUTE), attemptStatuses: [200] }]);
  expect(await evaluate()).toEqual({ fired: 0, resolved: 1 });
  expect(await evaluate()).toEqual({ fired: 0, resolved: 0 });
  await reopen(`#/reliability?${range}`);
  expect(await h.page.locator('[data-testid="limits-banner"]').count()).toBe(0);

  const history = await getJson<AlertHistoryResponse>(api(`/alerts/history?${range.replace(/to=[^&]+/, `to=${new Date(Date.now() + MINUTE).toISOString()}`)}`));
  expect(history.events.map((e) => `${e.ruleId} ${e.status}`).sort()).toEqual(['default-spend-limit-refused firing', 'default-spend-limit-refused resolved']);
  await receiver.waitFor(2);
  const pages = receiver.received.filter((r) => r.path === '/page').map((r) => JSON.parse(r.body) as { status: string; summary: string });
  expect(pages.map((p) => p.status)).toEqual(['firing', 'resolved']);
  expect(pages[0]!.summary).toContain(`access resumes ${resumeText}`);
});

it('unified-windows-at-0.42-then-0.91-show-on-reliability', async () => {
  const reset = new Date(now + 2 * 3_600_000).toISOString();
  await postCalls(h.collector.url, [unifiedCall(new Date(now - 70 * MINUTE), 0.42, reset), unifiedCall(new Date(now - 10 * MINUTE), 0.91, reset)]);
  await reopen(`#/reliability?${range}`);
  const table = h.page.locator('[data-testid="usage-window-table"] tbody tr');
  await expect.poll(() => table.count()).toBe(1);
  expect(await table.locator('th').innerText()).toBe('5h · org-subscription · claude-agent');
  expect(await table.locator('[data-testid="usage-window-latest"]').innerText()).toBe('91.0%');
  // Both readings are drawn (a line with a dot at 42% and at 91%).
  expect(await h.page.locator('[data-testid="chart-usage-windows"] .recharts-line-dot, [data-testid="chart-usage-windows"] .recharts-dot').count()).toBe(2);
  await h.screenshot('limits-usage-windows');
});

it('a-spend-limit-entered-on-the-dashboard-shows-its-month', async () => {
  await h.open(`#/reliability?${range}`);
  await settled();
  const form = h.page.locator('[data-testid="spend-limit-form"]');
  await form.locator('input[aria-label="amount (USD)"]').fill('1000');
  await form.locator('button[type="submit"]').click();
  const row = h.page.locator('[data-testid="spend-limit-table"] tbody tr[data-limit-id="tier_cap"]');
  await row.waitFor();
  expect(await row.locator('th').innerText()).toContain('Usage tier cap');
  expect(await row.locator('td').first().innerText()).toMatch(/^\$1,000/);
});
