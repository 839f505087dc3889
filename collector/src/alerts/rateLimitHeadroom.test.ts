// Rate limits before they bite: Opus spends input tokens faster than its limit refills. The
// default rule fires while the bucket still has tokens left, says when it empties at this rate,
// keeps firing while the rate stays near the limit, and resolves once the rate falls; with real
// local receivers, each sent once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postCalls, sendJson, type TestCall } from '../../../test/support/budgetsCollector';
import { queryModule } from '../query';
import { startReceiver, type Receiver } from '../../../test/support/alertReceiver';
import { openClockedCollector, type ClockedCollector } from '../../../test/support/clockedCollector';

const START = Date.UTC(2026, 11, 3, 3, 0);
const minute = (m: number) => new Date(START + m * 60_000);
let env: ClockedCollector;
let receiver: Receiver;
const api = (path: string) => env.api(path);
const evaluateAt = (m: number) => env.evaluateAt(minute(m).getTime());

beforeAll(async () => {
  receiver = await startReceiver();
  // The query module keeps the hourly rate-limit rollup the headroom reads.
  env = await openClockedCollector(START, (clock) => [queryModule, clock.alerts({ publicUrl: 'https://burnrate.example.com' })], {
    keepRules: (rule) => rule.id === 'default-rate-limit-headroom',
  });
  await sendJson('POST', api('/alerts/channels'), { name: 'hook', kind: 'webhook', url: `${receiver.url}/hook`, secret: 'headroom-test-secret-0123' });
});
afterAll(async () => {
  await env?.close();
  await receiver?.close();
});

it('fires-before-the-bucket-empties-and-resolves-when-the-rate-falls', async () => {
  const calls: TestCall[] = [];
  // Minutes 0–5: an Opus call every 30 s, 30,000 input tokens each (60,000 a minute; limit 50,000),
  // each response saying 30,000 are left, refilled by 03:05:20.
  const headers = {
    'input_tokens.limit': '50000',
    'input_tokens.remaining': '30000',
    'input_tokens.reset': new Date(minute(5).getTime() + 20_000).toISOString(),
    'output_tokens.limit': '8000',
    'output_tokens.remaining': '7500',
  };
  for (let k = 0; k < 10; k++)
    calls.push({ model: 'claude-opus-4-6', service: 'agent', inputTokens: 30_000, outputTokens: 1_000, at: new Date(START + k * 30_000), rateLimits: headers });
  // Haiku, well within its limits: never an alert.
  for (let k = 0; k < 5; k++)
    calls.push({
      model: 'claude-haiku-4-5',
      service: 'agent',
      inputTokens: 1_000,
      at: new Date(START + k * 60_000),
      rateLimits: { 'input_tokens.limit': '50000', 'input_tokens.remaining': '49000' },
    });
  await postCalls(env.running.url, calls);

  // 03:05: 25,000 left 30 s after the last reading, draining 10,000 a minute: empty in 2.5 min.
  expect(await evaluateAt(5)).toEqual({ fired: 1, resolved: 0 });
  // 03:06: 8 calls in the last 5 minutes, 48,000 a minute: it refills, but at 96% of the limit.
  expect(await evaluateAt(6)).toEqual({ fired: 0, resolved: 0 });
  // 03:12: no calls for 7 minutes.
  expect(await evaluateAt(12)).toEqual({ fired: 0, resolved: 1 });
  expect(await evaluateAt(13)).toEqual({ fired: 0, resolved: 0 });
  await receiver.waitFor(2);

  const hooks = receiver.received.filter((r) => r.path === '/hook').map((r) => JSON.parse(r.body));
  expect(hooks.map((h) => `${h.subject} ${h.status}`)).toEqual([
    'ratelimit:agent:claude-opus-4-6:input_tokens firing',
    'ratelimit:agent:claude-opus-4-6:input_tokens resolved',
  ]);
  expect(hooks[0].summary).toBe(
    'claude-opus-4-6 (agent): input tokens per minute at 120% of the limit (60,000 a minute over the last 5 min, limit 50,000); ' +
      'about 25,000 left, empty in about 2.5 min at this rate; resets in 20 s; threshold: empty within 10 min or 95% of the limit',
  );
  expect(hooks[0].labels).toEqual({
    service: 'agent',
    model: 'claude-opus-4-6',
    bucket: 'input_tokens',
    rate_per_minute: '60000',
    limit: '50000',
    remaining_now: '25000',
    minutes_to_empty: '2.5',
    reset: headers['input_tokens.reset'],
  });
  expect(decodeURIComponent(hooks[0].link)).toContain('/#/reliability?');
  expect(decodeURIComponent(hooks[0].link)).toContain('service=agent&model=claude-opus-4-6');
});
