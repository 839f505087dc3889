// Who may do what, with auth on: first-run setup, sign-in, ingest keys (write-only, scoped to a
// project, revocable at once), admin and viewer. The walk of every route as every credential is
// in security.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { fixtureJson, fixtureRange } from '../support/fixtures';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';

const SETUP_TOKEN = 'first-run-token-for-tests-0123456789';
const RANGE = fixtureRange();
const JSON_TYPE = { 'content-type': 'application/json' };

let running: RunningCollector;
let adminCookie = '';
let viewerCookie = '';
let ingestKey = '';

async function api(path: string, init: RequestInit & { cookie?: string; key?: string } = {}) {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.body && !headers['content-type']) headers['content-type'] = 'application/json';
  return fetch(`${running.url}${path}`, { ...init, headers, redirect: 'manual' });
}

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

beforeAll(async () => {
  running = await startCollector({ BURNRATE_AUTH: 'on', BURNRATE_SETUP_TOKEN: SETUP_TOKEN, BURNRATE_KEY_RATE_LIMIT: '50' }, DEFAULT_MODULES);
});
afterAll(async () => running?.stop());

describe('first run', () => {
  it('asks for setup, refuses a wrong token, creates the admin with the right one, once', async () => {
    expect(await (await api('/api/v1/setup')).json()).toEqual({ authEnabled: true, setupNeeded: true, sso: false, localAccounts: true });
    const wrong = await api('/api/v1/setup', { method: 'POST', body: JSON.stringify({ token: 'nope', username: 'ada', password: 'correct horse battery' }) });
    expect(wrong.status).toBe(403);
    const weak = await api('/api/v1/setup', { method: 'POST', body: JSON.stringify({ token: SETUP_TOKEN, username: 'ada', password: 'short' }) });
    expect(weak.status).toBe(400);
    expect((await weak.json()).message).toContain('at least 12 characters');
    const ok = await api('/api/v1/setup', { method: 'POST', body: JSON.stringify({ token: SETUP_TOKEN, username: 'ada', password: 'correct horse battery' }) });
    expect(ok.status).toBe(201);
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    adminCookie = cookieOf(ok);
    const again = await api('/api/v1/setup', {
      method: 'POST',
      body: JSON.stringify({ token: SETUP_TOKEN, username: 'eve', password: 'correct horse battery' }),
    });
    expect(again.status).toBe(409);
    expect(running.collector.setupToken()).toBeUndefined();
  });

  it('the password is stored hashed with scrypt, never as given', () => {
    const stored = running.collector.auth.getUser('ada')!.passwordHash;
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain('correct horse battery');
  });

  it('sign-in with a wrong password is a 401; a right one gives a session', async () => {
    const bad = await api('/api/v1/session', { method: 'POST', body: JSON.stringify({ username: 'ada', password: 'wrong password!!' }) });
    expect(bad.status).toBe(401);
    const good = await api('/api/v1/session', { method: 'POST', body: JSON.stringify({ username: 'ada', password: 'correct horse battery' }) });
    expect(good.status).toBe(200);
    expect(await (await api('/api/v1/session', { cookie: cookieOf(good) })).json()).toMatchObject({ username: 'ada', role: 'admin' });
  });
});

describe('keys and people', () => {
  it('an admin creates a viewer and keys; each key is shown once', async () => {
    const viewer = await api('/api/v1/users', {
      method: 'POST',
      cookie: adminCookie,
      body: JSON.stringify({ username: 'fin', role: 'viewer', password: 'finance reads it all' }),
    });
    expect(viewer.status).toBe(201);
    viewerCookie = cookieOf(await api('/api/v1/session', { method: 'POST', body: JSON.stringify({ username: 'fin', password: 'finance reads it all' }) }));
    const created = await api('/api/v1/keys', { method: 'POST', cookie: adminCookie, body: JSON.stringify({ name: 'support-bot prod', project: 'support' }) });
    expect(created.status).toBe(201);
    const body = await created.json();
    ingestKey = body.key;
    expect(ingestKey).toMatch(/^brk_[0-9a-f]{12}_/);
    const listed = await (await api('/api/v1/keys', { cookie: adminCookie })).json();
    // The secret is everything after brk_<id>_: base64url, so it may itself hold an underscore.
    expect(JSON.stringify(listed)).not.toContain(ingestKey.slice(ingestKey.indexOf('_', 4) + 1));
    const metricsKey = (
      await (await api('/api/v1/keys', { method: 'POST', cookie: adminCookie, body: JSON.stringify({ name: 'prometheus', scope: 'metrics' }) })).json()
    ).key;
    expect(metricsKey).toMatch(/^brk_[0-9a-f]{12}_/);
  });

  it('ingest needs a key; the key writes for its project and reads nothing', async () => {
    const missing = await postTraces(running.url, fixtureJson('native-stream'), JSON_TYPE);
    expect(missing.status).toBe(401);
    expect((await missing.json()).message).toContain('ingest key');
    const wrong = await postTraces(running.url, fixtureJson('native-stream'), { ...JSON_TYPE, 'x-burnrate-key': `${ingestKey.slice(0, -3)}xyz` });
    expect(wrong.status).toBe(401);
    const ok = await postTraces(running.url, fixtureJson('native-stream'), { ...JSON_TYPE, 'x-burnrate-key': ingestKey });
    expect(ok.status).toBe(200);
    const byProject = await (await api(`/api/v1/breakdown?by=project&${RANGE}`, { cookie: viewerCookie })).json();
    expect(byProject.rows.map((r: { key: string; calls: number }) => [r.key, r.calls])).toEqual([['support', 1]]);
    expect((await api(`/api/v1/summary?${RANGE}`, { key: ingestKey })).status).toBe(403);
  });

  it('a revoked key stops working at once', async () => {
    const id = ingestKey.split('_')[1];
    expect((await api(`/api/v1/keys/${id}`, { method: 'DELETE', cookie: adminCookie })).status).toBe(204);
    const after = await postTraces(running.url, fixtureJson('native-create-cache'), { ...JSON_TYPE, authorization: `Bearer ${ingestKey}` });
    expect(after.status).toBe(401);
    expect((await after.json()).message).toContain('revoked');
  });

  it('a viewer reads every screen but changes nothing', async () => {
    expect((await api(`/api/v1/summary?${RANGE}`, { cookie: viewerCookie })).status).toBe(200);
    expect((await api('/api/v1/keys', { method: 'POST', cookie: viewerCookie, body: JSON.stringify({ name: 'x' }) })).status).toBe(403);
    expect((await api('/api/v1/users', { cookie: viewerCookie })).status).toBe(403);
  });
});

describe('edges', () => {
  it('a malformed JSON body is a 400 that says so, not a 500', async () => {
    const res = await api('/api/v1/keys', { method: 'POST', cookie: adminCookie, body: '{"name": ' });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain('not valid JSON');
  });

  it("a project's key reads the budget status of its project and of the company, not of other projects", async () => {
    const key = (await (await api('/api/v1/keys', { method: 'POST', cookie: adminCookie, body: JSON.stringify({ name: 'bot', project: 'support' }) })).json())
      .key;
    for (const [name, scope] of [
      ['company', { kind: 'all', value: '' }],
      ['support', { kind: 'project', value: 'support' }],
      ['ads', { kind: 'project', value: 'ads' }],
    ] as const) {
      const res = await api('/api/v1/budgets', { method: 'POST', cookie: adminCookie, body: JSON.stringify({ name, scope, period: 'day', amountUsd: 10 }) });
      expect(res.status).toBe(201);
    }
    const seen = await (await api('/api/v1/budgets/status', { key })).json();
    expect(seen.budgets.map((b: { budget: { name: string } }) => b.budget.name).sort()).toEqual(['company', 'support']);
    const admin = await (await api('/api/v1/budgets/status', { cookie: adminCookie })).json();
    expect(admin.budgets).toHaveLength(3);
  });
});

describe('limits', () => {
  it('a key over its rate limit gets 429 with Retry-After', async () => {
    const key = (await (await api('/api/v1/keys', { method: 'POST', cookie: adminCookie, body: JSON.stringify({ name: 'chatty' }) })).json()).key;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    // 50 requests/s with a burst of 100. Requests go 20 at a time until one is refused: any
    // machine sends faster than the refill, however loaded, so the bucket empties.
    while (retryAfter === null && statuses.length < 3000) {
      const wave = await Promise.all(Array.from({ length: 20 }, () => postTraces(running.url, '{}', { ...JSON_TYPE, 'x-burnrate-key': key })));
      for (const res of wave) {
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
        await res.arrayBuffer();
      }
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(100);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
