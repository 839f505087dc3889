// True peaks on the embedded store through the real API: a 3-hour 429 storm inside a 30-day
// view keeps its worst minute, while the day's average reads as a trickle.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AttemptPeaksResponse, TimeseriesResponse } from '@burnrate/contract';
import { queryModule } from '../../query';
import { getJson, newDataDir, openTestCollector, postCalls, removeDataDir, type TestCall, type TestCollector } from '../../../../test/support/budgetsCollector';

const DAY = Date.UTC(2026, 10, 20);
const minute = (hh: number, mm: number) => new Date(DAY + (hh * 60 + mm) * 60_000);
const range = `from=${new Date(DAY - 29 * 86_400_000).toISOString()}&to=${new Date(DAY + 86_400_000).toISOString()}`;

let dataDir: string;
let running: TestCollector;
beforeAll(async () => {
  dataDir = newDataDir();
  running = await openTestCollector(dataDir, [queryModule]);
  const calls: TestCall[] = [];
  // 10:00–12:59: every minute a Sonnet call that met three 429s; at 11:30 five more calls met one each.
  for (let m = 0; m < 180; m++) calls.push({ model: 'claude-sonnet-4-6', attemptStatuses: [429, 429, 429, 200], at: minute(10, m) });
  for (let i = 0; i < 5; i++) calls.push({ model: 'claude-sonnet-4-6', attemptStatuses: [429, 200], at: new Date(minute(11, 30).getTime() + 1000 + i) });
  calls.push({ model: 'claude-opus-4-6', attemptStatuses: [529, 529, 200], at: minute(15, 2) });
  await postCalls(running.url, calls);
});
afterAll(async () => {
  await running?.close();
  removeDataDir(dataDir);
});

it('a-storm-keeps-its-worst-minute-in-a-30-day-view', async () => {
  const peaks = await getJson<AttemptPeaksResponse>(`${running.url}/api/v1/attempts/peaks?${range}`);
  const average = await getJson<TimeseriesResponse>(`${running.url}/api/v1/timeseries?metric=rate_limited_attempts&${range}`);
  expect(peaks.interval).toBe('1d');
  expect(peaks.buckets).toEqual(average.buckets);
  const day = peaks.buckets.indexOf(new Date(DAY).toISOString());
  expect(peaks.rateLimited[day]).toEqual({ perMinute: 8, at: minute(11, 30).toISOString() });
  expect(peaks.overloaded[day]).toEqual({ perMinute: 2, at: minute(15, 2).toISOString() });
  // The day's average: 545 over 1,440 minutes.
  expect(average.total.values.rate_limited_attempts![day]! / 1440).toBeCloseTo(0.378, 3);
  expect(peaks.rateLimited.filter((_, i) => i !== day).every((p) => p.perMinute === 0 && p.at === null)).toBe(true);
});

it('filters-and-intervals-apply', async () => {
  const opus = await getJson<AttemptPeaksResponse>(`${running.url}/api/v1/attempts/peaks?${range}&model=claude-opus-4-6`);
  expect(opus.rateLimited.every((p) => p.perMinute === 0)).toBe(true);
  expect(Math.max(...opus.overloaded.map((p) => p.perMinute))).toBe(2);
  const hourly = await getJson<AttemptPeaksResponse>(
    `${running.url}/api/v1/attempts/peaks?from=${new Date(DAY).toISOString()}&to=${new Date(DAY + 86_400_000).toISOString()}&interval=1h`,
  );
  expect(hourly.rateLimited.slice(10, 13).map((p) => p.perMinute)).toEqual([3, 8, 3]);
  const bad = await fetch(`${running.url}/api/v1/attempts/peaks?${range}&metric=calls`);
  expect(bad.status).toBe(400);
});
