// Issue 21's three runs, as a test: the collector's data directory (store and write-ahead log)
// on a 40 MiB tmpfs, an exporter in another process sending 512-span protobuf exports on 4
// connections until the disk is full; then the disk grows to 2 GiB. Every acknowledged span must
// be stored, no row twice, and every send while the disk was full answered 503 with Retry-After
// (never a 500). Needs root (mount); where mounting is refused, the test says why it skipped.
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { spawnCollector } from '../support/collectorProcess';
import { spawnSender } from '../support/otlpSenderProcess';
import { expectAcknowledgedStoredOnce } from '../support/storedLedger';
import { logHealth, until } from '../support/walHealth';
import { mountTmpfs, resizeTmpfs, tmpfsRefusal, unmountTmpfs } from '../support/tmpfs';

const refusal = tmpfsRefusal();
afterAll(() => unmountTmpfs());

const FLOORS = [
  // A floor that fits a 40 MiB disk (the default, 256 MiB, would refuse from the start): the log refuses before ClickHouse runs out.
  { name: 'with a floor', minFreeBytes: 6 * 1024 * 1024 },
  // Next to no floor: ClickHouse itself runs out mid-insert ("while pushing to view …"), the case that left rollups short of the raw rows.
  { name: 'without a floor, ClickHouse runs out mid-insert', minFreeBytes: 1 },
];

it.for(FLOORS)(
  'a disk that fills under load ($name): every acknowledged span is stored once the disk grows, rollups equal raw rows; every refusal is a 503 with Retry-After',
  { timeout: 480_000 },
  async ({ minFreeBytes }, ctx) => {
    if (refusal !== undefined) {
      console.warn(`diskFull.test: skipped: ${refusal}`);
      ctx.skip();
    }
    const mountPoint = mountTmpfs('40m');
    const dataDir = join(mountPoint, 'data');
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const collector = await spawnCollector({ BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: port, BURNRATE_LOG_MIN_FREE_BYTES: String(minFreeBytes) }, 60_000);
    const sender = spawnSender({ url: collector.url, connections: 4, spansPerExport: 512, drainSeconds: 120 });
    // Full: the log refuses by its floor (or an append hits ENOSPC) for a while.
    await until(async () => {
      const { refusals } = await logHealth(collector.url);
      return refusals.disk_below_floor + refusals.no_space >= 20;
    }, 120_000);
    resizeTmpfs(mountPoint, '2g');
    await new Promise((r) => setTimeout(r, 3000)); // load continues on the grown disk
    const ledger = await sender.stop();
    await until(async () => (await logHealth(collector.url)).entries === 0, 180_000);
    const health = await logHealth(collector.url);
    collector.child.kill('SIGTERM');
    expect(await collector.exited).toBe(0);

    await expectAcknowledgedStoredOnce(dataDir, ledger, 512, 'diskFull.test', { refusals: health.refusals });
    expect(ledger.refusedWithRetryAfter).toBeGreaterThanOrEqual(20);
  },
);
