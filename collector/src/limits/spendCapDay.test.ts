// The scripted spend-cap day on a real collector: normal calls, then every call refused with
// enforced_spend_limit_reached. It counts as a spend cap (with its wasted retries), not as a
// rate-limit storm; one page fires naming when access resumes, and resolves once calls succeed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spendCapRefusedCall } from '../../../test/support/limitCalls';
import { budgetsAlertsModule } from '../alerts/module';
import { startReceiver, type Receiver } from '../../../test/support/alertReceiver';
import { getJson, keepOnlyRules, newDataDir, openTestCollector, postCalls, removeDataDir, sendJson, type TestCall, type TestCollector } from '../../../test/support/budgetsCollector';
import type { LimitsInForceResponse, RefusalsResponse } from '@burnrate/contract';
import { limitsModule } from './module';

const DAY = Date.UTC(2026, 11, 6);
const at = (h: number, m: number) => new Date(DAY + (h * 60 + m) * 60_000);
let clock = at(9, 0).getTime();
let dataDir: string;
let running: TestCollector;
let receiver: Receiver;
const api = (path: string) => `${running.url}/api/v1${path}`;

beforeAll(async () => {
  dataDir = newDataDir();
  receiver = await startReceiver();
  const now = () => new Date(clock);
  running = await openTestCollector(dataDir, [budgetsAlertsModule({ intervalMs: 3_600_000, leaseSettleMs: 0, now, delivery: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50, timeoutMs: 2000 } }), limitsModule({ now })]);
  await keepOnlyRules(running.url, (rule) => ['default-spend-limit-refused', 'default-rate-limited', 'default-model-throttled'].includes(rule.id));
  await sendJson('POST', api('/alerts/channels'), { name: 'pager', kind: 'webhook', url: `${receiver.url}/page`, secret: 'spend-cap-day-secret-0123' });
});
afterAll(async () => {
  await running?.close();
  await receiver?.close();
  removeDataDir(dataDir);
});

async function evaluateAt(time: Date) {
  clock = time.getTime();
  return (await (await sendJson('POST', api('/alerts/evaluate'), {})).json()) as { fired: number; resolved: number };
}

it('spend-cap-day-is-a-spend-cap-paged-once-and-resolved-once', async () => {
  const calls: TestCall[] = [];
  for (let m = 0; m < 60; m += 2) calls.push({ model: 'claude-sonnet-4-6', at: at(13, m), attemptStatuses: [200] });
  for (let m = 2; m < 60; m += 2) calls.push(spendCapRefusedCall(at(14, m)));
  await postCalls(running.url, calls);

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
  await postCalls(running.url, [{ model: 'claude-sonnet-4-6', at: at(16, 0), attemptStatuses: [200] }]);
  expect(await evaluateAt(at(16, 5))).toEqual({ fired: 0, resolved: 1 });
  expect(await evaluateAt(at(16, 10))).toEqual({ fired: 0, resolved: 0 });
  expect((await getJson<LimitsInForceResponse>(api('/limits/in-force'))).inForce).toEqual([]);

  await receiver.waitFor(2);
  const pages = receiver.received.filter((r) => r.path === '/page').map((r) => JSON.parse(r.body));
  expect(pages.map((p) => `${p.subject} ${p.status}`)).toEqual(['refused:spend_cap_tier: firing', 'refused:spend_cap_tier: resolved']);
  expect(pages[0].summary).toBe('Calls are refused: the monthly spend cap of the usage tier was reached at 14:02 UTC; access resumes 2027-01-01 00:00 UTC');
  expect(pages[0].labels.resumes_at).toBe('2027-01-01T00:00:00.000Z');
});
