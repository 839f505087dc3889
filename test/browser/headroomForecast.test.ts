// The rate-limit headroom forecast on the Reliability screen, in a real Chromium against a
// collector fed through the real ingest path: Opus is spending input tokens faster than its limit
// refills, so the panel names that bucket, its share of the limit and when it empties, as the API
// forecasts it; an easy bucket says its share and nothing more.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RateLimitsResponse } from '@burnrate/contract';
import { postCalls, type TestCall } from '../support/budgetsCollector';
import { startHarness, type Harness } from './support/dashboardHarness';

let h: Harness;
const now = Date.now();

beforeAll(async () => {
  h = await startHarness();
  // The last 100 s (all inside the forecast's window for minutes to come, however slow the machine):
  // an Opus call every 10 s, 30,000 input and 1,000 output tokens each. Over the
  // forecast's 5 minutes that is 60,000 input tokens a minute against a limit of 50,000.
  const calls: TestCall[] = [];
  for (let i = 10; i >= 1; i--)
    calls.push({ model: 'claude-opus-4-6', service: 'agent', inputTokens: 30_000, outputTokens: 1_000, at: new Date(now - i * 10_000) });
  calls[calls.length - 1]!.rateLimits = {
    'input_tokens.limit': '50000',
    'input_tokens.remaining': '40000',
    'input_tokens.reset': new Date(now + 10 * 60_000).toISOString(),
    'output_tokens.limit': '8000',
    'output_tokens.remaining': '7000',
  };
  await postCalls(h.collector.url, calls);
}, 120_000);
afterAll(async () => h?.stop());

it('headroom-forecast-names-the-bucket-that-runs-out-and-when', async () => {
  const range = `from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 3_600_000).toISOString()}`;
  await h.open(`#/reliability?${range}`);
  const line = h.page.locator('[data-testid="headroom-forecast"]');
  await line.waitFor();
  const api = await h.api<RateLimitsResponse>(`/api/v1/ratelimits?${range}`);
  const input = api.rows[0]!.limits.find((l) => l.kind === 'input_tokens')!.forecast!;
  expect([input.ratePerMinute, input.rateShare]).toEqual([60_000, 1.2]);
  expect(input.minutesToEmpty).toBeGreaterThan(0);
  // The words the screen shows; how long is left moves with the clock, so only its form is fixed.
  expect(await line.innerText()).toMatch(
    /^At the rate of the last 5 min: claude-opus-4-6 \(agent\): input tokens per minute at 120%, empty in \d+ (s|min), resets in \d+ (s|min)$/,
  );
  expect(await line.getAttribute('class')).toBe('bad');

  const cells = h.page.locator('[data-testid="headroom"] [data-testid="headroom-rate"]');
  await expect.poll(() => cells.count()).toBe(2);
  expect(await h.page.locator('[data-testid="headroom-rate"][data-kind="input_tokens"]').innerText()).toMatch(/^120% a min · empty in \d+ (s|min)$/);
  // Output: 2,000 a minute of 8,000 refills faster than it drains: a share, no "empty".
  const output = api.rows[0]!.limits.find((l) => l.kind === 'output_tokens')!.forecast!;
  expect(output.minutesToEmpty).toBeNull();
  expect(await h.page.locator('[data-testid="headroom-rate"][data-kind="output_tokens"]').innerText()).toBe(`${Math.round(output.rateShare * 100)}% a min`);
  await h.screenshot('reliability-headroom-forecast');
});
