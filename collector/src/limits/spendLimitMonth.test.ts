// A synthetic month against a $1,000 tier cap entered on the dashboard API: the forecast named on
// the 12th at this week's rate is the day the month's spend really crosses it, within one day;
// the forecast alert names that day, the 50% threshold alert fires once spend is past half.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getJson, postCalls, sendJson, type TestCall } from '../../../test/support/budgetsCollector';
import type { SpendLimitsResponse } from '@burnrate/contract';
import { limitsModule } from './module';
import { openClockedCollector, type ClockedCollector } from '../../../test/support/clockedCollector';

const DAY_MS = 86_400_000;
const NOV = Date.UTC(2026, 10, 1); // a past month: the collector refuses spans from the future
let env: ClockedCollector;
const api = (path: string) => env.api(path);

beforeAll(async () => {
  env = await openClockedCollector(NOV, (clock) => [clock.alerts(), limitsModule({ now: clock.now })], {
    keepRules: (rule) => rule.id === 'default-spend-limit-threshold',
  });
});
afterAll(async () => env?.close());

// Haiku 4.5 output is $5 per million tokens: 8 calls of about a million output tokens a day is
// about $40 a day, with a deterministic ±10% wobble per call.
function day(dayOfMonth: number): TestCall[] {
  return Array.from({ length: 8 }, (_, i) => ({
    model: 'claude-haiku-4-5',
    outputTokens: 1_000_000 + (((dayOfMonth * 7 + i * 13) % 21) - 10) * 10_000,
    at: new Date(NOV + (dayOfMonth - 1) * DAY_MS + (i * 3 + 1) * 3_600_000),
  }));
}

it('synthetic-month-crosses-the-1000-cap-on-the-forecast-day-within-one', async () => {
  const put = await sendJson('PUT', api('/limits/spend'), { kind: 'tier_cap', amountUsd: 1000 });
  expect(put.status).toBe(200);
  for (let d = 1; d <= 11; d++) await postCalls(env.running.url, day(d));
  env.setClock(NOV + 11 * DAY_MS + 12 * 3_600_000); // the 12th, noon
  const before = await getJson<SpendLimitsResponse>(api('/limits/spend'));
  const [status] = before.limits;
  expect(status!.limit).toEqual({ id: 'tier_cap', kind: 'tier_cap', workspace: '', amountUsd: 1000, thresholdsPercent: [50, 80, 95], source: 'dashboard' });
  expect(status!.crossedOn).toBeNull();
  const forecast = status!.forecastCrossingDay!;
  expect(forecast).toMatch(/^2026-11-(2\d)$/);

  const evaluated = (await (await sendJson('POST', api('/alerts/evaluate'), {})).json()) as { fired: number };
  expect(evaluated.fired).toBe(1); // the forecast; 44% used, below the 50% threshold
  const active = await getJson<{ alerts: { subject: string; summary: string }[] }>(api('/alerts/active'));
  expect(active.alerts.map((a) => a.subject)).toEqual(['spend-limit:tier_cap:forecast']);
  expect(active.alerts[0]!.summary).toContain(`is reached on the ${Number(forecast.slice(8))}th (${forecast})`);

  for (let d = 12; d <= 30; d++) await postCalls(env.running.url, day(d));
  env.setClock(NOV + 29 * DAY_MS + 23 * 3_600_000);
  const after = await getJson<SpendLimitsResponse>(api('/limits/spend'));
  const crossed = after.limits[0]!.crossedOn!;
  expect(Math.abs(Date.parse(crossed) - Date.parse(forecast)) / DAY_MS).toBeLessThanOrEqual(1);
  expect(after.limits[0]!.spentUsd).toBeGreaterThan(1000);
});
