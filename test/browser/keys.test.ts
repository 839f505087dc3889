// The Keys panel (Budgets screen, admins only) in a real browser: each key's expiry, its last use
// and what its calls cost in the last 24 hours, and a rotation that shows the new key once while
// the old one keeps working for the overlap. Then the Alerts part of the same screen: the default
// key spend spike rule is listed, enabled, and fires for the key that spent.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { ActiveAlertsResponse, KeySummary } from '@burnrate/contract';
import { startHarness, type Harness } from './support/dashboardHarness';
import { postFinanceCalls, type FinanceCall } from '../support/financeCalls';

const SETUP_TOKEN = 'browser-keys-setup-token-0123';
const ADMIN = { username: 'ada', password: 'analytical-engine-1843' };

let h: Harness;
let adminCookie = '';

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${h.collector.url}${path}`, {
    method,
    headers: { cookie: adminCookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: res.headers.get('content-type')?.includes('json') ? await res.json() : undefined };
}

const ingestStatus = async (key: string) =>
  (await fetch(`${h.collector.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-burnrate-key': key }, body: '{}' })).status;

const keysNow = async () => (await api('GET', '/api/v1/keys')).json.keys as KeySummary[];

// Three calls within the hour: $1.35 at Sonnet 4.5's list price, above the spike rule's $1 floor.
const spending: FinanceCall[] = Array.from({ length: 3 }, (_, i) => ({
  at: new Date(Date.now() - 120_000 - i * 1000),
  model: 'claude-sonnet-4-5',
  team: 'payments',
  input: 100_000,
  output: 10_000,
}));

let spender: { key: string; id: string; expiresAt: string };
let idle: { id: string };

beforeAll(async () => {
  h = await startHarness({ BURNRATE_AUTH: 'on', BURNRATE_SETUP_TOKEN: SETUP_TOKEN, BURNRATE_KEY_RATE_LIMIT: '100000' });
  const setup = await fetch(`${h.collector.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: SETUP_TOKEN, ...ADMIN }),
  });
  expect(setup.status).toBe(201);
  adminCookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
  const created = await api('POST', '/api/v1/keys', { name: 'checkout app', project: 'apollo', expiresInDays: 30 });
  expect(created.status).toBe(201);
  spender = { key: created.json.key, id: created.json.record.id, expiresAt: created.json.record.expiresAt };
  idle = (await api('POST', '/api/v1/keys', { name: 'never used' })).json.record;
  await postFinanceCalls(h.collector.url, spending, { 'x-burnrate-key': spender.key });
  await vi.waitFor(async () => expect((await keysNow()).find((k) => k.id === spender.id)?.spend.dayCalls).toBe(3), { timeout: 15_000 });
}, 120_000);
afterAll(async () => h?.stop());

it('shows each key with its expiry, last use and 24-hour spend; a key never used says so', async () => {
  h.page.on('dialog', (dialog) => void dialog.accept());
  await h.open('#/budgets');
  const form = h.page.locator('form[aria-label="Sign in"]');
  await form.locator('input[name="username"]').fill(ADMIN.username);
  await form.locator('input[name="password"]').fill(ADMIN.password);
  await form.locator('button[type="submit"]').click();
  const row = h.page.locator(`[data-testid="keys-panel"] [data-testid="key-${spender.id}"]`);
  await row.waitFor();
  const listed = (await keysNow()).find((k) => k.id === spender.id)!;
  expect(listed.spend.dayUsd).toBeGreaterThan(1);
  const cells = await row.locator('td').allInnerTexts();
  expect(cells[0]).toContain('checkout app');
  expect(cells[0]).toContain('project apollo');
  expect(cells[2]).toBe('active');
  expect(cells[3]).toBe(`${spender.expiresAt.slice(0, 16)} UTC`);
  expect(await row.locator('[data-testid="key-last-used"]').innerText()).toBe(`${listed.lastUsedAt!.slice(0, 16)} UTC`);
  expect(await row.locator('[data-testid="key-spend"]').innerText()).toBe(`$${listed.spend.dayUsd.toFixed(2)}`);
  expect(cells[6]).toBe((3 / 24).toFixed(1));
  const unused = h.page.locator(`[data-testid="key-${idle.id}"]`);
  expect(await unused.locator('[data-testid="key-last-used"]').innerText()).toBe('—');
  expect(await unused.locator('[data-testid="key-spend"]').innerText()).toBe('$0.00');
  expect((await unused.locator('td').allInnerTexts())[3]).toBe('—');
  await h.screenshot('keys-panel');
});

it('rotates a key: the new key is shown once, both work during the overlap, the old row shows when it ends', async () => {
  const row = h.page.locator(`[data-testid="key-${spender.id}"]`);
  await row.getByRole('button', { name: 'Rotate' }).click();
  const shown = h.page.locator('[data-testid="rotated-key"]');
  await shown.waitFor();
  const newKey = await shown.innerText();
  expect(newKey).toMatch(/^brk_/);
  expect(newKey).not.toBe(spender.key);
  // The overlap: the old key still ingests beside the new one.
  expect(await ingestStatus(spender.key)).toBe(200);
  expect(await ingestStatus(newKey)).toBe(200);
  const keys = await keysNow();
  const old = keys.find((k) => k.id === spender.id)!;
  const successor = keys.find((k) => k.rotatedFrom === spender.id)!;
  const overlapEnd = Date.parse(`${old.expiresAt!.replace(' ', 'T')}Z`);
  expect(overlapEnd).toBeGreaterThan(Date.now() + 23 * 3_600_000);
  expect(overlapEnd).toBeLessThan(Date.now() + 25 * 3_600_000);
  await expect.poll(async () => (await row.locator('td').allInnerTexts())[3]).toBe(`${old.expiresAt!.slice(0, 16)} UTC`);
  const next = h.page.locator(`[data-testid="key-${successor.id}"]`);
  await next.waitFor();
  expect((await next.locator('td').allInnerTexts())[0]).toContain('checkout app');
  expect((await next.locator('td').allInnerTexts())[2]).toBe('active');
  await h.screenshot('keys-panel-rotated');
});

it('the default key spend spike rule is on the Alerts screen, enabled, and fires for the key that spent', async () => {
  const rule = h.page.locator('[data-testid="rule-row"]').filter({ hasText: 'An ingest key is spending far above its usual rate' });
  await rule.waitFor();
  expect(await rule.getByRole('checkbox').first().isChecked()).toBe(true);
  expect(await rule.innerText()).toContain('a key spending 5× its usual rate (at least $1) over 60 min');
  expect((await api('POST', '/api/v1/alerts/evaluate', {})).status).toBeLessThan(300);
  const active = (await api('GET', '/api/v1/alerts/active')).json as ActiveAlertsResponse;
  expect(active.alerts.filter((a) => a.ruleId === 'default-key-spend-spike').map((a) => a.subject)).toEqual([`key:${spender.id}`]);
  await h.page.reload();
  const alert = h.page.locator('[data-testid="active-alerts"] li[data-rule="default-key-spend-spike"]');
  await alert.waitFor();
  expect(await alert.innerText()).toContain(spender.id);
  await h.screenshot('keys-spike-alert');
});
