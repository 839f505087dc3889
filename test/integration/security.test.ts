// The security review's findings (issue 19), each as an attack against a real collector with auth
// on: every registered route × every credential × the path forms an attacker would try, the
// sign-in limits behind a proxy, sessions after a password change or a deletion, racing first-run
// setups, malformed paths, and formulas planted in exported names. SECURITY.md's tables are read
// and checked against the app's own router table and policy.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthStore } from '../../collector/src/auth/authStore';
import { allows, type Access, type Principal } from '../../collector/src/auth/policy';
import { exportCalls } from '../../collector/src/cli/exportCalls';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';
import { listRoutes, samplePath, type RouteInfo } from '../support/routes';
import { syntheticExport } from '../support/syntheticSpans';
import { Burnrate } from '../../collector/src/semconv';
import { capturedLog } from '../support/capturedLog';

const SETUP_TOKEN = 'security-suite-setup-token-0123456789';
const PASSWORD = 'correct horse battery';
// 127.0.0.2 plays the reverse proxy the operator trusts; 127.0.0.1 is any other client.
const PROXY_ADDRESS = '127.0.0.2';

let running: RunningCollector;
let port = 0;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with the path sent exactly as written (fetch would normalise case-free forms away). */
function raw(method: string, path: string, options: { headers?: Record<string, string>; body?: string; from?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = {
      ...options.headers,
      ...(options.body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) } : {}),
    };
    const req = request({ host: '127.0.0.1', port, method, path, headers, localAddress: options.from, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}, from?: string) =>
  raw(method, path, { body: JSON.stringify(body), headers, from });
const cookieOf = (answer: Answer) => String([answer.headers['set-cookie']].flat()[0] ?? '').split(';')[0]!;

// Each legitimate sign-in comes from its own loopback address, so the attacks above, which use
// up 127.0.0.1's sign-in attempts on purpose, do not stop them.
let signIns = 0;
async function signIn(username: string, password = PASSWORD): Promise<string> {
  signIns += 1;
  const answer = await json('POST', '/api/v1/session', { username, password }, {}, `127.0.3.${signIns}`);
  expect(answer.status).toBe(200);
  return cookieOf(answer);
}

async function createUser(adminCookie: string, username: string, role: 'admin' | 'viewer') {
  expect((await json('POST', '/api/v1/users', { username, role, password: PASSWORD }, { cookie: adminCookie })).status).toBe(201);
}

async function createKey(adminCookie: string, scope: 'ingest' | 'metrics'): Promise<string> {
  const answer = await json('POST', '/api/v1/keys', { name: `${scope} key`, scope }, { cookie: adminCookie });
  expect(answer.status).toBe(201);
  return JSON.parse(answer.body).key;
}

let adminCookie = '';
const log = capturedLog('info');

beforeAll(async () => {
  running = await startCollector(
    {
      BURNRATE_AUTH: 'on',
      BURNRATE_SETUP_TOKEN: SETUP_TOKEN,
      BURNRATE_KEY_RATE_LIMIT: '100000',
      BURNRATE_TRUST_PROXY: PROXY_ADDRESS,
      // Single sign-on configured (its IdP is never reached here), so its routes are walked too.
      BURNRATE_OIDC_ISSUER: 'http://127.0.0.1:9/',
      BURNRATE_OIDC_CLIENT_ID: 'burnrate',
    },
    DEFAULT_MODULES,
    { logger: log.logger },
  );
  port = Number(new URL(running.url).port);
});
afterAll(async () => running?.stop());

describe('first-run setup', () => {
  it('racing setups create exactly one admin, and the token is spent', async () => {
    const answers = await Promise.all(
      ['ada', 'eve', 'mallory', 'trent'].map((username) => json('POST', '/api/v1/setup', { token: SETUP_TOKEN, username, password: PASSWORD })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    expect(running.collector.auth.listUsers().filter((u) => u.role === 'admin')).toHaveLength(1);
    adminCookie = cookieOf(answers.find((a) => a.status === 201)!);
    expect(running.collector.setupToken()).toBeUndefined();
    expect(JSON.parse((await raw('GET', '/api/v1/setup')).body)).toMatchObject({ setupNeeded: false });
  });
});

// --- every route × every credential × every path form

type Credential = 'anonymous' | 'ingest key' | 'metrics key' | 'scoped viewer' | 'viewer' | 'scoped admin' | 'admin';

function principalOf(credential: Credential): Principal {
  const key = (scope: 'ingest' | 'metrics') => ({
    id: 'k',
    name: 'k',
    project: '',
    scope,
    secretHash: '',
    createdAt: '',
    revokedAt: null,
    expiresAt: null,
    rotatedFrom: '',
  });
  const user = (role: 'admin' | 'viewer', scope?: { dimension: 'team'; values: string[] }) => ({
    username: role,
    role,
    passwordHash: '',
    createdAt: '',
    credential: '',
    scope,
  });
  switch (credential) {
    case 'anonymous':
      return { kind: 'anonymous' };
    case 'ingest key':
      return { kind: 'key', key: key('ingest') };
    case 'metrics key':
      return { kind: 'key', key: key('metrics') };
    case 'scoped viewer':
      return { kind: 'user', user: user('viewer', { dimension: 'team', values: ['payments'] }) };
    case 'viewer':
      return { kind: 'user', user: user('viewer') };
    case 'scoped admin':
      return { kind: 'user', user: user('admin', { dimension: 'team', values: ['payments'] }) };
    case 'admin':
      return { kind: 'user', user: user('admin') };
  }
}

/** The ways one route's path can be written that a router may still match. */
function pathForms(path: string): { form: string; path: string }[] {
  const segments = path.split('/');
  const last = segments.length - 1;
  const staticIndex = segments.findLastIndex((s) => /^[a-z]/.test(s) && !s.startsWith('sample-'));
  const encoded = [...segments];
  if (staticIndex > 0) encoded[staticIndex] = `%${segments[staticIndex]!.charCodeAt(0).toString(16)}${segments[staticIndex]!.slice(1)}`;
  return [
    { form: 'canonical', path },
    { form: 'upper case', path: path.toUpperCase() },
    { form: 'mixed case', path: segments.map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join('/') },
    { form: 'trailing slash', path: `${path}/` },
    { form: 'doubled slash', path: path.replace('/', '//') },
    { form: 'inner doubled slash', path: [...segments.slice(0, last), '', segments[last]].join('/') },
    { form: 'percent-encoded', path: encoded.join('/') },
    { form: 'dot segment', path: [...segments.slice(0, last), '.', segments[last]].join('/') },
    { form: 'dot-dot segment', path: [...segments.slice(0, last), 'x', '..', segments[last]].join('/') },
  ];
}

describe('every registered route, every credential, every path form', () => {
  let credentials: Record<Credential, Record<string, string>>;
  let routes: RouteInfo[];

  beforeAll(async () => {
    await createUser(adminCookie, 'viewer1', 'viewer');
    await createUser(adminCookie, 'scoped1', 'viewer');
    expect((await json('PUT', '/api/v1/users/scoped1', { scope: { dimension: 'team', values: ['payments'] } }, { cookie: adminCookie })).status).toBe(200);
    await createUser(adminCookie, 'scopedadmin1', 'admin');
    expect((await json('PUT', '/api/v1/users/scopedadmin1', { scope: { dimension: 'team', values: ['payments'] } }, { cookie: adminCookie })).status).toBe(200);
    credentials = {
      anonymous: {},
      'ingest key': { authorization: `Bearer ${await createKey(adminCookie, 'ingest')}` },
      'metrics key': { authorization: `Bearer ${await createKey(adminCookie, 'metrics')}` },
      'scoped viewer': { cookie: await signIn('scoped1') },
      viewer: { cookie: await signIn('viewer1') },
      'scoped admin': { cookie: await signIn('scopedadmin1') },
      admin: { cookie: adminCookie },
    };
    routes = listRoutes(running.collector.app);
  });

  it('the router table is the source: every route declares its access', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => r.access === undefined)).toEqual([]);
  });

  it('is refused wherever the route does not allow the caller, however the path is written', async () => {
    const leaks: string[] = [];
    for (const route of routes) {
      const access = route.access as Access;
      // Signing out would end the session the rest of the walk uses.
      if (route.method === 'DELETE' && route.path === '/api/v1/session') continue;
      const methods = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
      for (const [credential, headers] of Object.entries(credentials) as [Credential, Record<string, string>][]) {
        if (allows(principalOf(credential), access)) continue;
        for (const method of methods) {
          for (const { form, path } of pathForms(samplePath(route.path))) {
            const answer = await raw(method, path, { headers, body: method === 'GET' || method === 'HEAD' ? undefined : '{}' });
            const refused = form === 'canonical' ? [401, 403] : [400, 401, 403, 404];
            if (!refused.includes(answer.status)) leaks.push(`${credential} ${method} ${path} (${form}, needs ${access}): ${answer.status}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
  }, 120_000);

  it('is served where the route allows the caller', async () => {
    const wrongly: string[] = [];
    for (const route of routes) {
      if (route.method === 'DELETE' && route.path === '/api/v1/session') continue;
      for (const [credential, headers] of Object.entries(credentials) as [Credential, Record<string, string>][]) {
        if (!allows(principalOf(credential), route.access as Access)) continue;
        const answer = await raw(route.method, samplePath(route.path), { headers, body: route.method === 'GET' ? undefined : '{}' });
        // Sign-in and setup answer 401/403/409 for the credentials in their body, not for access.
        const bodyCredentials = ['/api/v1/session', '/api/v1/setup'].includes(route.path) && route.method === 'POST';
        // A limited viewer or admin is let in, and the store then refuses a read it cannot limit
        // (readScope.ts), or the route a change outside the scope (adminScope.ts).
        const scopeRefusal = credential.startsWith('scoped') && answer.status === 403 && answer.body.includes('limited to');
        if ([401, 403].includes(answer.status) && !bodyCredentials && !scopeRefusal)
          wrongly.push(`${credential} ${route.method} ${route.path}: ${answer.status}`);
      }
    }
    expect(wrongly).toEqual([]);
  }, 120_000);

  it('a wrong or revoked key is refused on every route, public ones included', async () => {
    for (const route of routes.slice(0, 10)) {
      const answer = await raw(route.method, samplePath(route.path), {
        headers: { authorization: 'Bearer brk_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      });
      expect(answer.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it('the reported attacks: changed case on /api and /metrics', async () => {
    for (const path of ['/API/v1/users', '/Api/v1/keys', '/API/v1/calls', '/API/v1/alerts/deliveries', '/metrics/', '/METRICS']) {
      expect((await raw('GET', path)).status, path).toBe(401);
    }
    expect((await raw('GET', '/API/v1/users', { headers: credentials.viewer })).status).toBe(403);
  });

  it('a metrics key reads /metrics and nothing else, not even the budget status', async () => {
    expect((await raw('GET', '/metrics', { headers: credentials['metrics key'] })).status).toBe(200);
    expect((await raw('GET', '/api/v1/budgets/status', { headers: credentials['metrics key'] })).status).toBe(403);
    expect((await raw('GET', '/api/v1/budgets/status', { headers: credentials['ingest key'] })).status).toBe(200);
  });
});

describe('SECURITY.md is the table the code enforces', () => {
  const doc = readFileSync(new URL('../../SECURITY.md', import.meta.url), 'utf8');
  const tableAfter = (heading: string) => {
    const start = doc.indexOf(heading);
    expect(start, heading).toBeGreaterThanOrEqual(0);
    const lines = doc.slice(start).split('\n').slice(1);
    const first = lines.findIndex((l) => l.startsWith('|'));
    const rows: string[][] = [];
    for (const line of lines.slice(first + 2)) {
      if (!line.startsWith('|')) break;
      rows.push(
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim().replace(/`/g, '')),
      );
    }
    return rows;
  };

  it('lists every route with the access it declares', () => {
    const documented = tableAfter('## Every route')
      .map(([method, path, access]) => `${method} ${path} ${access}`)
      .sort();
    const registered = [...new Set(listRoutes(running.collector.app).map((r) => `${r.method} ${r.path} ${r.access}`))].sort();
    expect(documented).toEqual(registered);
  });

  it('says what each credential may reach, as the policy decides it', () => {
    const rows = tableAfter('## What each credential may do');
    const credentialsInOrder: Credential[] = ['anonymous', 'ingest key', 'metrics key', 'scoped viewer', 'viewer', 'scoped admin', 'admin'];
    expect(rows.length).toBe(9);
    for (const [access, ...cells] of rows) {
      expect(cells.map((cell) => cell === 'yes')).toEqual(credentialsInOrder.map((c) => allows(principalOf(c), access as Access)));
    }
  });
});

describe('sessions', () => {
  it('a password change ends every session of that user', async () => {
    await createUser(adminCookie, 'pat', 'viewer');
    const before = await signIn('pat');
    expect((await raw('GET', '/api/v1/session', { headers: { cookie: before } })).status).toBe(200);
    expect((await json('PUT', '/api/v1/users/pat', { password: 'a brand new password' }, { cookie: adminCookie })).status).toBe(200);
    expect((await raw('GET', '/api/v1/session', { headers: { cookie: before } })).status).toBe(401);
    // ... also after a restart-like cold cache: the store's row carries the old credential.
    await running.collector.auth.reload();
    expect((await raw('GET', '/api/v1/summary?from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z', { headers: { cookie: before } })).status).toBe(401);
    expect(await signIn('pat', 'a brand new password')).toMatch(/^burnrate_session=/);
  });

  it('a role change keeps the session and applies at once', async () => {
    await createUser(adminCookie, 'rob', 'viewer');
    const session = await signIn('rob');
    expect((await raw('GET', '/api/v1/users', { headers: { cookie: session } })).status).toBe(403);
    expect((await json('PUT', '/api/v1/users/rob', { role: 'admin' }, { cookie: adminCookie })).status).toBe(200);
    expect((await raw('GET', '/api/v1/users', { headers: { cookie: session } })).status).toBe(200);
  });

  it('a deleted user stays out, and re-creating the name does not revive old sessions', async () => {
    await createUser(adminCookie, 'sam', 'viewer');
    const old = await signIn('sam');
    expect((await raw('DELETE', '/api/v1/users/sam', { headers: { cookie: adminCookie } })).status).toBe(204);
    expect((await raw('GET', '/api/v1/session', { headers: { cookie: old } })).status).toBe(401);
    await createUser(adminCookie, 'sam', 'viewer');
    await running.collector.auth.reload();
    expect((await raw('GET', '/api/v1/session', { headers: { cookie: old } })).status).toBe(401);
  });
});

describe('sign-in limits and proxies', () => {
  it('X-Forwarded-For from an untrusted client is ignored: rotating it does not reset the count', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const answer = await json('POST', '/api/v1/session', { username: `nobody${i}`, password: 'wrong password!!' }, { 'x-forwarded-for': `203.0.113.${i}` });
      statuses.push(answer.status);
    }
    expect(statuses).toContain(429);
  });

  it('one account is limited however many addresses try it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      // Each attempt from its own loopback address, so only the account's count can stop them.
      const answer = await json('POST', '/api/v1/session', { username: 'ADA-target', password: 'wrong password!!' }, {}, `127.0.1.${i + 1}`);
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toContain(429);
  });

  it('a trusted proxy is believed: its X-Forwarded-For counts, its X-Forwarded-Proto https makes the cookie Secure', async () => {
    await createUser(adminCookie, 'proxied', 'viewer');
    const viaProxy = await json(
      'POST',
      '/api/v1/session',
      { username: 'proxied', password: PASSWORD },
      { 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https' },
      PROXY_ADDRESS,
    );
    expect(viaProxy.status).toBe(200);
    expect(String(viaProxy.headers['set-cookie'])).toContain('Secure');
    const direct = await json('POST', '/api/v1/session', { username: 'proxied', password: PASSWORD }, { 'x-forwarded-proto': 'https' }, '127.0.2.1');
    expect(direct.status).toBe(200);
    expect(String(direct.headers['set-cookie'])).not.toContain('Secure');
  });
});

describe('malformed input', () => {
  it('a malformed percent-escape in a path is a 400 with one log line and no stack', async () => {
    const answer = await raw('GET', '/api/v1/budgets/%zz', { headers: { cookie: adminCookie, 'x-request-id': 'malformed-path-1' } });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).message).toContain('percent-escape');
    const lines = log.lines.filter((line) => line.requestId === 'malformed-path-1');
    expect(lines.map((line) => line.level)).toEqual(['warn']);
    expect(lines[0]!.msg).toContain('malformed path');
    expect(JSON.stringify(lines[0])).not.toContain('    at ');
  });
});

describe('exports neutralise formulas planted in names', () => {
  it('the CLI export writes a hostile feature, team and user as text', async () => {
    const ingestKey = await createKey(adminCookie, 'ingest');
    const exported = syntheticExport(1, 0, 1_764_000_000_000_000_000n);
    const span = exported.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    const hostile: Record<string, string> = { [Burnrate.feature]: "=cmd|' /C calc'!A0", [Burnrate.team]: '+SUM(1,2)', [Burnrate.user]: '@evil' };
    span.attributes = span.attributes.map((a) => (hostile[a.key] ? { key: a.key, value: { stringValue: hostile[a.key] } } : a));
    expect((await postTraces(running.url, JSON.stringify(exported), { 'content-type': 'application/json', 'x-burnrate-key': ingestKey })).status).toBe(200);
    let csv = '';
    const out = new Writable({ write: (chunk, _encoding, done) => ((csv += String(chunk)), done()) });
    const from = new Date(1_763_999_000_000);
    await vi.waitFor(
      async () => {
        csv = '';
        expect(await exportCalls(running.collector.gateway, { from, to: new Date(1_764_001_000_000) }, 'csv', out)).toBe(1);
      },
      { timeout: 10_000 },
    );
    const cells = csv.trim().split('\n')[1]!;
    expect(cells).toContain("'=cmd|' /C calc'!A0");
    expect(cells).toContain("'+SUM(1");
    expect(cells).toContain("'@evil");
    expect(cells).not.toMatch(/(^|,)[=+@]/);
  });
});

describe('outbound requests are safe by default', () => {
  it('an admin cannot point a channel at loopback, localhost or the cloud metadata address', async () => {
    for (const url of [
      'http://127.0.0.1:6379/',
      'http://localhost:8123/?query=SELECT+1',
      'http://169.254.169.254/latest/meta-data/iam/',
      'http://[::ffff:10.0.0.1]/',
    ]) {
      const answer = await json('POST', '/api/v1/alerts/channels', { name: 'inside', kind: 'slack', url }, { cookie: adminCookie });
      expect(answer.status, url).toBe(400);
      expect(JSON.parse(answer.body).message, url).toContain('BURNRATE_OUTBOUND_ALLOW');
    }
  });
});

describe('browser hardening and sessions an admin controls', () => {
  it('every answer carries the security headers', async () => {
    // (Express's own 404 answers with the stricter default-src 'none'.)
    expect((await raw('GET', '/no-such-file')).headers['x-frame-options']).toBe('DENY');
    for (const path of ['/healthz', '/api/v1/setup', '/api/v1/users']) {
      const answer = await raw('GET', path);
      expect(answer.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(answer.headers['content-security-policy'], path).toContain("script-src 'self'");
      expect(answer.headers['content-security-policy'], path).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
      expect(answer.headers['x-frame-options'], path).toBe('DENY');
      expect(answer.headers['referrer-policy'], path).toBe('no-referrer');
    }
  });

  it("the public /healthz says how the store and the log are, not the process's figures", async () => {
    const health = JSON.parse((await raw('GET', '/healthz')).body);
    expect(health.writeAheadLog).toBeDefined();
    expect(health.process).toBeUndefined();
  });

  it('signing in gives a new session id and ends the one the browser held', async () => {
    await createUser(adminCookie, 'fix', 'viewer');
    const planted = await signIn('fix');
    const again = await json('POST', '/api/v1/session', { username: 'fix', password: PASSWORD }, { cookie: planted }, '127.0.4.1');
    expect(again.status).toBe(200);
    expect(cookieOf(again)).not.toBe(planted);
    expect((await raw('GET', '/api/v1/session', { headers: { cookie: planted } })).status).toBe(401);
    expect((await raw('GET', '/api/v1/session', { headers: { cookie: cookieOf(again) } })).status).toBe(200);
  });

  it("an admin ends all of a user's sessions without changing the password", async () => {
    await createUser(adminCookie, 'lost-laptop', 'viewer');
    const sessions = [await signIn('lost-laptop'), await signIn('lost-laptop')];
    expect((await raw('DELETE', '/api/v1/users/lost-laptop/sessions', { headers: { cookie: adminCookie } })).status).toBe(204);
    for (const cookie of sessions) expect((await raw('GET', '/api/v1/session', { headers: { cookie } })).status).toBe(401);
    expect(await signIn('lost-laptop')).toMatch(/^burnrate_session=/);
  });
});

describe('keys and people written during a reload', () => {
  it('are never dropped from memory by the reload that overlapped them', async () => {
    // The same store, with the reload's second read held until a key has been written meanwhile.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holds = 1;
    const real = running.collector.gateway;
    const gateway = Object.create(real) as typeof real;
    gateway.query = (async (tag: string, sql: string, params?: Record<string, unknown>) => {
      if (tag === 'auth-users' && holds-- > 0) await held;
      return real.query(tag, sql, params);
    }) as typeof real.query;
    const auth = new AuthStore(gateway);
    const reloading = auth.reload();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { key } = await auth.createKey({ name: 'written mid-reload', project: '', scope: 'ingest' });
    release();
    await reloading;
    expect(auth.findKey(key)).toBeDefined();
  });
});

describe('audit log', () => {
  type Entry = { at: string; actor: string; actorKind: string; action: string; target: string; status: number; address: string };
  const audit = async (query: string): Promise<Entry[]> => {
    const answer = await raw('GET', `/api/v1/audit?from=2026-07-01T00:00:00Z&to=2027-06-01T00:00:00Z&${query}`, { headers: { cookie: adminCookie } });
    expect(answer.status).toBe(200);
    return JSON.parse(answer.body).entries;
  };

  it('records every change with who, what, the outcome and from where; never a body; reads only when they export', async () => {
    await createUser(adminCookie, 'audited', 'viewer');
    const viewer = await signIn('audited');
    expect((await json('PUT', '/api/v1/users/audited', { password: 'another long password' }, { cookie: adminCookie })).status).toBe(200);
    expect(
      (await json('POST', '/api/v1/budgets', { name: 'x', scope: { kind: 'all', value: '' }, period: 'day', amountUsd: 5 }, { cookie: viewer })).status,
    ).toBe(401);
    expect((await json('POST', '/api/v1/exports', { what: 'top-team.csv', rows: 4 }, { cookie: adminCookie })).status).toBe(204);
    await vi.waitFor(async () => expect((await audit('action=exports')).length).toBeGreaterThan(0), { timeout: 10_000 });
    const entries = await audit('limit=10000');
    const change = entries.find((e) => e.action === 'PUT /api/v1/users/:username')!;
    expect(change).toMatchObject({ actor: 'ada', actorKind: 'user', target: '{"username":"audited"}', status: 200, address: '127.0.0.1' });
    expect(entries.find((e) => e.action === 'POST /api/v1/session' && e.actor === 'audited')).toMatchObject({ actorKind: 'anonymous', status: 200 });
    expect(entries.find((e) => e.action === 'POST /api/v1/exports')).toMatchObject({ actor: 'ada', target: '{"export":"top-team.csv"}' });
    expect(entries.some((e) => e.action === 'GET /api/v1/summary' || e.action.startsWith('POST /v1/'))).toBe(false);
    expect(JSON.stringify(entries)).not.toContain('another long password');
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
  });

  it('is for admins only, and its CSV export is itself recorded', async () => {
    const viewer = await signIn('viewer1');
    expect((await raw('GET', '/api/v1/audit', { headers: { cookie: viewer } })).status).toBe(403);
    const csv = await raw('GET', '/api/v1/audit?format=csv&from=2026-07-01T00:00:00Z&to=2027-06-01T00:00:00Z', { headers: { cookie: adminCookie } });
    expect(csv.status).toBe(200);
    expect(csv.body.split('\r\n')[0]).toBe('at,actor,actor_kind,action,target,status,address,user_agent');
    await vi.waitFor(async () => expect((await audit('action=/api/v1/audit')).map((e) => e.target)).toContain('{"export":"audit log csv"}'), {
      timeout: 10_000,
    });
  });

  it('the CLI export is recorded', async () => {
    await vi.waitFor(async () => expect((await audit('action=EXPORT')).map((e) => e.actorKind)).toContain('cli'), { timeout: 10_000 });
  });
});
