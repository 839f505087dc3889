// What on-call sees, in a real Chromium against a collector fed through the real ingest path:
// a 3-hour 429 storm in a 30-day view keeps its worst minute; headroom whose reset has passed is
// marked stale; three calls in the last hour still draw a model mix; a model keeps its colour
// across charts; calls without route() show their request model, never "(none)".
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postCalls, type TestCall } from '../support/budgetsCollector';
import { colorOf } from '../../dashboard/src/charts/palette';
import { startHarness, type Harness } from './support/dashboardHarness';

let h: Harness;
const now = Date.now();
const MINUTE = 60_000;
const stormStart = Math.floor((now - 10 * 86_400_000) / 3_600_000) * 3_600_000;
const burst = stormStart + 90 * MINUTE;

beforeAll(async () => {
  h = await startHarness();
  const calls: TestCall[] = [];
  for (let m = 0; m < 180; m++) calls.push({ model: 'claude-sonnet-4-6', attemptStatuses: [429, 429, 429, 200], at: new Date(stormStart + m * MINUTE) });
  for (let i = 0; i < 5; i++) calls.push({ model: 'claude-sonnet-4-6', attemptStatuses: [429, 200], at: new Date(burst + 1000 + i) });
  // Headroom: Sonnet's headers reset two hours ago; Opus's reset in a minute.
  calls.push({
    model: 'claude-sonnet-4-6',
    at: new Date(now - 3 * 3_600_000),
    rateLimits: { 'input_tokens.limit': '1000', 'input_tokens.remaining': '10', 'input_tokens.reset': new Date(now - 2 * 3_600_000).toISOString() },
  });
  // The last hour: three calls, no route().
  calls.push({ model: 'claude-haiku-4-5', at: new Date(now - 20 * MINUTE) });
  calls.push({ model: 'claude-haiku-4-5', at: new Date(now - 10 * MINUTE) });
  calls.push({
    model: 'claude-opus-4-6',
    at: new Date(now - 5 * MINUTE),
    rateLimits: { 'input_tokens.limit': '1000', 'input_tokens.remaining': '900', 'input_tokens.reset': new Date(now + 10 * MINUTE).toISOString() },
  });
  await postCalls(h.collector.url, calls);
}, 120_000);
afterAll(async () => h?.stop());

async function settled(): Promise<void> {
  await h.page.waitForFunction(() => !document.querySelector('[data-testid="loading"], .updating'), undefined, { timeout: 20_000 });
}

const range = (fromMs: number) => `from=${new Date(fromMs).toISOString()}&to=${new Date(now + MINUTE).toISOString()}`;

it('reliability-30-days-shows-the-storm-s-worst-minute-and-stale-headroom', async () => {
  await h.open(`#/reliability?${range(now - 30 * 86_400_000)}`);
  await settled();
  const chart = h.page.locator('[data-testid="chart-rate-limited"]');
  expect(await chart.getAttribute('data-series')).toBe('4');
  // The worst-minute line is drawn (dashed), not only listed.
  expect(await chart.locator('path.recharts-curve[stroke-dasharray="4 3"]').count()).toBe(2);
  const worst = new Date(burst).toISOString().replace('T', ' ').slice(0, 16);
  expect(await h.page.locator('[data-testid="attempt-peaks"]').innerText()).toBe(`Worst minute: 8 × 429 at ${worst} UTC`);

  const rows = h.page.locator('[data-testid="headroom"] tbody tr');
  await expect.poll(() => rows.count()).toBe(2);
  const sonnet = rows.filter({ hasText: 'claude-sonnet-4-6' });
  expect(await sonnet.getAttribute('data-stale')).toBe('true');
  expect(await sonnet.innerText()).toContain('stale · reset 2 h ago');
  const opus = rows.filter({ hasText: 'claude-opus-4-6' });
  expect(await opus.getAttribute('data-stale')).toBe('false');
  expect(await opus.innerText()).toMatch(/resets in (9|10) min/);
  await h.screenshot('oncall-reliability-30d');
});

it('routing-last-hour-draws-three-calls-in-each-model-s-own-colour', async () => {
  await h.open(`#/routing?${range(now - 3_600_000)}`);
  await settled();
  const mix = h.page.locator('[data-testid="chart-model-mix"]');
  expect(await mix.getAttribute('data-drawn')).toBe('bar');
  // Haiku's two buckets and Opus's one, in the colours every other chart uses for them.
  await expect.poll(() => mix.locator(`path.recharts-rectangle[fill="${colorOf('claude-haiku-4-5')}"]`).count()).toBe(2);
  expect(await mix.locator(`path.recharts-rectangle[fill="${colorOf('claude-opus-4-6')}"]`).count()).toBe(1);
  const requested = await h.page.locator('[data-testid="requested-served"] tbody th').allInnerTexts();
  expect(requested.sort()).toEqual(['claude-haiku-4-5', 'claude-opus-4-6']);
  await h.screenshot('oncall-routing-1h');
});

it('budgets-screen-acknowledges-silences-and-filters-the-history', async () => {
  // A 429 storm in the last five minutes (5 a minute, below the 30-day view's worst minute).
  const at = Date.now();
  await postCalls(
    h.collector.url,
    Array.from({ length: 25 }, (_, i) => ({ model: 'claude-sonnet-4-6', attemptStatuses: [429, 200], at: new Date(at - 5 * MINUTE + i * 12_000) })),
  );
  const evaluated = await fetch(`${h.collector.url}/api/v1/alerts/evaluate`, { method: 'POST' });
  expect(((await evaluated.json()) as { fired: number }).fired).toBeGreaterThanOrEqual(1);

  await h.open('#/budgets');
  const alert = h.page.locator('[data-testid="active-alerts"] li[data-rule="default-rate-limited"]');
  await alert.waitFor();
  expect(await alert.locator('[data-testid="alert-cause"]').getAttribute('href')).toMatch(/^#\/reliability\?from=/);
  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await expect.poll(() => alert.locator('[data-testid="alert-acked"]').count()).toBe(1);
  expect(await alert.locator('[data-testid="alert-acked"]').innerText()).toContain('Acknowledged by local user (auth off)');
  await alert.getByLabel('Silence reason').fill('Anthropic status page: elevated 429s');
  await alert.getByRole('button', { name: 'Silence' }).click();
  await expect.poll(() => h.page.locator('[data-testid="silences"] li').count()).toBe(1);
  expect(await h.page.locator('[data-testid="silences"] li').innerText()).toContain('default-rate-limited · attempts until');

  await h.page.getByLabel('History range').selectOption('400d');
  await h.page.getByLabel('History status').selectOption('firing');
  const row = h.page.locator('[data-testid="alert-history"] tbody tr').filter({ hasText: 'Rate-limited (429) attempts above 5%' });
  await expect.poll(() => row.count()).toBe(1);
  expect(await row.innerText()).toContain('acked');
  await h.page.getByLabel('History status').selectOption('resolved');
  await expect.poll(() => h.page.locator('[data-testid="alert-history"] tbody tr').filter({ hasText: 'Rate-limited' }).count()).toBe(0);
  await h.screenshot('oncall-budgets-lifecycle');
});
