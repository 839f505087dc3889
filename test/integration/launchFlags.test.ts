// Every way the collector is launched gives node the same flags (heapSizing.ts says why each):
// npm start at the root and in the collector package, and the container image's NODE_OPTIONS.
// A collector started without them, on a heap small enough to slow ingest, says so.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { COLLECTOR_NODE_FLAGS, FAST_OLD_SPACE_MIB } from '../../collector/src/processHealth/heapSizing';
import { spawnCollector } from '../support/collectorProcess';
import { parseDockerfile } from '../support/dockerfile';
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
  const collector = await spawnCollector({ NODE_OPTIONS: '--max-old-space-size=256', BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: '0' }, 60_000);
  try {
    await expect
      .poll(() => /JavaScript heap limited to \d+ MiB by --max-old-space-size/.test(collector.output()), { timeout: 10_000, interval: 100 })
      .toBe(true);
    const { process: health } = await (await fetch(`${collector.url}/healthz`)).json();
    expect(health.heapSizedBy).toBe('flag');
    expect(health.heapLimitBytes).toBeLessThan(FAST_OLD_SPACE_MIB * 1024 * 1024);
    const metrics = await (await fetch(`${collector.url}/metrics`)).text();
    expect(metrics).toContain(`burnrate_process_heap_limit_bytes{sized_by="flag"} ${health.heapLimitBytes}`);
  } finally {
    collector.child.kill('SIGTERM');
    await collector.exited;
    removeTestDir(dataDir);
  }
}, 90_000);
