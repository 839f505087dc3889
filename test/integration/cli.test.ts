// The burnrate command line against a real store when no collector runs on it: keys made by
// the CLI work on the collector, revocation by the CLI sticks, export gives the stored calls
// with exact costs. (With a collector running: cliWithCollector.test.ts.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closedPort, runCli } from '../support/cli';
import { fixtureJson, fixtureRange } from '../support/fixtures';
import { postTraces, startCollector } from '../support/collector';
import { removeTestDir } from '../support/removeTestDir';

const RANGE = new URLSearchParams(fixtureRange());
const EXPORT_RANGE = ['--from', RANGE.get('from')!, '--to', RANGE.get('to')!];
const dataDir = mkdtempSync(join(tmpdir(), 'burnrate-cli-'));
afterAll(() => removeTestDir(dataDir));
// The address the CLI asks for a running collector: nothing listens there, so it opens the store.
let port = '';
beforeAll(async () => {
  port = String(await closedPort());
});

function burnrate(args: string[], extraEnv: Record<string, string> = {}, cwd = process.cwd()) {
  return runCli(args, { BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: port, ...extraEnv }, { cwd });
}

it('an empty list says so (users and budgets: cliWithCollector.test.ts)', async () => {
  expect((await burnrate(['keys', 'list'])).stdout).toContain('no keys yet: burnrate keys create --name N');
});

it('keys created and revoked by the CLI; export of what was stored', async () => {
  const created = await burnrate(['keys', 'create', '--name', 'support-bot', '--project', 'support']);
  expect(created.code).toBe(0);
  const key = /(brk_\S+)/.exec(created.stdout)![1]!;
  const id = key.split('_')[1]!;
  expect((await burnrate(['keys', 'list'])).stdout).toMatch(new RegExp(`${id}\\s+ingest\\s+support\\s+active\\s+support-bot`));

  const collector = await startCollector({ BURNRATE_AUTH: 'on' }, [], { dataDir });
  expect((await postTraces(collector.url, fixtureJson('native-create-cache'), { 'content-type': 'application/json', 'x-burnrate-key': key })).status).toBe(200);
  expect((await postTraces(collector.url, fixtureJson('openllmetry-create'), { 'content-type': 'application/json', 'x-burnrate-key': key })).status).toBe(200);
  await collector.stop();

  const csv = await burnrate(['export', ...EXPORT_RANGE, '--format', 'csv']);
  expect(csv.code).toBe(0);
  const [header, ...lines] = csv.stdout.trim().split('\n');
  expect(header).toContain('start_time,trace_id,span_id');
  expect(lines).toHaveLength(2);
  // Exact costs: 21,291,600 and 18,987,600 nano-dollars (see test/integration/ingest.test.ts).
  expect(lines.map((l) => l.split(',').at(-1)).sort()).toEqual(['0.0189876', '0.0212916']);
  expect(lines.every((l) => l.includes(',support,'))).toBe(true);
  const jsonl = await burnrate(['export', ...EXPORT_RANGE, '--format', 'jsonl']);
  expect(
    jsonl.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).model),
  ).toEqual(['claude-sonnet-4-6', 'claude-sonnet-4-6']);

  expect((await burnrate(['keys', 'revoke', id])).code).toBe(0);
  const again = await startCollector({ BURNRATE_AUTH: 'on' }, [], { dataDir });
  expect((await postTraces(again.url, fixtureJson('native-stream'), { 'content-type': 'application/json', 'x-burnrate-key': key })).status).toBe(401);
  await again.stop();
});

it('config check prints each setting with its source; a bad file names itself', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'burnrate-cli-cfg-'));
  writeFileSync(join(cwd, 'burnrate.config.json'), JSON.stringify({ BURNRATE_RETENTION_DAYS: 90 }));
  const ok = await burnrate(['config', 'check'], { BURNRATE_PORT: '5000' }, cwd);
  expect(ok.code).toBe(0);
  expect(ok.stdout).toMatch(/BURNRATE_PORT\s+5000\s+environment/);
  expect(ok.stdout).toMatch(new RegExp(`BURNRATE_RETENTION_DAYS\\s+90\\s+${join(cwd, 'burnrate.config.json')}`));
  writeFileSync(join(cwd, 'burnrate.config.json'), JSON.stringify({ BURNRATE_PORT: 'x' }));
  // An empty variable counts as unset, so the file's value is the one checked.
  const bad = await burnrate(['config', 'check'], { BURNRATE_PORT: '' }, cwd);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('BURNRATE_PORT');
  expect(bad.stderr).toContain('burnrate.config.json');
  removeTestDir(cwd);
});

it('budgets set creates by name, then changes it; list shows where each stands', async () => {
  const created = await burnrate(['budgets', 'set', '--name', 'search daily', '--amount', '50', '--scope', 'team:search']);
  expect(created.code).toBe(0);
  expect(created.stdout).toMatch(/created budget search daily/);
  expect((await burnrate(['budgets', 'set', '--name', 'search daily', '--amount', '75.5', '--scope', 'team:search'])).stdout).toMatch(
    /changed budget search daily/,
  );
  const listed = await burnrate(['budgets', 'list']);
  expect(listed.stdout).toMatch(/search daily\s+team search\s+\$0\.00 of \$75\.50 per day \(0\.0%\)/);
  expect(listed.stdout.match(/search daily/g)).toHaveLength(1);
  const bad = await burnrate(['budgets', 'set', '--name', 'x', '--amount=-3']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--amount');
});

it('a mistyped command prints the usage and exits 2', async () => {
  const res = await burnrate(['kyes']);
  expect(res.code).toBe(2);
  expect(res.stderr).toContain('usage: burnrate');
});

it('--help lists every command; <command> --help shows its options; bad arguments exit 2 with that usage', async () => {
  const help = await burnrate(['--help']);
  expect(help.code).toBe(0);
  for (const name of ['start', 'migrate', 'config', 'login', 'logout', 'keys', 'users', 'budgets', 'export'])
    expect(help.stdout).toMatch(new RegExp(`^  ${name}\\s`, 'm'));
  const users = await burnrate(['users', '--help']);
  expect(users.code).toBe(0);
  expect(users.stdout).toContain('burnrate users create --username U [--role viewer|admin]');
  expect(users.stdout).toContain('burnrate users disable');
  const badFlag = await burnrate(['keys', 'list', '--bogus']);
  expect(badFlag.code).toBe(2);
  expect(badFlag.stderr).toContain('burnrate keys create --name N');
  const badRole = await burnrate(['users', 'create', '--username', 'ann', '--role', 'owner']);
  expect(badRole.code).toBe(2);
  expect(badRole.stderr).toContain('--role must be one of admin, viewer');
});

it('users on the store itself: the password from stdin, never from the command line', async () => {
  const run = (args: string[], stdin?: string) => runCli(args, { BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: port }, { stdin });
  const noPassword = await run(['users', 'create', '--username', 'ann', '--role', 'admin']);
  expect(noPassword.code).toBe(1);
  expect(noPassword.stderr).toContain('nothing on standard input');
  expect((await run(['users', 'create', '--username', 'ann', '--role', 'admin'], 'ann-password-123\n')).stdout).toContain(
    `created admin ann in the store in ${dataDir}`,
  );
  expect((await run(['users', 'list'])).stdout).toMatch(/^ann\s+admin\s+active/m);
});
