// /healthz shows what of the collector's RSS the embedded engine's own allocations take, beside
// V8's heap and Node's buffers: the real engine, after real inserts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postTraces, startCollector, type RunningCollector } from '../../../test/support/collector';
import { syntheticExport } from '../../../test/support/syntheticSpans';

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector();
  const res = await postTraces(running.url, JSON.stringify(syntheticExport(50, 0, BigInt(Date.now() - 600_000) * 1_000_000n)), {
    'content-type': 'application/json',
  });
  expect(res.status).toBe(200);
}, 60_000);
afterAll(() => running?.stop());

it("shows the engine's own memory, its allocator's setting and Node's buffers beside the RSS", async () => {
  const { process: health } = await (await fetch(`${running.url}/healthz`)).json();
  expect(health.arrayBufferBytes).toBeGreaterThan(0);
  if (running.collector.gateway.kind !== 'embedded') return expect(health.engineMemoryBytes).toBeUndefined(); // a server's memory is not ours
  expect(health.engineMemoryBytes).toBeGreaterThan(0);
  expect(health.engineMemoryBytes).toBeLessThan(health.rssBytes);
  // The allocator setting the engine was loaded with, ours unless the environment had one.
  expect(health.engineAllocator).toBe(process.env.JE_MALLOC_CONF);
  expect(health.engineAllocator).toMatch(/dirty_decay_ms/);
});
