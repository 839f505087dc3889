// An empty install shows how to instrument an app on every screen, not a blank chart; a failing
// API shows what failed and a way to retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTRUMENT_SNIPPET } from '../../dashboard/src/components/States';
import { startHarness, type Harness } from './support/dashboardHarness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => h?.stop());

describe('an empty store', () => {
  it.each(['overview', 'spend', 'reliability', 'routing', 'calls'])('%s shows the two lines that instrument an app', async (screen) => {
    await h.open(`#/${screen}`);
    const empty = h.page.locator('[data-testid="empty-state"]');
    await empty.waitFor();
    expect(await empty.locator('pre code').innerText()).toBe(INSTRUMENT_SNIPPET);
    expect(await h.page.locator('.recharts-wrapper').count()).toBe(0);
    if (screen === 'overview') await h.screenshot('empty-overview');
  });

  it('with a filter on, the empty state offers to clear it', async () => {
    await h.open('#/spend?team=nobody');
    await h.page.locator('[data-testid="empty-state"] button', { hasText: 'Clear filters' }).click();
    await expect.poll(() => h.page.evaluate(() => window.location.hash)).toBe('#/spend');
  });
});

describe('a failing API', () => {
  it('says what failed and retries on request', async () => {
    let fail = true;
    await h.page.route('**/api/v1/timeseries**', (route) =>
      fail
        ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'unavailable', message: 'the store is not answering' }) })
        : route.continue(),
    );
    await h.open('#/overview');
    const error = h.page.locator('[data-testid="error-state"]').first();
    await error.waitFor();
    expect(await error.innerText()).toContain('Could not load the overview');
    expect(await error.innerText()).toContain('the store is not answering');
    await h.screenshot('error-overview');
    fail = false;
    await error.getByRole('button', { name: 'Try again' }).click();
    await h.page.locator('[data-testid="empty-state"]').waitFor();
    await h.page.unroute('**/api/v1/timeseries**');
  });
});
