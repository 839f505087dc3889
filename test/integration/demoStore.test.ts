// `npm run demo` keeps to a store of its own: never the real data directory, spool or database,
// never the real port; `--reset` empties it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { demoConfig } from '../demo/demoStore';
import { closedPort } from '../support/cli';
import { removeTestDir } from '../support/removeTestDir';

const DEMO = fileURLToPath(new URL('../demo/demo.ts', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'burnrate-demo-'));
afterAll(() => removeTestDir(scratch));

it('the demo config replaces the real store, spool, database and port, and refuses the real data directory', () => {
  const real = { BURNRATE_DATA_DIR: '/srv/burnrate/data', BURNRATE_SPOOL_DIR: '/srv/burnrate/spool', BURNRATE_PORT: '4318', CLICKHOUSE_DATABASE: 'prod' };
  const demo = demoConfig({ ...real, BURNRATE_DEMO_DATA_DIR: '/tmp/demo-store' });
  expect(demo.BURNRATE_DATA_DIR).toBe('/tmp/demo-store');
  expect(demo.BURNRATE_SPOOL_DIR).toBe('/tmp/demo-store/spool');
  expect(demo.CLICKHOUSE_DATABASE).toBe('prod_demo');
  expect(demo.BURNRATE_PORT).toBe(4319);
  expect(resolve(demoConfig(real).BURNRATE_DATA_DIR)).toBe(resolve('.burnrate/demo'));
  expect(() => demoConfig({ ...real, BURNRATE_DEMO_DATA_DIR: '/srv/burnrate/data/' })).toThrow(/needs its own/);
});

function runDemo(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', DEMO, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

it('fills its own directory, never the real one; --reset empties it and fills again', async () => {
  const realDir = join(scratch, 'real');
  const demoDir = join(scratch, 'demo');
  const env = {
    BURNRATE_DATA_DIR: realDir,
    BURNRATE_DEMO_DATA_DIR: demoDir,
    BURNRATE_DEMO_PORT: String(await closedPort()),
    BURNRATE_SERVE_DASHBOARD: 'false',
    DEMO_EXIT: '1',
    DEMO_DAYS: '2',
    DEMO_CALLS_PER_DAY: '20',
  };
  const first = await runDemo([], env);
  expect(first.code).toBe(0);
  expect(first.output).toContain(`on the demo store (${demoDir}), apart from real data`);
  expect(first.output).toMatch(/demo: \d+ calls over 2 days/);
  expect(existsSync(join(demoDir, 'spool'))).toBe(true);
  expect(existsSync(realDir)).toBe(false);

  const reset = await runDemo(['--reset'], env);
  expect(reset.code).toBe(0);
  expect(reset.output).toContain(`demo: reset: removed ${demoDir}`);
  // Emptied first, so it fills again instead of serving what the first run left.
  expect(reset.output).not.toContain('already holds');
  expect(reset.output).toMatch(/demo: \d+ calls over 2 days/);
  expect(existsSync(realDir)).toBe(false);
});
