// The event-loop delay the collector reports is the stall its main thread caused.
import { expect, it } from 'vitest';
import { ProcessMonitor } from './processHealth';

it('a main thread held for 120 ms shows as a delay of about that much, and memory is reported', async () => {
  const monitor = new ProcessMonitor();
  await new Promise((r) => setTimeout(r, 50));
  const held = performance.now();
  while (performance.now() - held < 120); // the main thread busy, as a long synchronous step makes it
  await new Promise((r) => setTimeout(r, 50));
  const health = monitor.snapshot();
  monitor.close();
  expect(health.eventLoopDelayMs.max).toBeGreaterThanOrEqual(100);
  expect(health.eventLoopDelayMs.p50).toBeLessThan(health.eventLoopDelayMs.max);
  expect(health.rssBytes).toBeGreaterThan(health.heapUsedBytes);
  expect(Date.parse(health.since)).toBeLessThanOrEqual(Date.now());
});

it('after a whole window, the figures are of that window', async () => {
  const monitor = new ProcessMonitor(200);
  const held = performance.now();
  while (performance.now() - held < 120);
  await new Promise((r) => setTimeout(r, 450)); // two windows roll; the stall was in the first
  const health = monitor.snapshot();
  monitor.close();
  expect(health.eventLoopDelayMs.max).toBeLessThan(100);
});
