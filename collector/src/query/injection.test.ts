// SQL injection, every parameter: each hostile value goes into every query parameter (and path
// segment) of every read endpoint. An answer is a 200 (the value was data) or a 400 (refused),
// never a 5xx; hostile text never appears in the SQL the builder writes; and afterwards every
// table, a canary among them, is still there with the same rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../test/support/collector';
import { sendCalls } from '../../../test/demo/otlp';
import { callsOfDay } from '../../../test/demo/traffic';
import { FILTER_NAMES, type Filters } from '@burnrate/contract';
import type { Gateway } from '../store/gateway';
import { buildCallsListQuery } from '../store/query/callsList';
import { buildRateLimitsQuery } from '../store/query/rateLimits';
import { buildConsumptionQuery } from '../store/query/headroomForecast';
import { buildRankQuery, buildSeriesQuery } from '../store/query/widgetQuery';
import { queryModule } from './index';

const PAYLOADS = [
  "' OR 1=1 --",
  "'; DROP TABLE burnrate.canary; --",
  "x') UNION ALL SELECT name FROM system.tables --",
  '{f_team:String}',
  "\\' OR '1'='1",
  '`burnrate`.`canary`',
  '1); TRUNCATE TABLE burnrate.llm_calls; --',
  'calls, (SELECT 1)',
  "model' FORMAT JSON --",
  'line\nbreak\t\r',
  'tëam ☃ 𝔘',
  '%27%20OR%201%3D1',
  'x'.repeat(128),
];

const now = new Date(Date.UTC(2026, 10, 21, 12, 0, 0));
const range = { from: new Date(now.getTime() - 86_400_000), to: now };
let running: RunningCollector;
let gateway: Gateway;

async function tableCounts(): Promise<Record<string, number>> {
  const rows = await gateway.query<{ name: string; total_rows: number | null }>(
    't',
    `SELECT name, total_rows FROM system.tables WHERE database = {db:String} ORDER BY name`,
    { db: gateway.database },
  );
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.total_rows ?? 0)]));
}

let before: Record<string, number>;
beforeAll(async () => {
  running = await startCollector({}, [queryModule]);
  gateway = running.collector.gateway;
  await gateway.command('t', `CREATE TABLE ${gateway.table('canary')} (x UInt8) ENGINE = MergeTree ORDER BY x`);
  await gateway.command('t', `INSERT INTO ${gateway.table('canary')} VALUES (1)`);
  await sendCalls(
    running.url,
    callsOfDay({ days: 1, now, callsPerDay: 200 }, 0).filter((c) => c.startMs + c.durationMs < now.getTime()),
  );
  before = await tableCounts();
});
afterAll(async () => running?.stop());

describe('the builder never writes request text into SQL', () => {
  it.each(PAYLOADS)('%j', (payload) => {
    const filters: Filters = Object.fromEntries(FILTER_NAMES.filter((n) => n !== 'status').map((n) => [n, [payload, 'ok']]));
    const request = { metrics: ['calls', 'cache_savings_usd'] as const, groupBy: ['team'] as const, filters, interval: '1h' as const, ...range };
    const savings = { models: [payload], nanoPerToken: [1] };
    const statements = [
      buildSeriesQuery(gateway, request, { rollups: true, savings }, [[payload]]),
      buildRankQuery(gateway, request, { rollups: true, savings }, { limit: 3 }),
      buildSeriesQuery(gateway, { ...request, metrics: ['rate_limited_attempts'] }, { rollups: true }),
      { ...buildCallsListQuery(gateway, { ...range, filters, q: payload, sort: 'cost', order: 'asc', offset: 0, limit: 5 }) },
      { ...buildRateLimitsQuery(gateway, { ...range, filters }, true) },
      { ...buildConsumptionQuery(gateway, { asOf: range.to, filters }) },
    ];
    for (const { sql, params } of statements) {
      expect(sql).not.toContain(payload);
      expect(JSON.stringify(params)).toContain(JSON.stringify(payload).slice(1, -1));
    }
  });
});

const ENDPOINTS: { path: string; base: Record<string, string>; params: string[] }[] = [
  { path: '/api/v1/timeseries', base: { metric: 'calls' }, params: ['metric', 'groupBy', 'interval', 'limit', 'from', 'to', ...FILTER_NAMES] },
  { path: '/api/v1/calls', base: {}, params: ['q', 'sort', 'order', 'offset', 'limit', 'from', 'to', ...FILTER_NAMES] },
  { path: '/api/v1/ratelimits', base: {}, params: ['from', 'to', ...FILTER_NAMES] },
  { path: '/api/v1/summary', base: {}, params: ['from', 'to', ...FILTER_NAMES] },
  { path: '/api/v1/breakdown', base: { by: 'team' }, params: ['by', 'limit', 'from', 'to', ...FILTER_NAMES] },
];

describe('hostile values in every parameter of every endpoint', () => {
  it.each(ENDPOINTS)('$path', async ({ path, base, params }) => {
    for (const name of params) {
      for (const payload of PAYLOADS) {
        const query = new URLSearchParams({ from: range.from.toISOString(), to: range.to.toISOString(), ...base, [name]: payload });
        const res = await fetch(`${running.url}${path}?${query}`);
        const body = await res.text();
        expect([200, 400], `${path} ${name}=${JSON.stringify(payload)} → ${res.status} ${body.slice(0, 200)}`).toContain(res.status);
        if (res.status === 200 && FILTER_NAMES.includes(name as never) && name !== 'status') {
          // Accepted as a filter value: it is data, and no call has it.
          const parsed = JSON.parse(body);
          if (path === '/api/v1/calls') expect(parsed.total).toBe(0);
          if (path === '/api/v1/timeseries') expect(parsed.total.totals.calls).toBe(0);
        }
      }
    }
  });

  it('path segments and ?at of the call detail', async () => {
    for (const payload of PAYLOADS) {
      const segment = encodeURIComponent(payload);
      for (const path of [
        `/api/v1/calls/${segment}/0123456789abcdef`,
        `/api/v1/calls/${'a'.repeat(32)}/${segment}`,
        `/api/v1/calls/${'a'.repeat(32)}/0123456789abcdef?at=${segment}`,
      ]) {
        const res = await fetch(`${running.url}${path}`);
        expect([400, 404], `${path} → ${res.status}`).toContain(res.status);
      }
    }
  });

  it('afterwards every table is there with the rows it had, the canary included', async () => {
    expect(before.canary).toBe(1);
    expect(before.llm_calls).toBeGreaterThan(0);
    expect(await tableCounts()).toEqual(before);
  });
});
