// The burnrate CLI while a collector runs on the embedded store (which allows one process):
// keys, users and budgets go through the collector's API, signed in with `burnrate login`,
// instead of failing to lock the store.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { runCli } from '../support/cli';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';
import { removeTestDir } from '../support/removeTestDir';

const SETUP_TOKEN = 'cli-test-setup-token-0123456789';
const ADMIN = { username: 'root', password: 'root-password-123' };
const scratch = mkdtempSync(join(tmpdir(), 'burnrate-cli-http-'));
const sessionFile = join(scratch, 'sessions.json');
let running: RunningCollector;
let env: Record<string, string>;

beforeAll(async () => {
  running = await startCollector({ BURNRATE_AUTH: 'on', BURNRATE_SETUP_TOKEN: SETUP_TOKEN }, DEFAULT_MODULES);
  const setup = await fetch(`${running.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: SETUP_TOKEN, ...ADMIN }),
  });
  expect(setup.status).toBe(201);
  // The collector's own settings (its port, its data directory): the CLI finds it by asking that address.
  env = { BURNRATE_PORT: new URL(running.url).port, BURNRATE_DATA_DIR: running.dataDir, BURNRATE_SESSION_FILE: sessionFile };
});
afterAll(async () => {
  await running?.stop();
  removeTestDir(scratch);
});

const burnrate = (args: string[], stdin?: string) => runCli(args, env, { stdin });

async function signIn(username: string, password: string): Promise<{ status: number; cookie: string }> {
  const res = await fetch(`${running.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}

it('keys create while the collector runs: after burnrate login, through its API, and the key works at once', async () => {
  const anonymous = await burnrate(['keys', 'list']);
  expect(anonymous.code).toBe(1);
  expect(anonymous.stderr).toContain('needs sign-in: run burnrate login');
  expect((await burnrate(['login', '--username', ADMIN.username], 'not-the-password\n')).stderr).toContain('sign-in refused');

  const login = await burnrate(['login', '--username', ADMIN.username], `${ADMIN.password}\n`);
  expect(login.code).toBe(0);
  expect(login.stdout).toContain(`signed in to ${running.url} as root (admin)`);
  expect(statSync(sessionFile).mode & 0o777).toBe(0o600);
  expect(readFileSync(sessionFile, 'utf8')).not.toContain(ADMIN.password);

  expect((await burnrate(['keys', 'list'])).stdout).toContain('no keys yet');
  expect((await burnrate(['budgets', 'list'])).stdout).toContain('no budgets yet');
  const created = await burnrate(['keys', 'create', '--name', 'support-bot', '--project', 'support']);
  expect(created.code).toBe(0);
  expect(created.stdout).toContain(`in the collector at ${running.url}`);
  const key = /(brk_\S+)/.exec(created.stdout)![1]!;
  const empty = JSON.stringify({ resourceSpans: [] });
  expect((await postTraces(running.url, empty, { 'content-type': 'application/json' })).status).toBe(401);
  expect((await postTraces(running.url, empty, { 'content-type': 'application/json', authorization: `Bearer ${key}` })).status).toBe(200);
  expect((await burnrate(['keys', 'list'])).stdout).toMatch(/\s+ingest\s+support\s+active\s+support-bot/);
});

it('users create, list, password and disable through the collector', async () => {
  expect((await burnrate(['users', 'create', '--username', 'vic'], 'vic-password-123\n')).stdout).toContain(
    `created viewer vic in the collector at ${running.url}`,
  );
  const first = await signIn('vic', 'vic-password-123');
  expect(first.status).toBe(200);
  expect((await fetch(`${running.url}/api/v1/summary`, { headers: { cookie: first.cookie } })).status).toBe(200);

  expect((await burnrate(['users', 'password', '--username', 'vic'], 'vic-password-456\n')).code).toBe(0);
  expect((await signIn('vic', 'vic-password-123')).status).toBe(401);
  expect((await signIn('vic', 'vic-password-456')).status).toBe(200);

  const disabled = await burnrate(['users', 'disable', '--username', 'vic']);
  expect(disabled.stdout).toContain('disabled vic');
  // Their open session ends with the account, and no password signs them in.
  expect((await fetch(`${running.url}/api/v1/summary`, { headers: { cookie: first.cookie } })).status).toBe(401);
  expect((await signIn('vic', 'vic-password-456')).status).toBe(401);
  expect((await burnrate(['users', 'list'])).stdout).toMatch(/^root\s+admin\s+active[\s\S]*^vic\s+viewer\s+disabled/m);

  const self = await burnrate(['users', 'disable', '--username', 'root']);
  expect(self.code).toBe(1);
  expect(self.stderr).toContain('you cannot disable yourself');
  expect((await burnrate(['users', 'disable', '--username', 'ghost'])).code).toBe(2);

  // A new password enables the account again.
  expect((await burnrate(['users', 'password', '--username', 'vic'], 'vic-password-789\n')).code).toBe(0);
  expect((await signIn('vic', 'vic-password-789')).status).toBe(200);
});

it('logout ends the session: the next change asks for sign-in again', async () => {
  expect((await burnrate(['logout'])).code).toBe(0);
  expect(JSON.parse(readFileSync(sessionFile, 'utf8'))).toEqual({});
  expect((await burnrate(['users', 'list'])).stderr).toContain('run burnrate login');
});
