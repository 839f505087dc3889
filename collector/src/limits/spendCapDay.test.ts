// The scripted spend-cap day on a real collector: normal calls, then every call refused with
// enforced_spend_limit_reached. It counts as a spend cap (with its wasted retries), not as a
// rate-limit storm; one page fires naming when access resumes, and resolves once calls succeed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spendCapRefusedCall } from '../../../test/support/limitCalls';
import { startReceiver, type Receiver } from '../../../test/support/alertReceiver';
import { getJson, postCalls, sendJson, type TestCall } from '../../../test/support/budgetsCollector';
import type { LimitsInForceResponse, RefusalsResponse } from '@burnrate/contract';
import { limitsModule } from './module';
import { openClockedCollector, type ClockedCollector } from '../../../test/support/clockedCollector';

const DAY = Date.UTC(2026, 11, 6);
const at = (h: number, m: number) => new Date(DAY + (h * 60 + m) * 60_000);
let env: ClockedCollector;
let receiver: Receiver;
const api = (path: string) => env.api(path);
const evaluateAt = (time: Date) => env.evaluateAt(time.getTime());

beforeAll(async () => {
  receiver = await startReceiver();
  env = await openClockedCollector(at(9, 0).getTime(), (clock) => [clock.alerts(), limitsModule({ now: clock.now })], {
    keepRules: (rule) => ['default-spend-limit-refused', 'default-rate-limited', 'default-model-throttled'].includes(rule.id),
  });
  await sendJson('POST', api('/alerts/channels'), { name: 'pager', kind: 'webhook', url: `${receiver.url}/page`, secret: 'spend-cap-day-secret-0123' });
});
afterAll(async () => {
  await env?.close();
  await receiver?.close();
});

it('spend-cap-day-is-a-spend-cap-paged-once-and-resolved-once', async () => {
  const calls: TestCall[] = [];
  for (let m = 0; m < 60; m += 2) calls.push({ model: 'claude-sonnet-4-6', at: at(13, m), attemptStatuses: [200] });
  for (let m = 2; m < 60; m += 2) calls.push(spendCapRefusedCall(at(14, m)));
  await postCalls(env.running.url, calls);

  expect(await evaluateAt(at(14, 30))).toEqual({ fired: 1, resolved: 0 });
  expect(await evaluateAt(at(14, 45))).toEqual({ fired: 0, resolved: 0 });

  const inForce = await getJson<LimitsInForceResponse>(api('/limits/in-force'));
  expect(inForce.inForce).toEqual([
    {
      limitClass: 'spend_cap_tier',
      since: at(14, 2).toISOString(),
      lastRefusedAt: expect.any(String),
      resumesAt: '2027-01-01T00:00:00.000Z',
      account: '',
      message: 'Calls are refused: the monthly spend cap of the usage tier was reached at 14:02 UTC; access resumes 2027-01-01 00:00 UTC',
    },
  ]);
  const refusals = await getJson<RefusalsResponse>(api(`/limits/refusals?from=${at(0, 0).toISOString()}&to=${at(23, 0).toISOString()}`));
  expect(refusals.totals).toEqual([{ limitClass: 'spend_cap_tier', attempts: 87, wasted: 58, detail: '' }]);

  // The tier is raised: calls succeed again.
  await postCalls(env.running.url, [{ model: 'claude-sonnet-4-6', at: at(16, 0), attemptStatuses: [200] }]);
  expect(await evaluateAt(at(16, 5))).toEqual({ fired: 0, resolved: 1 });
  expect(await evaluateAt(at(16, 10))).toEqual({ fired: 0, resolved: 0 });
  expect((await getJson<LimitsInForceResponse>(api('/limits/in-force'))).inForce).toEqual([]);

  await receiver.waitFor(2);
  const pages = receiver.received.filter((r) => r.path === '/page').map((r) => JSON.parse(r.body));
  expect(pages.map((p) => `${p.subject} ${p.status}`)).toEqual(['refused:spend_cap_tier: firing', 'refused:spend_cap_tier: resolved']);
  expect(pages[0].summary).toBe('Calls are refused: the monthly spend cap of the usage tier was reached at 14:02 UTC; access resumes 2027-01-01 00:00 UTC');
  expect(pages[0].labels.resumes_at).toBe('2027-01-01T00:00:00.000Z');
});
