// docker-compose.yml validated by Docker's own compose parser (no Docker engine runs here; the
// `config` command needs none). .ci/run installs it; a machine without one fails this test.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function composeConfig(env: Record<string, string>): Promise<{ ok: boolean; out: string }> {
  const attempts: [string, string[]][] = [
    ['docker', ['compose', 'config']],
    ['docker-compose', ['config']],
  ];
  let last = '';
  for (const [command, args] of attempts) {
    try {
      const { stdout } = await run(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
      return { ok: true, out: stdout };
    } catch (error) {
      const e = error as { code?: string | number; stderr?: string };
      if (e.code === 'ENOENT' || /unknown command|is not a docker command/.test(e.stderr ?? '')) continue;
      last = e.stderr ?? String(error);
      return { ok: false, out: last };
    }
  }
  throw new Error('neither `docker compose` nor `docker-compose` is installed (apt-get install docker-compose)');
}

it('docker-compose.yml is valid: pinned ClickHouse with volume and health check, collector pointed at it', async () => {
  const { ok, out } = await composeConfig({ CLICKHOUSE_PASSWORD: 'compose-test-password' });
  expect(ok).toBe(true);
  expect(out).toMatch(/image: clickhouse\/clickhouse-server:\d+\.\d+/);
  expect(out).toContain('clickhouse-data:/var/lib/clickhouse');
  expect(out).toMatch(/healthcheck:[\s\S]*SELECT 1/);
  expect(out).toContain('CLICKHOUSE_URL: http://clickhouse:8123');
  expect(out).toMatch(/condition: service_healthy/);
  expect(out).toContain('BURNRATE_HOST: 0.0.0.0');
});

it('both services restart on their own; the collector keeps its data and spool on a named volume', async () => {
  const { ok, out } = await composeConfig({ CLICKHOUSE_PASSWORD: 'compose-test-password' });
  expect(ok).toBe(true);
  expect(out.match(/restart: unless-stopped/g)).toHaveLength(2);
  expect(out).toMatch(/collector-data:\/var\/lib\/burnrate/);
  expect(out).toMatch(/^volumes:[\s\S]*^ {2}collector-data:/m);
});

it('the password is only ever in an environment, never in a command line (health checks included)', async () => {
  const { ok, out } = await composeConfig({ CLICKHOUSE_PASSWORD: 'compose-test-password' });
  expect(ok).toBe(true);
  const lines = out.split('\n').filter((line) => line.includes('compose-test-password'));
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line.trim()).toBe('CLICKHOUSE_PASSWORD: compose-test-password');
});

it('refuses to run without a ClickHouse password, saying which variable is missing', async () => {
  const { ok, out } = await composeConfig({});
  expect(ok).toBe(false);
  expect(out).toContain('CLICKHOUSE_PASSWORD');
});
