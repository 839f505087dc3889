// Single sign-on end to end: a real OpenID Connect provider (the oidc-provider package, with its
// development login and consent pages) on loopback, the collector as its client, and a real
// browser that clicks through. The IdP's groups decide the role and the scope; a person in no
// allowed group is sent back with the reason; local accounts can be switched off.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/dashboardHarness';

const CLIENT = { id: 'burnrate-dashboard', secret: 'sso-test-client-secret-0123456789' };
const GROUPS: Record<string, string[]> = {
  ada: ['burnrate-admins'],
  fin: ['finance'],
  mallory: ['marketing'],
  // Scoped groups (BURNRATE_OIDC_GROUP_SCOPES): a team's admins, a project's viewers, and someone
  // in both, whose groups limit along two dimensions at once.
  lead: ['payments-leads', 'finance'],
  pm: ['apollo-pm'],
  torn: ['payments-leads', 'apollo-pm'],
};

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let h: Harness;
let idp: Server;

beforeAll(async () => {
  const idpPort = await freePort();
  const issuer = `http://127.0.0.1:${idpPort}`;
  h = await startHarness({
    BURNRATE_AUTH: 'on',
    BURNRATE_OIDC_ISSUER: issuer,
    BURNRATE_OIDC_CLIENT_ID: CLIENT.id,
    BURNRATE_OIDC_CLIENT_SECRET: CLIENT.secret,
    BURNRATE_OIDC_SCOPES: 'openid email profile groups',
    BURNRATE_OIDC_ADMIN_GROUPS: 'burnrate-admins',
    BURNRATE_OIDC_VIEWER_GROUPS: 'finance',
    BURNRATE_OIDC_GROUP_SCOPES: 'payments-leads=admin:team:payments|payments-eu, apollo-pm=viewer:project:apollo',
    BURNRATE_LOCAL_ACCOUNTS: 'false',
  });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        redirect_uris: [`${h.collector.url}/api/v1/sso/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email'], profile: ['preferred_username'], groups: ['groups'] },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, email: `${id}@example.com`, preferred_username: id, groups: GROUPS[id] ?? [] }) }),
  });
  idp = createServer(provider.callback());
  await new Promise<void>((resolve) => idp.listen(idpPort, '127.0.0.1', resolve));
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await new Promise((resolve) => idp?.close(resolve));
});

/** From burnrate's sign-in page, through the IdP's own login and consent pages, as a person would. */
async function signInThroughIdp(page: Page, login: string) {
  await page.locator('[data-testid="sso-sign-in"]').click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();
}

it('with local accounts off, the sign-in page offers only single sign-on', async () => {
  await h.page.goto(`${h.collector.url}/#/spend?range=7d`);
  await h.page.locator('[data-testid="sso-sign-in"]').waitFor();
  expect(await h.page.locator('form[aria-label="Sign in"]').count()).toBe(0);
  const local = await fetch(`${h.collector.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'ada', password: 'x'.repeat(12) }),
  });
  expect(local.status).toBe(403);
});

it('an admin group member signs in through the IdP and lands, as admin, on the view asked for', async () => {
  await signInThroughIdp(h.page, 'ada');
  await h.page.waitForSelector('main[data-screen="spend"]');
  expect(new URL(h.page.url()).hash).toBe('#/spend?range=7d');
  const session = await h.page.evaluate(async () => (await fetch('/api/v1/session')).json());
  expect(session).toMatchObject({ username: 'ada', role: 'admin' });
  await h.screenshot('sso-signed-in');
});

it('a member of a viewer group is a viewer; someone in no allowed group is sent back with the reason', async () => {
  const context = await h.browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${h.collector.url}/#/overview`);
    await signInThroughIdp(page, 'mallory');
    await page.locator('[data-testid="sso-error"]').waitFor();
    expect(await page.locator('[data-testid="sso-error"]').innerText()).toContain('mallory is not in a group allowed into burnrate');
    expect(await page.evaluate(async () => (await fetch('/api/v1/session')).status)).toBe(401);
  } finally {
    await context.close();
  }
  const viewer = await h.browser.newContext();
  const fresh = await viewer.newPage();
  try {
    await fresh.goto(`${h.collector.url}/#/overview`);
    await signInThroughIdp(fresh, 'fin');
    await fresh.waitForSelector('main[data-screen="overview"]');
    expect(await fresh.evaluate(async () => (await fetch('/api/v1/session')).json())).toMatchObject({ username: 'fin', role: 'viewer' });
    expect(await fresh.evaluate(async () => (await fetch('/api/v1/users')).status)).toBe(403);
  } finally {
    await viewer.close();
  }
});

/** A fresh browser context signed in through the IdP as `login`; its session, and the context to close. */
async function signedInAs(login: string) {
  const context = await h.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${h.collector.url}/#/overview`);
  await signInThroughIdp(page, login);
  return { context, page };
}

it("a scoped group's member signs in limited to its teams, as the group's role, and manages only those", async () => {
  const { context, page } = await signedInAs('lead');
  try {
    await page.waitForSelector('main[data-screen="overview"]');
    expect(await page.evaluate(async () => (await fetch('/api/v1/session')).json())).toMatchObject({
      username: 'lead',
      role: 'admin',
      scope: { dimension: 'team', values: ['payments', 'payments-eu'] },
    });
    const budget = (value: string) =>
      page.evaluate(
        async (body) => (await fetch('/api/v1/budgets', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status,
        JSON.stringify({ name: `${value} budget`, scope: { kind: 'team', value }, period: 'day', amountUsd: 5 }),
      );
    expect(await budget('payments')).toBe(201);
    expect(await budget('search')).toBe(403);
    expect(await page.evaluate(async () => (await fetch('/api/v1/users')).status)).toBe(403);
    // The Alerts screen: the Keys panel is theirs (a team has no keys: empty); people are not.
    await page.goto(`${h.collector.url}/#/budgets`);
    // The panel renders before its keys are loaded: wait for the answer, not the frame.
    await page.locator('[data-testid="keys-panel"]', { hasText: 'No keys yet' }).waitFor();
    expect(await page.locator('[data-testid="users-panel"]').count()).toBe(0);
  } finally {
    await context.close();
  }
  const pm = await signedInAs('pm');
  try {
    await pm.page.waitForSelector('main[data-screen="overview"]');
    expect(await pm.page.evaluate(async () => (await fetch('/api/v1/session')).json())).toMatchObject({
      username: 'pm',
      role: 'viewer',
      scope: { dimension: 'project', values: ['apollo'] },
    });
  } finally {
    await pm.context.close();
  }
});

it('groups that limit along two dimensions are refused with the reason; the scope follows the groups at the next sign-in', async () => {
  const torn = await signedInAs('torn');
  try {
    await torn.page.locator('[data-testid="sso-error"]').waitFor();
    expect(await torn.page.locator('[data-testid="sso-error"]').innerText()).toContain('limit you to both team and project');
    expect(await torn.page.evaluate(async () => (await fetch('/api/v1/session')).status)).toBe(401);
  } finally {
    await torn.context.close();
  }
  // The IdP moves lead to the admins' group: the next sign-in gives the whole organisation.
  GROUPS.lead = ['burnrate-admins'];
  const lead = await signedInAs('lead');
  try {
    await lead.page.waitForSelector('main[data-screen="overview"]');
    expect(await lead.page.evaluate(async () => (await fetch('/api/v1/session')).json())).toMatchObject({ username: 'lead', role: 'admin', scope: null });
    expect(await lead.page.evaluate(async () => (await fetch('/api/v1/users')).status)).toBe(200);
  } finally {
    await lead.context.close();
  }
});
