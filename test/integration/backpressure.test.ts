// When the writer already holds as many rows as it may, the collector answers 503 with
// Retry-After instead of queueing without bound, and stores nothing of the refused export.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asAnotherCall, fixtureJson, fixtureRange } from '../support/fixtures';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({ BURNRATE_MAX_PENDING_ROWS: '1', BURNRATE_BATCH_INTERVAL_MS: '1000' });
});
afterAll(async () => running?.stop());

it('503 with Retry-After when the store cannot take more right now', async () => {
  const body = JSON.parse(fixtureJson('native-create-cache').toString());
  const span = body.resourceSpans[0].scopeSpans[0].spans[0];
  body.resourceSpans[0].scopeSpans[0].spans = [span, asAnotherCall(span, 'cccccccccccccc01')];
  const res = await postTraces(running.url, JSON.stringify(body), { 'content-type': 'application/json' });
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('1');
  expect((await res.json()).message).toContain('retry');
  const summary = await (await fetch(`${running.url}/api/v1/summary?${fixtureRange()}`)).json();
  expect(summary.calls).toBe(0);
});
