// Viewers limited to a team or a project (issue 17): every route in the router table is called as
// each scoped viewer, with the query strings the routes take and with the ids of a call, a budget
// and a rule outside the scope, and no answer may carry anything of the other team's calls. The
// other team's names all start with "zzleak", so one substring catches a leak in any route, any
// field, any format (JSON, CSV, Prometheus text).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { startCollector, type RunningCollector } from '../support/collector';
import { postFinanceCalls, type FinanceCall } from '../support/financeCalls';
import { listRoutes } from '../support/routes';

const SETUP_TOKEN = 'scoped-access-setup-token-0123456789';
const PASSWORD = 'correct horse battery';
const LEAK = 'zzleak';
const MODEL = 'claude-sonnet-4-5';

let running: RunningCollector;
let adminCookie = '';
const cookies: Record<'team' | 'project', string> = { team: '', project: '' };

async function call(method: string, path: string, options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${running.url}${path}`, {
    method,
    headers: {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: 'manual',
  });
  return { status: res.status, body: await res.text(), cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}

const now = Date.now();
const from = new Date(now - 3 * 86_400_000).toISOString();
const to = new Date(now + 3_600_000).toISOString();
const RANGE = `from=${from}&to=${to}`;

// In scope for both viewers: team payments, project apollo. Out of scope for both: zzleak….
const inScope = (at: number, i: number): FinanceCall => ({
  at: new Date(at),
  model: MODEL,
  service: 'pay-svc',
  team: 'payments',
  project: 'apollo',
  feature: 'checkout',
  user: `u-${i}`,
  tenant: 't-in',
  input: 1000,
  output: 100,
});
const outOfScope = (at: number, i: number): FinanceCall => ({
  at: new Date(at),
  model: MODEL,
  service: `${LEAK}-service`,
  team: `${LEAK}-team`,
  project: `${LEAK}-project`,
  feature: `${LEAK}-feature`,
  user: `${LEAK}-user-${i}`,
  tenant: `${LEAK}-tenant`,
  input: 50_000,
  output: 9_000,
  traceId: i === 0 ? 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' : undefined,
});
// Spread over three days so whole days (daily rollups), whole hours and ragged minutes are all read.
const TIMES = [now - 2 * 86_400_000 - 3_600_000, now - 26 * 3_600_000, now - 5 * 3_600_000, now - 10 * 60_000];
const IN_SCOPE = TIMES.map(inScope);
const OUT_OF_SCOPE = TIMES.map(outOfScope);

let leakBudgetId = '';
let leakRuleId = '';
let leakSpanId = '';

beforeAll(async () => {
  running = await startCollector({ BURNRATE_AUTH: 'on', BURNRATE_SETUP_TOKEN: SETUP_TOKEN, BURNRATE_KEY_RATE_LIMIT: '100000' }, DEFAULT_MODULES);
  adminCookie = (await call('POST', '/api/v1/setup', { body: { token: SETUP_TOKEN, username: 'ada', password: PASSWORD } })).cookie;
  const key = JSON.parse((await call('POST', '/api/v1/keys', { cookie: adminCookie, body: { name: 'app', scope: 'ingest' } })).body).key as string;
  await postFinanceCalls(running.url, [...IN_SCOPE, ...OUT_OF_SCOPE], { 'x-burnrate-key': key });
  const lead = await call('POST', '/api/v1/users', {
    cookie: adminCookie,
    body: { username: 'lead', role: 'viewer', password: PASSWORD, scope: { dimension: 'team', values: ['payments'] } },
  });
  expect(lead.status, lead.body).toBe(201);
  const pm = await call('POST', '/api/v1/users', {
    cookie: adminCookie,
    body: { username: 'pm', role: 'viewer', password: PASSWORD, scope: { dimension: 'project', values: ['apollo'] } },
  });
  expect(pm.status, pm.body).toBe(201);
  cookies.team = (await call('POST', '/api/v1/session', { body: { username: 'lead', password: PASSWORD } })).cookie;
  cookies.project = (await call('POST', '/api/v1/session', { body: { username: 'pm', password: PASSWORD } })).cookie;
  const budget = await call('POST', '/api/v1/budgets', {
    cookie: adminCookie,
    body: { name: `${LEAK} budget`, scope: { kind: 'team', value: `${LEAK}-team` }, period: 'day', amountUsd: 0.01 },
  });
  expect(budget.status, budget.body).toBe(201);
  leakBudgetId = JSON.parse(budget.body).id;
  await call('POST', '/api/v1/budgets', {
    cookie: adminCookie,
    body: { name: 'payments budget', scope: { kind: 'team', value: 'payments' }, period: 'day', amountUsd: 5 },
  });
  const rule = await call('POST', '/api/v1/alerts/rules', {
    cookie: adminCookie,
    body: { name: `${LEAK} rule`, condition: { kind: 'budget_threshold', budgetIds: [leakBudgetId] } },
  });
  expect(rule.status, rule.body).toBe(201);
  leakRuleId = JSON.parse(rule.body).id;
  // Everything stored before the walk begins, so an empty answer cannot pass for a filtered one.
  await vi.waitFor(async () => expect(JSON.parse((await call('GET', `/api/v1/summary?${RANGE}`, { cookie: adminCookie })).body).calls).toBe(TIMES.length * 2), {
    timeout: 15_000,
  });
  // The other team's budget fires, so alert state (in the store and in memory) names it too.
  expect((await call('POST', '/api/v1/alerts/evaluate', { cookie: adminCookie, body: {} })).status).toBeLessThan(300);
  expect((await call('GET', '/metrics', { cookie: adminCookie })).body).toContain(LEAK);
  const calls = JSON.parse((await call('GET', `/api/v1/calls?${RANGE}&team=${LEAK}-team`, { cookie: adminCookie })).body);
  leakSpanId = calls.rows.find((c: { traceId: string }) => c.traceId === 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa').spanId;
}, 60_000);
afterAll(async () => running?.stop());

/** Path parameters filled with the out-of-scope call, budget and rule: reading them by id must not work either. */
function leakPath(pattern: string): string {
  const values: Record<string, string> = {
    traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    runId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    spanId: leakSpanId,
    id: pattern.includes('/alerts/rules') ? leakRuleId : leakBudgetId,
    username: 'ada',
  };
  return pattern.replace(/:(\w+)/g, (_m, name: string) => values[name] ?? `sample-${name}`);
}

// The query strings the read routes take; each route is called with all of them, and must answer
// at least one with something other than a 400 (or the walk proved nothing about it).
const QUERIES = [
  '',
  RANGE,
  `${RANGE}&metric=cost_usd,calls&groupBy=team`,
  `${RANGE}&metric=cost_usd&groupBy=user`,
  `${RANGE}&metric=attempts,rate_limited_attempts,latency_p95_ms&groupBy=team&interval=1h`,
  `${RANGE}&groupBy=team`,
  `${RANGE}&by=team`,
  'by=project',
  'by=tenant',
  'by=user',
  `${RANGE}&dimension=team`,
  'month=' + new Date(now).toISOString().slice(0, 7),
  'format=csv',
];

describe.each(['team', 'project'] as const)('a viewer limited to one %s', (dimension) => {
  it('walks every route in the router table and sees nothing of the other team', async () => {
    const cookie = cookies[dimension];
    const leaks: string[] = [];
    const unexercised: string[] = [];
    const failures: string[] = [];
    const refused: string[] = [];
    for (const route of listRoutes(running.collector.app)) {
      if (route.method === 'DELETE' && route.path === '/api/v1/session') continue; // would end the walk's session
      const path = leakPath(route.path);
      const answers =
        route.method === 'GET'
          ? await Promise.all(QUERIES.map((q) => call('GET', q ? `${path}?${q}` : path, { cookie })))
          : [await call(route.method, path, { cookie, body: {} })];
      for (const [i, answer] of answers.entries()) {
        if (answer.body.includes(LEAK))
          leaks.push(
            `${route.method} ${path}?${QUERIES[i]}: ${answer.status} ${answer.body.slice(Math.max(0, answer.body.indexOf(LEAK) - 80), answer.body.indexOf(LEAK) + 40)}`,
          );
        if (answer.status >= 500) failures.push(`${route.method} ${path}?${QUERIES[i]}: ${answer.status} ${answer.body.slice(0, 200)}`);
      }
      if (route.method === 'GET' && route.access !== 'admin' && route.access !== 'ingest' && answers.every((a) => a.status === 400))
        unexercised.push(`${route.method} ${route.path}`);
      if (route.method === 'GET' && answers.some((a) => a.status === 403 && a.body.includes('limited to'))) refused.push(`${route.method} ${route.path}`);
    }
    expect(leaks).toEqual([]);
    expect(failures).toEqual([]);
    expect(unexercised).toEqual([]);
    // The screens a team lead needs answer; what cannot be limited is refused with the reason.
    for (const screen of ['/api/v1/summary', '/api/v1/timeseries', '/api/v1/calls', '/api/v1/breakdown', '/api/v1/chargeback', '/api/v1/budgets'])
      expect(refused, screen).not.toContain(`GET ${screen}`);
  }, 180_000);

  it('counts exactly the calls in scope, through raw rows and rollups alike', async () => {
    const cookie = cookies[dimension];
    const summary = JSON.parse((await call('GET', `/api/v1/summary?${RANGE}`, { cookie })).body);
    const filtered = JSON.parse((await call('GET', `/api/v1/summary?${RANGE}&team=payments`, { cookie: adminCookie })).body);
    expect(summary.calls).toBe(IN_SCOPE.length);
    expect(summary.cost).toEqual(filtered.cost);
    const series = JSON.parse((await call('GET', `/api/v1/timeseries?${RANGE}&metric=calls&interval=1d`, { cookie })).body);
    expect(series.total.totals.calls).toBe(IN_SCOPE.length);
  });

  it('cannot read an out-of-scope call by its ids, and its session says what it is limited to', async () => {
    const cookie = cookies[dimension];
    expect((await call('GET', `/api/v1/calls/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/${leakSpanId}`, { cookie })).status).toBe(404);
    // Right after the scoped read, an admin's sees everything: chDB keeps a SET on its session,
    // so a scoped reader's filter once stayed on for the next query of anyone.
    const asAdmin = await call('GET', `/api/v1/calls/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/${leakSpanId}`, { cookie: adminCookie });
    expect(asAdmin.status, asAdmin.body).toBe(200);
    const session = JSON.parse((await call('GET', '/api/v1/session', { cookie })).body);
    expect(session.scope).toEqual({ dimension, values: [dimension === 'team' ? 'payments' : 'apollo'] });
  });
});

describe('who can be limited', () => {
  it('an admin cannot be limited, and lifting the limit gives the whole organisation back at the next request', async () => {
    const refused = await call('POST', '/api/v1/users', {
      cookie: adminCookie,
      body: { username: 'boss', role: 'admin', password: PASSWORD, scope: { dimension: 'team', values: ['payments'] } },
    });
    expect(refused.status).toBe(400);
    expect((await call('PUT', '/api/v1/users/lead', { cookie: adminCookie, body: { role: 'admin' } })).status).toBe(400);
    expect(JSON.parse((await call('GET', `/api/v1/summary?${RANGE}`, { cookie: cookies.team })).body).calls).toBe(IN_SCOPE.length);
    expect((await call('PUT', '/api/v1/users/lead', { cookie: adminCookie, body: { scope: null } })).status).toBe(200);
    expect(JSON.parse((await call('GET', `/api/v1/summary?${RANGE}`, { cookie: cookies.team })).body).calls).toBe(TIMES.length * 2);
    const listed = JSON.parse((await call('GET', '/api/v1/users', { cookie: adminCookie })).body).users;
    expect(listed.find((u: { username: string }) => u.username === 'pm').scope).toEqual({ dimension: 'project', values: ['apollo'] });
  });
});
