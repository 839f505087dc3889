// The event-loop delay the collector reports is the stall its main thread caused.
import { expect, it } from 'vitest';
import { ProcessMonitor } from './processHealth';

it('a main thread held for 120 ms shows as a delay of about that much, and memory is reported', async () => {
  const monitor = new ProcessMonitor();
  const kept = Buffer.alloc(8 << 20); // off the V8 heap, as prepared exports are
  await new Promise((r) => setTimeout(r, 50));
  const held = performance.now();
  while (performance.now() - held < 120); // the main thread busy, as a long synchronous step makes it
  await new Promise((r) => setTimeout(r, 50));
  const health = monitor.snapshot();
  monitor.close();
  expect(health.eventLoopDelayMs.max).toBeGreaterThanOrEqual(100);
  expect(health.eventLoopDelayMs.p50).toBeLessThan(health.eventLoopDelayMs.max);
  expect(health.rssBytes).toBeGreaterThan(health.heapUsedBytes);
  expect(health.arrayBufferBytes).toBeGreaterThanOrEqual(kept.length);
  expect(Date.parse(health.since)).toBeLessThanOrEqual(Date.now());
});

it('after a whole window, the figures are of that window', async () => {
  const monitor = new ProcessMonitor(400);
  await new Promise((r) => setTimeout(r, 50)); // the monitor's first tick: a stall before it is not seen
  const held = performance.now();
  while (performance.now() - held < 120);
  const stallEnded = Date.now();
  await new Promise((r) => setTimeout(r, 20)); // the delay is recorded once the loop runs again
  const withStall = monitor.snapshot().eventLoopDelayMs.max; // the window still open (it rolls at 400 ms), the stall in it
  // Until the window reported started after the stall (timers may run late on a loaded machine).
  let health = monitor.snapshot();
  for (let waited = 0; Date.parse(health.since) < stallEnded && waited < 10_000; waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
    health = monitor.snapshot();
  }
  monitor.close();
  expect(Date.parse(health.since)).toBeGreaterThanOrEqual(stallEnded);
  expect(withStall).toBeGreaterThanOrEqual(100);
  expect(health.eventLoopDelayMs.max).toBeLessThan(withStall);
});
