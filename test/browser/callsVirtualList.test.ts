// The Calls list at 100,000 calls: the DOM holds only the rows in view, pages load as the list
// scrolls (never the whole range), and scrolling keeps frames coming.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallsResponse } from '@burnrate/contract';
import { formatCount } from '../../dashboard/src/format';
import { seedCalls } from '../bench/seedCalls';
import { startHarness, type Harness } from './support/dashboardHarness';

let h: Harness;
const CALLS = 100_000;
const now = new Date();
const rangeHash = `from=${new Date(now.getTime() - 2 * 86_400_000).toISOString()}&to=${now.toISOString()}`;

beforeAll(async () => {
  h = await startHarness();
  // Straight into the store through the same tables and views: ingest of 100k spans would take
  // most of a minute and is not what this test is about.
  await seedCalls(h.collector.collector.gateway, CALLS, now, { days: 1, chunk: 100_000 });
}, 120_000);
afterAll(async () => h?.stop());

it('scrolls 100,000 calls with a small DOM, fetching only the pages in view', async () => {
  const pageRequests: string[] = [];
  h.page.on('request', (r) => {
    if (r.url().includes('/api/v1/calls?')) pageRequests.push(new URL(r.url()).searchParams.get('offset') ?? '');
  });
  await h.open(`#/calls?${rangeHash}`);
  await h.page.waitForSelector('[data-testid="call-row"]');
  const total = await h.api<CallsResponse>(`/api/v1/calls?limit=1&${rangeHash}`);
  expect(total.total).toBe(CALLS);
  expect(await h.page.locator('[data-testid="calls-total"]').innerText()).toBe(`${formatCount(CALLS)} calls`);

  // Scroll through the list in steps while counting animation frames.
  const { frames, longest, elapsed } = await h.page.evaluate(async () => {
    const scroller = document.querySelector('[data-testid="calls-scroll"]') as HTMLElement;
    const stamps: number[] = [];
    let running = true;
    const tick = (t: number) => {
      stamps.push(t);
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const started = performance.now();
    for (let i = 1; i <= 60; i++) {
      scroller.scrollTop = (scroller.scrollHeight * i) / 120; // to the middle of the list
      await new Promise((r) => requestAnimationFrame(r));
    }
    running = false;
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]!);
    return { frames: stamps.length, longest: Math.max(...gaps), elapsed: performance.now() - started };
  });
  expect(frames).toBeGreaterThan(55);
  // Headless Chromium on a shared 2-core machine: generous, but a list rendering 100k rows
  // would block for seconds.
  expect(longest).toBeLessThan(500);
  expect(elapsed).toBeLessThan(10_000);

  const rows = await h.page.locator('[data-testid="calls-scroll"] [role="row"]').count();
  expect(rows).toBeLessThan(100);
  // The rows in view get their page; the list never asked for everything.
  await h.page.waitForSelector('[data-testid="call-row"]');
  await expect.poll(() => h.page.locator('[data-testid="call-row-loading"]').count(), { timeout: 15_000 }).toBe(0);
  const offsets = new Set(pageRequests);
  expect(offsets.size).toBeLessThan(20);
  expect([...offsets].some((o) => Number(o) >= 40_000)).toBe(true);
  const firstVisible = await h.page.locator('[data-testid="call-row"]').first().getAttribute('aria-rowindex');
  expect(Number(firstVisible)).toBeGreaterThan(40_000);
  await h.screenshot('calls-100k-middle');
});

it('a refresh while scrolled deep keeps the rows on screen and reloads the pages in view', async () => {
  // A rolling range: each refresh moves "now", so every page is asked again.
  await h.open('#/calls?range=7d');
  await h.page.waitForSelector('[data-testid="call-row"]');
  await h.page.evaluate(() => {
    const scroller = document.querySelector('[data-testid="calls-scroll"]') as HTMLElement;
    scroller.scrollTop = scroller.scrollHeight * 0.3;
  });
  await expect.poll(() => h.page.locator('[data-testid="call-row-loading"]').count(), { timeout: 15_000 }).toBe(0);
  const before = await h.page.locator('[data-testid="updated-at"]').innerText();
  await h.page.waitForTimeout(1100); // the clock shows seconds
  await h.page.locator('body').press('r');
  await expect.poll(() => h.page.locator('[data-testid="updated-at"]').innerText()).not.toBe(before);
  await expect.poll(() => h.page.locator('[data-testid="call-row-loading"]').count(), { timeout: 15_000 }).toBe(0);
  expect(await h.page.locator('[data-testid="call-row"]').count()).toBeGreaterThan(10);
});
