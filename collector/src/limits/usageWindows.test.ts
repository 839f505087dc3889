// Unified usage windows recorded on every attempt: 0.42, then 0.91 an hour later, on one
// subscription account; the API charts both readings, forecasts the fill, and the usage-window
// rule alerts at its threshold (80%) only once the window is past it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { unifiedCall } from '../../../test/support/limitCalls';
import { getJson, postCalls } from '../../../test/support/budgetsCollector';
import type { UsageWindowsResponse } from '@burnrate/contract';
import { limitsModule } from './module';
import { openClockedCollector, type ClockedCollector } from '../../../test/support/clockedCollector';

const T0 = Date.UTC(2026, 11, 5, 10, 0);
const RESET = '2026-12-05T14:00:00.000Z';
let env: ClockedCollector;
const api = (path: string) => env.api(path);

beforeAll(async () => {
  env = await openClockedCollector(T0, (clock) => [clock.alerts(), limitsModule({ now: clock.now })], {
    keepRules: (rule) => rule.id === 'default-usage-window',
  });
});
afterAll(async () => env?.close());

it('unified-0.42-then-0.91-charted-forecast-and-alerted-at-80-percent', async () => {
  await postCalls(env.running.url, [unifiedCall(new Date(T0), 0.42, RESET)]);
  expect(await env.evaluateAt(T0 + 60_000)).toEqual({ fired: 0, resolved: 0 });

  await postCalls(env.running.url, [unifiedCall(new Date(T0 + 3_600_000), 0.91, RESET)]);
  expect(await env.evaluateAt(T0 + 3_600_000 + 60_000)).toEqual({ fired: 1, resolved: 0 });
  const active = await getJson<{ alerts: { subject: string; summary: string }[] }>(api('/alerts/active'));
  expect(active.alerts[0]!.summary).toBe(
    'The 5h usage window of account org-subscription (service claude-agent) is 91% used; threshold 80%; full at about 2026-12-05 11:11 UTC at this pace; resets 2026-12-05 14:00 UTC',
  );

  const windows = await getJson<UsageWindowsResponse>(
    api(`/limits/usage-windows?from=${new Date(T0 - 3_600_000).toISOString()}&to=${new Date(T0 + 7_200_000).toISOString()}`),
  );
  expect(windows.series).toEqual([
    {
      account: 'org-subscription',
      service: 'claude-agent',
      window: '5h',
      latest: 0.91,
      latestAt: new Date(T0 + 3_600_000).toISOString(),
      resetsAt: RESET,
      forecastFullAt: expect.stringMatching(/^2026-12-05T11:1[01]/),
      points: [
        { t: new Date(T0).toISOString(), utilization: 0.42 },
        { t: new Date(T0 + 3_600_000).toISOString(), utilization: 0.91 },
      ],
    },
  ]);
});
