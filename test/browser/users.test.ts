// The Users panel (on the Budgets screen, admins only): an admin adds a viewer, disables them
// (their sign-in stops working), and a new password enables them again; a viewer sees no panel.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/dashboardHarness';

const SETUP_TOKEN = 'browser-users-setup-token-0123';
const ADMIN = { username: 'ada', password: 'analytical-engine-1843' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ BURNRATE_AUTH: 'on', BURNRATE_SETUP_TOKEN: SETUP_TOKEN });
  const setup = await fetch(`${h.collector.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: SETUP_TOKEN, ...ADMIN }),
  });
  expect(setup.status).toBe(201);
}, 120_000);
afterAll(async () => h?.stop());

const signInStatus = async (username: string, password: string) =>
  (
    await fetch(`${h.collector.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
  ).status;

async function signInAs(user: { username: string; password: string }) {
  const form = h.page.locator('form[aria-label="Sign in"]');
  await form.locator('input[name="username"]').fill(user.username);
  await form.locator('input[name="password"]').fill(user.password);
  await form.locator('button[type="submit"]').click();
}

it('an admin adds a viewer, disables them, and a new password enables them again', async () => {
  h.page.on('dialog', (dialog) => void dialog.accept());
  await h.open('#/budgets');
  await signInAs(ADMIN);
  const panel = h.page.locator('[data-testid="users-panel"]');
  await panel.locator('[data-testid="user-ada"]').waitFor();
  expect(await panel.locator('[data-testid="user-ada"]').innerText()).toContain('you');
  expect(await panel.locator('[data-testid="user-ada"]').getByRole('button', { name: 'Disable' }).count()).toBe(0);

  const form = panel.locator('form[aria-label="New user"]');
  await form.getByLabel('Username').fill('vic');
  await form.getByLabel(/^Password/).fill('read-only-but-curious');
  await form.getByRole('button', { name: 'Add user' }).click();
  const vic = panel.locator('[data-testid="user-vic"]');
  await vic.waitFor();
  expect(await vic.innerText()).toContain('viewer');
  expect(await signInStatus('vic', 'read-only-but-curious')).toBe(200);

  await vic.getByRole('button', { name: 'Disable' }).click();
  await expect.poll(() => vic.innerText(), { timeout: 15_000 }).toContain('disabled');
  expect(await signInStatus('vic', 'read-only-but-curious')).toBe(401);
  await h.screenshot('users-panel-disabled');

  await vic.getByLabel(/New password/).fill('a-brand-new-password');
  await vic.getByRole('button', { name: 'Set password' }).click();
  await expect.poll(() => vic.innerText(), { timeout: 15_000 }).not.toContain('disabled');
  expect(await signInStatus('vic', 'a-brand-new-password')).toBe(200);

  // A viewer sees Budgets without the panel (the list is an admin's).
  await h.page.getByRole('button', { name: 'Sign out' }).click();
  await signInAs({ username: 'vic', password: 'a-brand-new-password' });
  await h.page.locator('[data-testid="budgets-screen"]').waitFor();
  expect(await h.page.locator('[data-testid="users-panel"]').count()).toBe(0);
});
