// Starts a real collector (embedded chDB in a fresh temp directory, a real HTTP server on a
// loopback port) for one test file. chDB allows one data directory per process, and vitest's
// forks pool gives each test file its own process.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector, type Collector, type CollectorOptions } from '../../collector/src/app';
import type { CollectorModule } from '../../collector/src/collectorModule';
import { loadConfig } from '../../collector/src/config';
import { removeTestDir } from './removeTestDir';

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

/**
 * With CLICKHOUSE_URL set (and CLICKHOUSE_USER / CLICKHOUSE_PASSWORD), the same tests run
 * against that server, each test file in a database of its own that is dropped afterwards.
 */
function serverStore(): Record<string, string> {
  const url = process.env.CLICKHOUSE_URL;
  if (!url) return {};
  const database = `burnrate_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  return {
    CLICKHOUSE_URL: url,
    CLICKHOUSE_USER: process.env.CLICKHOUSE_USER ?? 'default',
    CLICKHOUSE_PASSWORD: process.env.CLICKHOUSE_PASSWORD ?? '',
    CLICKHOUSE_DATABASE: database,
  };
}

export async function startCollector(env: Record<string, string> = {}, modules: CollectorModule[] = [], options: StartOptions = {}): Promise<RunningCollector> {
  const reused = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'burnrate-test-'));
  const server = reused ? {} : serverStore();
  // ack 'stored': tests read back right after a 200. The default ack (from the log, before the
  // insert) is exercised by the fault tests, which run the collector as `npm start` does.
  const config = loadConfig({ BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: '0', BURNRATE_BATCH_INTERVAL_MS: '20', BURNRATE_ACK: 'stored', ...server, ...env });
  const collector = await createCollector(config, { ...options, modules });
  const { port } = await collector.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    collector,
    dataDir,
    stop: async () => {
      if (server.CLICKHOUSE_DATABASE && !options.keepData)
        await collector.gateway.command('test-cleanup', `DROP DATABASE IF EXISTS \`${server.CLICKHOUSE_DATABASE}\``);
      await collector.close();
      if (!reused && !options.keepData) removeTestDir(dataDir); // the engine may still be finishing a part's temp directory
    },
  };
}

export async function postTraces(url: string, body: Buffer | string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${url}/v1/traces`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers });
}
