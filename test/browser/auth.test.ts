// Sign-in against a collector with auth on: the first run creates the admin with the setup token
// and lands where the user was going; a wrong password says so; a viewer reads every screen but
// cannot change budgets; a session that ends mid-way asks to sign in and returns to the view.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/dashboardHarness';

const SETUP_TOKEN = 'browser-test-setup-token-0123';
const ADMIN = { username: 'ada', password: 'analytical-engine-1843' };
const VIEWER = { username: 'vic', password: 'read-only-but-curious' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ BURNRATE_AUTH: 'on', BURNRATE_SETUP_TOKEN: SETUP_TOKEN });
}, 120_000);
afterAll(async () => h?.stop());

const hash = () => h.page.evaluate(() => window.location.hash);
const screen = () => h.page.locator('main').getAttribute('data-screen');

/** The API as the admin, from the test (its own session, not the browser's). */
async function asAdmin(method: string, path: string, body?: unknown): Promise<Response> {
  const signIn = await fetch(`${h.collector.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
  return fetch(`${h.collector.url}${path}`, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function signInAs(user: { username: string; password: string }) {
  const form = h.page.locator('form[aria-label="Sign in"]');
  await form.locator('input[name="username"]').fill(user.username);
  await form.locator('input[name="password"]').fill(user.password);
  await form.locator('button[type="submit"]').click();
}

it('the first run creates the admin with the setup token and lands on the view asked for', async () => {
  // Without a session the API refuses reads: the page must not show them.
  expect((await fetch(`${h.collector.url}/api/v1/budgets/status`)).status).toBe(401);
  await h.open('#/overview?range=7d');
  const form = h.page.locator('form[aria-label="Create the first admin"]');
  await form.waitFor();
  expect(await h.page.locator('.auth-card').innerText()).toContain('printed a one-time setup token in its log');
  // A wrong token: the collector's 403 message, as it is.
  await form.locator('input[name="token"]').fill('not-the-token-at-all');
  await form.locator('input[name="username"]').fill(ADMIN.username);
  await form.locator('input[name="password"]').fill(ADMIN.password);
  await form.locator('button[type="submit"]').click();
  await expect.poll(() => h.page.locator('[data-testid="auth-error"]').innerText()).toContain('the setup token is wrong');
  await h.screenshot('auth-setup');

  await form.locator('input[name="token"]').fill(SETUP_TOKEN);
  await form.locator('button[type="submit"]').click();
  await expect.poll(screen).toBe('overview');
  expect(await hash()).toBe('#/overview?range=7d');
  await h.page.locator('[data-testid="empty-state"]').waitFor(); // its data loaded with the new session
  expect(await h.page.locator('[data-testid="user-name"]').innerText()).toBe(ADMIN.username);
  expect(await h.page.locator('[data-testid="user-role"]').innerText()).toBe('admin');
  await h.screenshot('auth-admin-overview');
});

it('after signing out, a wrong password shows the collector’s answer', async () => {
  await h.page.getByRole('button', { name: 'Sign out' }).click();
  await h.page.locator('form[aria-label="Sign in"]').waitFor();
  expect(await h.page.locator('[data-testid="auth-notice"]').innerText()).toBe('Signed out.');
  // The session is gone on the collector's side too.
  expect(await h.page.evaluate(async () => (await fetch('/api/v1/session')).status)).toBe(401);
  await signInAs({ username: ADMIN.username, password: 'not-my-password' });
  await expect.poll(() => h.page.locator('[data-testid="auth-error"]').innerText()).toBe('wrong username or password');
  await h.screenshot('auth-sign-in-error');
});

it('a viewer reads every screen; on Budgets the changes are disabled with the reason', async () => {
  expect((await asAdmin('POST', '/api/v1/users', { ...VIEWER, role: 'viewer' })).status).toBe(201);
  const made = await asAdmin('POST', '/api/v1/budgets', { name: 'Company daily', scope: { kind: 'all', value: '' }, period: 'day', amountUsd: 50 });
  expect(made.status).toBe(201);

  await h.open('#/budgets');
  await signInAs(VIEWER);
  await expect.poll(screen).toBe('budgets');
  expect(await hash()).toBe('#/budgets');
  expect(await h.page.locator('[data-testid="user-role"]').innerText()).toBe('viewer');
  await h.page.locator('[data-testid="budget-row"]', { hasText: 'Company daily' }).waitFor();
  await h.page.locator('[data-testid="rules-table"]').waitFor();
  expect(await h.page.locator('[data-testid="budget-form"] button[type="submit"]').isDisabled()).toBe(true);
  expect(await h.page.locator('[data-testid="budget-form"] input[name="name"]').isDisabled()).toBe(true);
  expect(await h.page.getByRole('button', { name: 'Remove budget Company daily' }).isDisabled()).toBe(true);
  expect(await h.page.locator('[data-testid="rules-table"] input[type="checkbox"]').first().isDisabled()).toBe(true);
  expect(await h.page.locator('[data-testid="rules-table"] select').first().isDisabled()).toBe(true);
  expect(await h.page.getByRole('button', { name: 'Add channel' }).isDisabled()).toBe(true);
  expect(await h.page.locator('[data-testid="viewer-hint"]').first().innerText()).toBe('Viewers can read, ask an admin to change.');
  await h.screenshot('auth-viewer-budgets');

  await h.page.locator('body').press('1');
  await expect.poll(screen).toBe('overview');
  await h.page.locator('[data-testid="empty-state"]').waitFor();
  expect(await h.page.locator('[data-testid="error-state"]').count()).toBe(0);
});

it('a session that ends while the page is open asks to sign in, then returns to the view', async () => {
  await h.open('#/spend?range=30d');
  await h.page.locator('[data-testid="empty-state"]').waitFor();
  await h.page.context().clearCookies(); // as if it expired
  await h.page.locator('body').press('r');
  await h.page.locator('form[aria-label="Sign in"]').waitFor();
  expect(await h.page.locator('[data-testid="auth-notice"]').innerText()).toContain('Your session has ended');
  await signInAs(VIEWER);
  await expect.poll(screen).toBe('spend');
  expect(await hash()).toBe('#/spend?range=30d');
  await h.page.locator('[data-testid="empty-state"]').waitFor(); // read again with the new session
});
