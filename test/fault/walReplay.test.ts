// The write-ahead log against the store's faults, with the collector and an OTLP exporter each
// in a process of their own (protobuf exports of 256 SDK call spans, 4 connections):
// - ClickHouse refuses every statement for a while under load: exports are still acknowledged
//   from the log, and everything reaches the store once ClickHouse is back;
// - kill -9 while the log is being replayed into ClickHouse, then again on the next start.
// After each: stored == acknowledged, no row twice (physically: no duplicate rows at all).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { COLLECTOR_MAIN, FAULTY_MAIN, spawnCollector, type CollectorProcess } from '../support/collectorProcess';
import { spawnSender } from '../support/otlpSenderProcess';
import { expectAcknowledgedStoredOnce } from '../support/storedLedger';
import type { SenderLedger } from '../support/otlpSender';
import { logHealth, until } from '../support/walHealth';
import { removeTestDir } from '../support/removeTestDir';
import { reapOnExit } from '../support/reapChildren';

const SPANS = 256;
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => removeTestDir(dir)));

function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'burnrate-walreplay-'));
  dirs.push(dataDir);
  // Small inserts, so a replay is many inserts long and a kill can land in the middle of it.
  const env = { BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: String(20000 + Math.floor(Math.random() * 20000)), BURNRATE_BATCH_ROWS: '1024' };
  return { dataDir, env };
}

/** How far the log's entries have been stored (the checkpoint the inserter writes). */
const storedThrough = (dataDir: string) => {
  try {
    return Number(readFileSync(join(dataDir, 'wal', 'stored'), 'utf8'));
  } catch {
    return 0;
  }
};

/** The log's segment files when the kill lands: proof the replay was not finished. */
function logDepthOnDisk(dataDir: string) {
  const files = readdirSync(join(dataDir, 'wal')).filter((n) => n.endsWith('.wal'));
  return { segmentFiles: files.length };
}

const expectLedgerExact = (dataDir: string, ledger: SenderLedger, label: string) =>
  expectAcknowledgedStoredOnce(dataDir, ledger, SPANS, `walReplay.test (${label})`, { connectionErrors: ledger.connectionErrors });

it('ClickHouse refuses writes for a while under load: acknowledged from the log, all stored once it is back', async () => {
  const { dataDir, env } = setup();
  const collector = await spawnCollector(env, 60_000, FAULTY_MAIN);
  const sender = spawnSender({ url: collector.url, connections: 4, spansPerExport: SPANS, drainSeconds: 120 });
  await until(async () => (await logHealth(collector.url)).insertError === null && storedThrough(dataDir) > 0, 60_000);
  collector.child.kill('SIGUSR2'); // ClickHouse down
  await until(async () => (await logHealth(collector.url)).insertError !== null, 30_000);
  const before = storedThrough(dataDir);
  await new Promise((r) => setTimeout(r, 6000));
  const during = await logHealth(collector.url);
  expect(storedThrough(dataDir)).toBe(before); // nothing stored while down…
  expect(during.entries).toBeGreaterThan(0); // …yet exports were acknowledged into the log
  collector.child.kill('SIGUSR2'); // back
  const ledger = await sender.stop();
  await until(async () => (await logHealth(collector.url)).entries === 0, 180_000);
  collector.child.kill('SIGTERM');
  expect(await collector.exited).toBe(0);
  await expectLedgerExact(dataDir, ledger, 'clickhouse refusing');
}, 480_000);

it('kill -9 during replay, twice: nothing acknowledged is lost, nothing is stored twice', async () => {
  const { dataDir, env } = setup();
  // A backlog: acknowledged into the log while ClickHouse is down.
  let collector: CollectorProcess = await spawnCollector({ ...env, BURNRATE_TEST_STORE_DOWN: '1' }, 60_000, FAULTY_MAIN);
  const sender = spawnSender({ url: collector.url, connections: 4, spansPerExport: SPANS, drainSeconds: 240 });
  await until(async () => (await logHealth(collector.url)).calls >= 30 * 1024, 120_000);
  collector.child.kill('SIGKILL');
  await collector.exited;
  const replayKills: object[] = [];
  for (let kill = 0; kill < 2; kill++) {
    // Replay starts as soon as the log is open; kill once part of it is stored, not all.
    // (spawned by hand: spawnCollector hands the process over only once it listens, which on a
    // loaded machine can be after the replay ended)
    const start = storedThrough(dataDir);
    const child = reapOnExit(
      spawn(process.execPath, ['--import', 'tsx', COLLECTOR_MAIN], {
        env: { ...process.env, ...env, BURNRATE_SERVE_DASHBOARD: 'false' },
        stdio: 'ignore',
      }),
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await until(() => storedThrough(dataDir) > start, 120_000, 10);
    const depth = await logDepthOnDisk(dataDir);
    child.kill('SIGKILL');
    await exited;
    replayKills.push({ storedThroughAtKill: storedThrough(dataDir), ...depth });
  }
  collector = await spawnCollector(env, 60_000);
  const ledger = await sender.stop();
  await until(async () => (await logHealth(collector.url)).entries === 0, 240_000);
  collector.child.kill('SIGTERM');
  expect(await collector.exited).toBe(0);
  console.log(`walReplay.test: killed during replay at ${JSON.stringify(replayKills)}`);
  await expectLedgerExact(dataDir, ledger, 'kill -9 during replay');
}, 600_000);
