// Every way the collector is launched gives node the same flags (heapSizing.ts says why each):
// npm start at the root and in the collector package, and the container image's NODE_OPTIONS.
// A collector started without them, on a heap small enough to slow ingest, says so.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { COLLECTOR_NODE_FLAGS, FAST_OLD_SPACE_MIB } from '../../collector/src/processHealth/heapSizing';
import { COLLECTOR_MAIN } from '../support/collectorProcess';
import { parseDockerfile } from '../support/dockerfile';
import { reapOnExit } from '../support/reapChildren';
import { removeTestDir } from '../support/removeTestDir';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const startScript = (packageJson: string) => (JSON.parse(readFileSync(`${ROOT}/${packageJson}`, 'utf8')) as { scripts: { start: string } }).scripts.start;

function imageNodeOptions(): string {
  const env = parseDockerfile(`${ROOT}/Dockerfile`)
    .at(-1)!
    .instructions.filter((i) => i.keyword === 'ENV')
    .map((i) => i.args)
    .join(' ');
  const match = /NODE_OPTIONS=(?:"([^"]*)"|(\S+))/.exec(env);
  return match?.[1] ?? match?.[2] ?? '';
}

it.each([
  ['npm start (root)', () => startScript('package.json')],
  ['npm start (collector package)', () => startScript('collector/package.json')],
  ["the container image's NODE_OPTIONS", imageNodeOptions],
])('%s gives node every flag the collector runs with', (_launch, flagsOf) => {
  const given = flagsOf().split(/\s+/);
  for (const flag of COLLECTOR_NODE_FLAGS) expect(given).toContain(flag);
});

it('a collector whose heap is small says so when it starts, and /healthz and /metrics say who sized it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'burnrate-heapsizing-'));
  // NODE_OPTIONS as an operator sets it: the notice is a note (their value is kept), not a warning.
  const child = reapOnExit(
    spawn(process.execPath, ['--import', 'tsx', COLLECTOR_MAIN], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=256', BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: '0', BURNRATE_SERVE_DASHBOARD: 'false' },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  try {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await expect.poll(() => /JavaScript heap limited to \d+ MiB by --max-old-space-size/.test(out), { timeout: 60_000, interval: 100 }).toBe(true);
    const url = /listening on (http:\/\/[\d.:]+)/.exec(out)![1]!;
    const { process: health } = await (await fetch(`${url}/healthz`)).json();
    expect(health.heapSizedBy).toBe('flag');
    expect(health.heapLimitBytes).toBeLessThan(FAST_OLD_SPACE_MIB * 1024 * 1024);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain(`burnrate_process_heap_limit_bytes{sized_by="flag"} ${health.heapLimitBytes}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    removeTestDir(dataDir);
  }
}, 90_000);
