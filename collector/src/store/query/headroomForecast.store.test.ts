// The headroom forecast on the embedded store through the real API: the last headers and the
// calls of the five minutes before the range's end give each bucket its rate and when it empties.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RateLimitsResponse } from '@burnrate/contract';
import { queryModule } from '../../query';
import { getJson, newDataDir, openTestCollector, postCalls, removeDataDir, type TestCall, type TestCollector } from '../../../../test/support/budgetsCollector';

const T = Date.UTC(2026, 10, 20, 10, 0, 0);
const at = (secondsBefore: number) => new Date(T - secondsBefore * 1000);
const range = `from=${new Date(T - 6 * 3_600_000).toISOString()}&to=${new Date(T).toISOString()}`;

let dataDir: string;
let running: TestCollector;
beforeAll(async () => {
  dataDir = newDataDir();
  running = await openTestCollector(dataDir, [queryModule]);
  const calls: TestCall[] = [];
  // Opus, the last five minutes: a call every 30 s (2 a minute), each 30,000 input and 1,000 output
  // tokens: 60,000 input tokens a minute against a limit of 50,000. The last carries the headers.
  for (let i = 10; i >= 1; i--) calls.push({ model: 'claude-opus-4-6', service: 'agent', inputTokens: 30_000, outputTokens: 1_000, at: at(i * 30) });
  calls[calls.length - 1]!.rateLimits = {
    'requests.limit': '50',
    'requests.remaining': '45',
    'input_tokens.limit': '50000',
    'input_tokens.remaining': '20000',
    'input_tokens.reset': at(-20).toISOString(),
    'output_tokens.limit': '8000',
    'output_tokens.remaining': '7000',
  };
  // Opus from a second service: its calls count toward the same organization-wide limit.
  calls.push({ model: 'claude-opus-4-6', service: 'batch', inputTokens: 0, outputTokens: 500, at: at(100) });
  // Sonnet: headers three hours old, nothing since.
  calls.push({ model: 'claude-sonnet-4-6', service: 'agent', at: at(3 * 3600), rateLimits: { 'input_tokens.limit': '1000', 'input_tokens.remaining': '10' } });
  await postCalls(running.url, calls);
});
afterAll(async () => {
  await running?.close();
  removeDataDir(dataDir);
});

it('forecasts each bucket from the last headers and the current rate', async () => {
  const body = await getJson<RateLimitsResponse>(`${running.url}/api/v1/ratelimits?${range}`);
  expect(body.forecast).toEqual({ asOf: new Date(T).toISOString(), windowMinutes: 5 });
  const opus = body.rows.find((r) => r.model === 'claude-opus-4-6')!;
  expect(opus.seenAt).toBe(at(30).toISOString());
  const kind = (k: string) => opus.limits.find((l) => l.kind === k)!.forecast;
  // Input: 60,000 a minute, 10,000 over the limit; 30 s after the reading 15,000 are left: 1.5 min.
  expect(kind('input_tokens')).toEqual({
    ratePerMinute: 60_000,
    rateShare: 1.2,
    remainingNow: 15_000,
    minutesToEmpty: 1.5,
    emptyAt: new Date(T + 90_000).toISOString(),
  });
  // Output: 2,100 a minute (both services) of 8,000: it refills faster than it drains.
  expect(kind('output_tokens')).toEqual({ ratePerMinute: 2_100, rateShare: 2_100 / 8_000, remainingNow: 8_000, minutesToEmpty: null, emptyAt: null });
  expect(kind('requests')).toMatchObject({ ratePerMinute: 2.2, rateShare: 2.2 / 50, minutesToEmpty: null });
  const sonnet = body.rows.find((r) => r.model === 'claude-sonnet-4-6')!;
  // Old headers and no use since: full again, not "10 left".
  expect(sonnet.limits[0]!.forecast).toEqual({ ratePerMinute: 0, rateShare: 0, remainingNow: 1_000, minutesToEmpty: null, emptyAt: null });
});

it('a filter narrows the rate too', async () => {
  const body = await getJson<RateLimitsResponse>(`${running.url}/api/v1/ratelimits?${range}&service=agent`);
  const opus = body.rows.find((r) => r.model === 'claude-opus-4-6')!;
  expect(opus.limits.find((l) => l.kind === 'output_tokens')!.forecast!.ratePerMinute).toBe(2_000);
});
