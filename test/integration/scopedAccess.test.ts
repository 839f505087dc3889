// Viewers and admins limited to a team or a project (issue 17): every route in the router table is
// called as each scoped viewer and a scoped admin, with the query strings the routes take and with the ids of a call, a budget
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
type Reader = 'team' | 'project' | 'tenant' | 'team admin' | 'project admin';
const cookies: Record<Reader, string> = { team: '', project: '', tenant: '', 'team admin': '', 'project admin': '' };
let leakKeyId = '';

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
  const tenantViewer = await call('POST', '/api/v1/users', {
    cookie: adminCookie,
    body: { username: 'csm', role: 'viewer', password: PASSWORD, scope: { dimension: 'tenant', values: ['t-in'] } },
  });
  expect(tenantViewer.status, tenantViewer.body).toBe(201);
  for (const [username, dimension, value] of [
    ['teamadmin', 'team', 'payments'],
    ['projectadmin', 'project', 'apollo'],
  ] as const) {
    const admin = await call('POST', '/api/v1/users', {
      cookie: adminCookie,
      body: { username, role: 'admin', password: PASSWORD, scope: { dimension, values: [value] } },
    });
    expect(admin.status, admin.body).toBe(201);
  }
  const signIn = async (username: string) => (await call('POST', '/api/v1/session', { body: { username, password: PASSWORD } })).cookie;
  cookies.team = await signIn('lead');
  cookies.project = await signIn('pm');
  cookies.tenant = await signIn('csm');
  cookies['team admin'] = await signIn('teamadmin');
  cookies['project admin'] = await signIn('projectadmin');
  const leakKey = await call('POST', '/api/v1/keys', { cookie: adminCookie, body: { name: `${LEAK} key`, project: `${LEAK}-project` } });
  expect(leakKey.status, leakKey.body).toBe(201);
  leakKeyId = JSON.parse(leakKey.body).record.id;
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
    id: pattern.includes('/alerts/rules') ? leakRuleId : pattern.includes('/keys') ? leakKeyId : leakBudgetId,
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

describe.each(['team', 'project', 'tenant', 'team admin', 'project admin'] as const)('a %s reader limited to it', (reader) => {
  it('walks every route in the router table and sees nothing of the other team, nor changes anything of it', async () => {
    const cookie = cookies[reader];
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
});

describe.each(['team', 'project', 'tenant'] as const)('a viewer limited to one %s', (dimension) => {
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
    expect(session.scope).toEqual({ dimension, values: [{ team: 'payments', project: 'apollo', tenant: 't-in' }[dimension]] });
  });
});

describe('an admin limited to a team or a project', () => {
  const teamAdmin = () => cookies['team admin'];
  const projectAdmin = () => cookies['project admin'];
  const budget = (value: string) => ({ name: `budget of ${value}`, scope: { kind: 'team', value }, period: 'day', amountUsd: 3 });

  it("manages its team's budgets, and cannot create, change, move or remove another team's", async () => {
    const own = await call('POST', '/api/v1/budgets', { cookie: teamAdmin(), body: budget('payments') });
    expect(own.status, own.body).toBe(201);
    const ownId = JSON.parse(own.body).id;
    const other = await call('POST', '/api/v1/budgets', { cookie: teamAdmin(), body: budget(`${LEAK}-team`) });
    expect(other.status).toBe(403);
    expect(JSON.parse(other.body).message).toContain('limited to team payments');
    expect((await call('POST', '/api/v1/budgets', { cookie: teamAdmin(), body: { ...budget(''), scope: { kind: 'all', value: '' } } })).status).toBe(403);
    expect((await call('PATCH', `/api/v1/budgets/${ownId}`, { cookie: teamAdmin(), body: { amountUsd: 4 } })).status).toBe(200);
    expect((await call('PATCH', `/api/v1/budgets/${ownId}`, { cookie: teamAdmin(), body: { scope: { kind: 'team', value: `${LEAK}-team` } } })).status).toBe(
      403,
    );
    expect((await call('PATCH', `/api/v1/budgets/${leakBudgetId}`, { cookie: teamAdmin(), body: { amountUsd: 1000 } })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/budgets/${leakBudgetId}`, { cookie: teamAdmin() })).status).toBe(404);
    expect((await call('GET', `/api/v1/budgets/${leakBudgetId}`, { cookie: adminCookie })).status).toBe(200);
    expect((await call('DELETE', `/api/v1/budgets/${ownId}`, { cookie: teamAdmin() })).status).toBe(204);
  });

  it("manages rules over its team's budgets only, and sees no other rule", async () => {
    const ownBudget = JSON.parse((await call('POST', '/api/v1/budgets', { cookie: teamAdmin(), body: budget('payments') })).body).id;
    const rule = (budgetIds: string[]) => ({ name: 'payments over budget', condition: { kind: 'budget_threshold', budgetIds } });
    const own = await call('POST', '/api/v1/alerts/rules', { cookie: teamAdmin(), body: rule([ownBudget]) });
    expect(own.status, own.body).toBe(201);
    const ownRule = JSON.parse(own.body).id;
    for (const refused of [
      rule([leakBudgetId]),
      rule([ownBudget, leakBudgetId]),
      rule([]), // every budget: the whole organisation's
      { name: 'keys', condition: { kind: 'key_spend_spike', windowMinutes: 60, factor: 5, minUsd: 1 } },
    ])
      expect((await call('POST', '/api/v1/alerts/rules', { cookie: teamAdmin(), body: refused })).status, JSON.stringify(refused)).toBe(403);
    const listed = JSON.parse((await call('GET', '/api/v1/alerts/rules', { cookie: teamAdmin() })).body).rules.map((r: { id: string }) => r.id);
    expect(listed).toEqual([ownRule]);
    expect((await call('PATCH', `/api/v1/alerts/rules/${ownRule}`, { cookie: teamAdmin(), body: { condition: rule([leakBudgetId]).condition } })).status).toBe(
      403,
    );
    expect((await call('PATCH', `/api/v1/alerts/rules/${leakRuleId}`, { cookie: teamAdmin(), body: { enabled: false } })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/alerts/rules/${leakRuleId}`, { cookie: teamAdmin() })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/alerts/rules/${ownRule}`, { cookie: teamAdmin() })).status).toBe(204);
    // The unscoped admin still sees every rule, the defaults and the other team's included.
    const all = JSON.parse((await call('GET', '/api/v1/alerts/rules', { cookie: adminCookie })).body).rules.map((r: { id: string }) => r.id);
    expect(all).toContain(leakRuleId);
    expect(all.length).toBeGreaterThan(3);
  });

  it("manages its projects' keys: lists, creates, rotates and revokes those, and no other project's", async () => {
    const created = await call('POST', '/api/v1/keys', { cookie: projectAdmin(), body: { name: 'apollo app', project: 'apollo' } });
    expect(created.status, created.body).toBe(201);
    const id = JSON.parse(created.body).record.id;
    expect((await call('POST', '/api/v1/keys', { cookie: projectAdmin(), body: { name: 'sneaky', project: `${LEAK}-project` } })).status).toBe(403);
    expect((await call('POST', '/api/v1/keys', { cookie: projectAdmin(), body: { name: 'no project' } })).status).toBe(403);
    const listed = JSON.parse((await call('GET', '/api/v1/keys', { cookie: projectAdmin() })).body).keys;
    expect(listed.map((k: { project: string }) => k.project)).toEqual(['apollo']);
    expect((await call('POST', `/api/v1/keys/${leakKeyId}/rotate`, { cookie: projectAdmin(), body: {} })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/keys/${leakKeyId}`, { cookie: projectAdmin() })).status).toBe(404);
    expect((await call('POST', `/api/v1/keys/${id}/rotate`, { cookie: projectAdmin(), body: { overlapHours: 1 } })).status).toBe(201);
    expect((await call('DELETE', `/api/v1/keys/${id}`, { cookie: projectAdmin() })).status).toBe(204);
    // A team has no keys (a key belongs to a project): the team admin's list is empty.
    expect(JSON.parse((await call('GET', '/api/v1/keys', { cookie: teamAdmin() })).body).keys).toEqual([]);
    // The walks above sent every key route with this id too: the other project's key is untouched.
    const all = JSON.parse((await call('GET', '/api/v1/keys', { cookie: adminCookie })).body).keys;
    expect(all.filter((k: { id: string; rotatedFrom: string }) => k.id === leakKeyId || k.rotatedFrom === leakKeyId)).toMatchObject([
      { id: leakKeyId, status: 'active', expiresAt: null },
    ]);
  });

  it('cannot manage people, channels, silences or read the audit log; its exports hold only its team', async () => {
    expect((await call('GET', '/api/v1/users', { cookie: teamAdmin() })).status).toBe(403);
    expect((await call('PUT', '/api/v1/users/teamadmin', { cookie: teamAdmin(), body: { scope: null } })).status).toBe(403);
    expect(
      (await call('POST', '/api/v1/alerts/channels', { cookie: teamAdmin(), body: { name: 'x', kind: 'slack', url: 'https://example.com/' } })).status,
    ).toBe(403);
    expect((await call('GET', '/api/v1/audit', { cookie: teamAdmin() })).status).toBe(403);
    const csv = await call('GET', '/api/v1/chargeback.csv?by=team', { cookie: teamAdmin() });
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('payments');
    expect(csv.body).not.toContain(LEAK);
  });
});

describe('who can be limited', () => {
  it('an admin can be limited, but not the last admin of the whole organisation; lifting a limit gives everything back at the next request', async () => {
    const refused = await call('PUT', '/api/v1/users/ada', { cookie: adminCookie, body: { scope: { dimension: 'team', values: ['payments'] } } });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).message).toContain('only admin of the whole organisation');
    expect((await call('PUT', '/api/v1/users/lead', { cookie: adminCookie, body: { role: 'admin' } })).status).toBe(200);
    // Still limited to payments as an admin: reads and the organisation-wide routes alike.
    expect(JSON.parse((await call('GET', `/api/v1/summary?${RANGE}`, { cookie: cookies.team })).body).calls).toBe(IN_SCOPE.length);
    expect((await call('GET', '/api/v1/users', { cookie: cookies.team })).status).toBe(403);
    expect((await call('PUT', '/api/v1/users/lead', { cookie: adminCookie, body: { scope: null } })).status).toBe(200);
    expect(JSON.parse((await call('GET', `/api/v1/summary?${RANGE}`, { cookie: cookies.team })).body).calls).toBe(TIMES.length * 2);
    expect((await call('GET', '/api/v1/users', { cookie: cookies.team })).status).toBe(200);
    const listed = JSON.parse((await call('GET', '/api/v1/users', { cookie: adminCookie })).body).users;
    expect(listed.find((u: { username: string }) => u.username === 'pm').scope).toEqual({ dimension: 'project', values: ['apollo'] });
  });
});
