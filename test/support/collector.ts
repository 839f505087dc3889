// Starts a real collector (embedded chDB in a fresh temp directory, a real HTTP server on a
// loopback port) for one test file. chDB allows one data directory per process, and vitest's
// forks pool gives each test file its own process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector, type Collector, type CollectorModule, type CollectorOptions } from '../../collector/src/app';
import { loadConfig } from '../../collector/src/config';

export interface RunningCollector {
  url: string;
  collector: Collector;
  dataDir: string;
  stop(): Promise<void>;
}

export interface StartOptions extends Omit<CollectorOptions, 'modules'> {
  /** Reopen an existing data directory (a restart); it is then kept when this collector stops. */
  dataDir?: string;
  /** Keep a fresh data directory after stop, to reopen it in a restart test. */
  keepData?: boolean;
}

export async function startCollector(env: Record<string, string> = {}, modules: CollectorModule[] = [], options: StartOptions = {}): Promise<RunningCollector> {
  const reused = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'burnrate-test-'));
  const config = loadConfig({ BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: '0', BURNRATE_BATCH_INTERVAL_MS: '20', ...env });
  const collector = await createCollector(config, { ...options, modules });
  const { port } = await collector.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    collector,
    dataDir,
    stop: async () => {
      await collector.close();
      if (!reused && !options.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postTraces(url: string, body: Buffer | string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${url}/v1/traces`, { method: "POST", body: typeof body === "string" ? body : new Uint8Array(body), headers });
}
