// The query API on a real collector (embedded store), fed through the real ingest path with
// the demo's synthetic traffic: series, totals, paging, detail, headroom, and 400s that name the
// parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../test/support/collector';
import { sendCalls } from '../../../test/demo/otlp';
import { callsOfDay, type TrafficPlan } from '../../../test/demo/traffic';
import type { CallDetailResponse, CallsResponse, RateLimitsResponse, SummaryResponse, TimeseriesResponse } from '@burnrate/contract';
import { queryModule } from './index';

let running: RunningCollector;
const now = new Date(Date.UTC(2026, 10, 21, 15, 37, 12));
const plan: TrafficPlan = { days: 3, now, callsPerDay: 400 };
const from = new Date(now.getTime() - 2 * 86_400_000);
const range = `from=${from.toISOString()}&to=${now.toISOString()}`;
let sent = 0;

beforeAll(async () => {
  running = await startCollector({}, [queryModule]);
  for (let day = 0; day < plan.days; day++) {
    const calls = callsOfDay(plan, day).filter((c) => c.startMs + c.durationMs < now.getTime());
    await sendCalls(running.url, calls, 2000, 2);
    sent += calls.length;
  }
});
afterAll(async () => running?.stop());

async function get<T>(path: string, status = 200): Promise<T> {
  const res = await fetch(`${running.url}${path}`);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body as T;
}

const sum = (xs: (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);

describe('GET /api/v1/timeseries', () => {
  it('every bucket of the range, empty ones as 0 (counts) or null (quantiles); totals add up', async () => {
    const body = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=calls,cost_usd,latency_p95_ms&${range}`);
    expect(body.interval).toBe('1h'); // chosen from a 2-day range
    expect(body.buckets).toHaveLength(49); // 15:00 two days ago … 15:00 today
    expect(body.buckets[0]).toBe('2026-11-19T15:00:00.000Z');
    const calls = body.total.values.calls!;
    expect(calls).toHaveLength(49);
    expect(sum(calls)).toBe(body.total.totals.calls);
    expect(sum(body.total.values.cost_usd!)).toBeCloseTo(body.total.totals.cost_usd!, 6);
    const summary = await get<SummaryResponse>(`/api/v1/summary?${range}`);
    expect(body.total.totals.calls).toBe(summary.calls);
    expect(body.total.totals.cost_usd).toBe(summary.costUsd);
    expect(body.total.totals.latency_p95_ms).toBeGreaterThan(0);
    expect(body.series).toEqual([]);
  });

  it('groupBy keeps the top groups by the first metric and folds the rest into one "other" series', async () => {
    const all = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=cost_usd,calls&groupBy=team&interval=6h&${range}`);
    expect(all.series.map((s) => s.key[0]).sort()).toEqual(['data', 'growth', 'platform', 'search', 'support']);
    const top = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=cost_usd,calls&groupBy=team&interval=6h&limit=2&${range}`);
    expect(top.series).toHaveLength(3);
    expect(top.series[2]).toMatchObject({ key: [], other: true });
    const costs = all.series.map((s) => s.totals.cost_usd!).sort((a, b) => b - a);
    expect(top.series.slice(0, 2).map((s) => s.totals.cost_usd)).toEqual(costs.slice(0, 2));
    expect(sum(top.series.map((s) => s.totals.calls ?? 0))).toBe(top.total.totals.calls);
  });

  it('two dimensions: where each route sent its calls', async () => {
    const body = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=calls&groupBy=route,model&interval=1d&limit=50&${range}`);
    const cheap = body.series.filter((s) => s.key[0] === 'cheap-first');
    expect(cheap.map((s) => s.key[1])).toEqual(['claude-haiku-4-5']);
  });

  it('filters narrow every metric, attempts included (through their calls when attempts lack the column)', async () => {
    const all = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=attempts,rate_limited_attempts&${range}`);
    const search = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=attempts,rate_limited_attempts&team=search&${range}`);
    const searchProject = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=attempts,rate_limited_attempts&project=search&${range}`);
    expect(search.total.totals.attempts).toBeLessThan(all.total.totals.attempts!);
    // Team search owns project search, so through the calls the answer is the same.
    expect(searchProject.total.totals).toEqual(search.total.totals);
    const ok = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=calls,errors&status=ok&${range}`);
    const errors = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=calls,errors&status=error&${range}`);
    const both = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=calls,errors&${range}`);
    expect(ok.total.totals.errors).toBe(0);
    expect(errors.total.totals.calls).toBe(errors.total.totals.errors);
    expect(ok.total.totals.calls! + errors.total.totals.calls!).toBe(both.total.totals.calls);
  });

  it('the 429 storm shows as rate-limited attempts in its hours, and hardly outside them', async () => {
    // traffic.ts: the storm is on day `days - 3` (here the oldest day), 14:00–17:00 UTC.
    const stormStart = Math.floor(now.getTime() / 86_400_000) * 86_400_000 - 2 * 86_400_000 + 14 * 3_600_000;
    const hours = (fromMs: number, toMs: number) => `from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}`;
    const storm = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=rate_limited_rate&interval=1h&${hours(stormStart, stormStart + 3 * 3_600_000)}`);
    const after = await get<TimeseriesResponse>(
      `/api/v1/timeseries?metric=rate_limited_rate&interval=1h&${hours(stormStart + 4 * 3_600_000, stormStart + 7 * 3_600_000)}`,
    );
    expect(storm.total.totals.rate_limited_rate).toBeGreaterThan(0.1);
    expect(after.total.totals.rate_limited_rate).toBeLessThan(0.05);
  });

  it('cache savings are priced per model', async () => {
    const body = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=cache_savings_usd,cache_read_tokens&${range}`);
    expect(body.total.totals.cache_read_tokens).toBeGreaterThan(0);
    // Between Haiku's $0.90/MTok and Opus's $4.50/MTok of saving per cached token.
    const perToken = body.total.totals.cache_savings_usd! / body.total.totals.cache_read_tokens!;
    expect(perToken).toBeGreaterThan(0.9e-6);
    expect(perToken).toBeLessThan(4.5e-6);
  });
});

describe('GET /api/v1/calls', () => {
  it('pages concatenate into the whole list, newest first, and the total is every call', async () => {
    const whole = await get<CallsResponse>(`/api/v1/calls?limit=500&${range}`);
    const pages = [];
    for (let offset = 0; offset < 500; offset += 120) pages.push(...(await get<CallsResponse>(`/api/v1/calls?limit=120&offset=${offset}&${range}`)).rows);
    expect(pages.slice(0, 500).map((r) => r.spanId)).toEqual(whole.rows.map((r) => r.spanId));
    const times = whole.rows.map((r) => r.startTime);
    expect([...times].sort().reverse()).toEqual(times);
    const series = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=calls&${range}`);
    expect(whole.total).toBe(series.total.totals.calls);
    const past = await get<CallsResponse>(`/api/v1/calls?limit=10&offset=${whole.total}&${range}`);
    expect(past).toMatchObject({ rows: [], total: whole.total });
  });

  it('the oldest-first and cost orders, and search with its own total', async () => {
    const oldest = await get<CallsResponse>(`/api/v1/calls?order=asc&limit=50&${range}`);
    expect(oldest.rows.map((r) => r.startTime)).toEqual(oldest.rows.map((r) => r.startTime).sort());
    expect(oldest.rows[0]!.startTime >= from.toISOString()).toBe(true);
    const costly = await get<CallsResponse>(`/api/v1/calls?sort=cost&limit=50&${range}`);
    const costs = costly.rows.map((r) => r.costUsd ?? 0);
    expect([...costs].sort((a, b) => b - a)).toEqual(costs);
    const found = await get<CallsResponse>(`/api/v1/calls?q=CODE-review&limit=500&${range}`);
    expect(found.total).toBeGreaterThan(0);
    expect(new Set(found.rows.map((r) => r.service))).toEqual(new Set(['code-review']));
    const byId = await get<CallsResponse>(`/api/v1/calls?q=${found.rows[0]!.traceId}&${range}`);
    expect(byId.rows.map((r) => r.spanId)).toEqual([found.rows[0]!.spanId]);
  });

  it('one call with its attempts in order; 404 for an unknown call', async () => {
    const list = await get<CallsResponse>(`/api/v1/calls?limit=500&status=rate_limited&${range}`);
    const retried = (await get<CallsResponse>(`/api/v1/calls?limit=500&${range}`)).rows.find((r) => r.retryCount > 0) ?? list.rows[0]!;
    const detail = await get<CallDetailResponse>(`/api/v1/calls/${retried.traceId}/${retried.spanId}?at=${retried.startTime}`);
    expect(detail.call).toMatchObject({ traceId: retried.traceId, spanId: retried.spanId, retryCount: retried.retryCount, service: retried.service });
    expect(detail.attempts.map((a) => a.attempt)).toEqual(Array.from({ length: retried.retryCount + 1 }, (_, i) => i + 1));
    expect(detail.attempts.slice(0, -1).every((a) => a.statusCode === 429 || a.statusCode === 529)).toBe(true);
    expect(detail.call.rateLimits['requests.limit']).toBe('4000');
    const withoutAt = await get<CallDetailResponse>(`/api/v1/calls/${retried.traceId}/${retried.spanId}`);
    expect(withoutAt.call.spanId).toBe(retried.spanId);
    await get(`/api/v1/calls/${'0'.repeat(31)}1/${'0'.repeat(15)}1`, 404);
  });
});

describe('GET /api/v1/ratelimits and filters on summary and breakdown', () => {
  it('the last headers per service and model', async () => {
    const body = await get<RateLimitsResponse>(`/api/v1/ratelimits?${range}`);
    expect(body.rows.length).toBeGreaterThan(3);
    const row = body.rows[0]!;
    expect(row.limits.map((l) => l.kind)).toEqual(['requests', 'tokens']);
    expect(row.limits[0]).toMatchObject({ kind: 'requests', limit: 4000 });
    const narrowed = await get<RateLimitsResponse>(`/api/v1/ratelimits?model=claude-haiku-4-5&${range}`);
    expect(new Set(narrowed.rows.map((r) => r.model))).toEqual(new Set(['claude-haiku-4-5']));
    const byFeature = await get<RateLimitsResponse>(`/api/v1/ratelimits?feature=review&${range}`); // a raw read
    expect(new Set(byFeature.rows.map((r) => r.service))).toEqual(new Set(['code-review']));
  });

  it('summary and breakdown take the same filters', async () => {
    const summary = await get<SummaryResponse>(`/api/v1/summary?team=search&team=support&${range}`);
    const series = await get<TimeseriesResponse>(`/api/v1/timeseries?metric=calls,cost_usd&team=search&team=support&${range}`);
    expect(summary.calls).toBe(series.total.totals.calls);
    const breakdown = await get<{ rows: { key: string }[] }>(`/api/v1/breakdown?by=team&team=search&team=support&${range}`);
    expect(breakdown.rows.map((r) => r.key).sort()).toEqual(['search', 'support']);
    expect(sent).toBeGreaterThan(summary.calls);
  });
});

describe('bad parameters are a 400 that names them', () => {
  it.each([
    ['/api/v1/timeseries?metric=calories', 'metric must be one of'],
    ['/api/v1/timeseries', 'metric is required'],
    ['/api/v1/timeseries?metric=calls,attempts', 'cannot be mixed'],
    ['/api/v1/timeseries?metric=attempts&groupBy=feature', 'groupBy feature is not available'],
    ['/api/v1/timeseries?metric=calls&groupBy=team,model,route', 'groupBy takes at most 2'],
    ['/api/v1/timeseries?metric=calls&interval=2m', 'interval must be one of'],
    ['/api/v1/timeseries?metric=calls&interval=1m&from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z', 'more than 2000 buckets'],
    ['/api/v1/timeseries?metric=calls&limit=0', 'limit must be a whole number'],
    ['/api/v1/timeseries?metric=calls&status=sad', 'status must be one of'],
    ['/api/v1/timeseries?metric=calls&teem=search', 'unknown parameter "teem"'],
    ['/api/v1/timeseries?metric=calls&team[a]=b', 'unknown parameter'],
    ['/api/v1/timeseries?metric=calls&from=last-week', 'from must be an ISO 8601 time'],
    [`/api/v1/timeseries?metric=calls&team=${'x'.repeat(129)}`, 'team values are at most 128 characters'],
    ['/api/v1/calls?sort=price', 'sort must be one of'],
    ['/api/v1/calls?order=up', 'order must be one of'],
    ['/api/v1/calls?offset=-1', 'offset must be a whole number'],
    ['/api/v1/calls?limit=5000', 'limit must be a whole number from 1 to 500'],
    [`/api/v1/calls?q=${'y'.repeat(200)}`, 'q is at most 128 characters'],
    ['/api/v1/calls/not-hex/0000000000000001', 'traceId must be 32 lowercase hex digits'],
    [`/api/v1/calls/${'a'.repeat(32)}/zz`, 'spanId must be 16 lowercase hex digits'],
    [`/api/v1/calls/${'a'.repeat(32)}/${'b'.repeat(16)}?at=noon`, 'at must be an ISO 8601 time'],
    ['/api/v1/ratelimits?status=maybe', 'status must be one of'],
    ['/api/v1/breakdown?by=model&user=a&sort=x', 'unknown parameter "sort"'],
  ])('%s', async (path, message) => {
    const body = await get<{ error: string; message: string }>(path, 400);
    expect(body.error).toBe('bad_request');
    expect(body.message).toContain(message);
  });
});
