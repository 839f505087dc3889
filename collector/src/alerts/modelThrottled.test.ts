// A scripted 429 storm on Sonnet and a 529 burst on Opus, on a real collector with real local
// receivers: one alert per model and status, with the retry-after the API sent, each fired once
// and resolved once; Slack shows the retry-after and the link opens Reliability for that model.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postCalls, sendJson, type TestCall } from '../../../test/support/budgetsCollector';
import { startReceiver, type Receiver } from '../../../test/support/alertReceiver';
import { openClockedCollector, type ClockedCollector } from '../../../test/support/clockedCollector';

const START = Date.UTC(2026, 11, 3, 3, 0);
let env: ClockedCollector;
let receiver: Receiver;
const api = (path: string) => env.api(path);
const evaluateAt = (minute: number) => env.evaluateAt(START + minute * 60_000);

beforeAll(async () => {
  receiver = await startReceiver();
  env = await openClockedCollector(START, (clock) => [clock.alerts({ publicUrl: 'https://burnrate.example.com' })], {
    keepRules: (rule) => rule.id === 'default-model-throttled',
  });
  await sendJson('POST', api('/alerts/channels'), { name: 'hook', kind: 'webhook', url: `${receiver.url}/hook`, secret: 'throttle-test-secret-01234' });
  await sendJson('POST', api('/alerts/channels'), { name: 'slack', kind: 'slack', url: `${receiver.url}/slack/T/B/X` });
});
afterAll(async () => {
  await env?.close();
  await receiver?.close();
});

it('one-alert-per-model-and-status-with-the-retry-after-fired-and-resolved-once', async () => {
  const calls: TestCall[] = [];
  for (let i = 0; i < 20; i++)
    calls.push({ model: 'claude-sonnet-4-6', attemptStatuses: [429, 429, 200], retryAfterS: [12, 30], at: new Date(START + i * 10_000) });
  for (let i = 0; i < 12; i++) calls.push({ model: 'claude-opus-4-6', attemptStatuses: [529, 200], retryAfterS: [2], at: new Date(START + i * 10_000) });
  for (let i = 0; i < 10; i++) calls.push({ model: 'claude-haiku-4-5', attemptStatuses: [200], at: new Date(START + i * 10_000) });
  await postCalls(env.running.url, calls);

  expect(await evaluateAt(4)).toEqual({ fired: 2, resolved: 0 });
  expect(await evaluateAt(5)).toEqual({ fired: 0, resolved: 0 });
  expect(await evaluateAt(10)).toEqual({ fired: 0, resolved: 2 });
  expect(await evaluateAt(11)).toEqual({ fired: 0, resolved: 0 });
  await receiver.waitFor(8);

  const hooks = receiver.received.filter((r) => r.path === '/hook').map((r) => JSON.parse(r.body));
  expect(hooks.map((h) => `${h.subject} ${h.status}`)).toEqual([
    'model:claude-opus-4-6:529 firing',
    'model:claude-sonnet-4-6:429 firing',
    'model:claude-opus-4-6:529 resolved',
    'model:claude-sonnet-4-6:429 resolved',
  ]);
  expect(hooks[1].summary).toBe(
    'claude-sonnet-4-6: 66.7% of attempts rate-limited (429) in the last 5 min (40 of 60); retry-after seen up to 30 s (median 21 s); threshold 10%',
  );
  expect(hooks[0].summary).toBe(
    'claude-opus-4-6: 50% of attempts overloaded (529) in the last 5 min (12 of 24); retry-after seen up to 2 s (median 2 s); threshold 10%',
  );
  expect(hooks[1].labels).toEqual({ model: 'claude-sonnet-4-6', status: '429', retry_after_s: '30' });
  expect(decodeURIComponent(hooks[1].link)).toBe(
    'https://burnrate.example.com/#/reliability?from=2026-12-03T02:04:00.000Z&to=2026-12-03T03:19:00.000Z&model=claude-sonnet-4-6',
  );
  const slack = receiver.received.filter((r) => r.path.startsWith('/slack')).map((r) => JSON.parse(r.body).text as string);
  expect(slack[1]).toContain('*Model:* claude-sonnet-4-6 · *Retry-after seen:* 30');
});
