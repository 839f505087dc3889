// The ingest-health panel in a real browser: an export from an instrumentation burnrate does not
// know, whose gen_ai spans cannot be read, stores no call, so the screen is empty; the panel
// beside the empty state says which scope sent spans that were "not understood".
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postTraces } from '../support/collector';
import { conformanceExport } from '../support/fixtures';
import { UNKNOWN_SCOPE, unknownScopeExport } from '../support/unknownScope';
import { startHarness, type Harness } from './support/dashboardHarness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => h?.stop());

it('an unknown scope\'s unreadable gen_ai spans show as "not understood" beside the empty state', async () => {
  const res = await postTraces(h.collector.url, JSON.stringify(unknownScopeExport(4)), { 'content-type': 'application/json' });
  expect(res.status).toBe(200);
  await h.open('#/reliability');
  await h.page.locator('[data-testid="empty-state"]').waitFor();
  const panel = h.page.locator('[data-testid="ingest-health"]');
  await panel.waitFor();
  expect(await panel.locator('[data-testid="ingest-warning"]').innerText()).toContain('4 spans look like model calls but could not be read');
  const row = panel.locator(`tr[data-scope="${UNKNOWN_SCOPE}"]`);
  expect(await row.locator('[data-testid="not-understood"]').innerText()).toBe('4 not understood');
  await h.screenshot('ingest-health-not-understood');
});

it('with calls stored, the Reliability screen shows calls per instrumentation and duplicates merged', async () => {
  const res = await postTraces(h.collector.url, conformanceExport('openinference+native', 'create-cache', 'json'), { 'content-type': 'application/json' });
  expect(res.status).toBe(200);
  const captured = new Date(
    Number(
      BigInt(
        JSON.parse(conformanceExport('openinference+native', 'create-cache', 'json').toString()).resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano,
      ) / 1_000_000n,
    ),
  );
  const day = (d: Date) => d.toISOString().slice(0, 10);
  await h.open(`#/reliability?from=${day(captured)}&to=${day(new Date(captured.getTime() + 86_400_000))}`);
  const panel = h.page.locator('[data-testid="ingest-health"]');
  await panel.waitFor();
  await expect.poll(() => panel.locator('[data-testid="ingest-totals"]').innerText()).toContain('1 calls stored, 1 duplicate spans merged');
  expect(await panel.locator('tr[data-scope="com.anthropic.sdk.typescript"] td').first().innerText()).toBe('1');
  await h.screenshot('ingest-health-reliability');
});
