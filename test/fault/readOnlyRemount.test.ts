// The data directory turns read-only while the collector runs under load, then read-write again
// (issue 17). The directory (store and write-ahead log) is on a tmpfs; an exporter in another
// process sends 512-span protobuf exports on 4 connections throughout.
//
// How it turns read-only: Linux refuses to remount a file system read-only while any file on it
// is open for writing (EBUSY), and the log always holds its segment open, so an in-place
// `mount -o remount,ro` cannot happen under load. What can: a bind mount of the directory over
// itself, remounted read-only. Files already open keep their writable mount; everything opened
// after — the log's next segment, ClickHouse's new parts — fails with EROFS, as on a disk the
// kernel turned read-only. `mount -o remount,bind,rw` gives it back.
//
// Every export while it is read-only must be refused with 503 + Retry-After, counted under the
// cause read_only; once read-write again, every acknowledged span is stored, none twice.
// Needs root (mount); where mounting is refused, the test says why it skipped.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { spawnCollector } from '../support/collectorProcess';
import { spawnSender } from '../support/otlpSenderProcess';
import { expectAcknowledgedStoredOnce } from '../support/storedLedger';
import { logHealth, until } from '../support/walHealth';
import { mountTmpfs, tmpfsRefusal, unmountTmpfs } from '../support/tmpfs';

const refusal = tmpfsRefusal();
// Room for a whole 64 MiB log segment (the log rolls to a new file, which fails, only once the
// open one is full) and the store beside it.
const mountPoint = refusal === undefined ? mountTmpfs('1g') : '';
let readOnlyLayer: string | undefined;
afterAll(() => {
  if (readOnlyLayer) execFileSync('umount', ['-l', readOnlyLayer]);
  unmountTmpfs();
});

/**
 * Binds the directory over itself and makes the bind read-only. A file opened for writing on the
 * new bind between the two commands (a new part, the log's next segment) makes the remount fail
 * with EBUSY (mount point is busy): then the bind is undone and made again.
 */
function bindReadOnly(dir: string): void {
  for (let attempt = 1; ; attempt++) {
    execFileSync('mount', ['--bind', dir, dir]);
    try {
      execFileSync('mount', ['-o', 'remount,bind,ro', dir], { stdio: 'pipe' });
      return;
    } catch (error) {
      execFileSync('umount', ['-l', dir]);
      if (attempt >= 50) throw error;
    }
  }
}

it('a data directory remounted read-only under load: exports refused 503 + Retry-After (read_only); nothing acknowledged lost once read-write again', async (ctx) => {
  if (refusal !== undefined) {
    console.warn(`readOnlyRemount.test: skipped: ${refusal}`);
    ctx.skip();
  }
  const dataDir = join(mountPoint, 'data');
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const collector = await spawnCollector({ BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: port, BURNRATE_LOG_MIN_FREE_BYTES: String(16 * 1024 * 1024) }, 60_000);
  const sender = spawnSender({ url: collector.url, connections: 4, spansPerExport: 512, drainSeconds: 180 });
  await until(async () => (await logHealth(collector.url)).diskBytes > 4 * 1024 * 1024, 60_000);

  bindReadOnly(dataDir);
  readOnlyLayer = dataDir;
  await until(async () => (await logHealth(collector.url)).refusals.read_only >= 20, 240_000);
  const whileReadOnly = await logHealth(collector.url);

  execFileSync('mount', ['-o', 'remount,bind,rw', dataDir]);
  await new Promise((r) => setTimeout(r, 3000)); // load continues on the writable directory
  const ledger = await sender.stop();
  await until(async () => (await logHealth(collector.url)).entries === 0, 240_000);
  const health = await logHealth(collector.url);
  collector.child.kill('SIGTERM');
  expect(await collector.exited).toBe(0);
  execFileSync('umount', [dataDir]);
  readOnlyLayer = undefined;

  await expectAcknowledgedStoredOnce(dataDir, ledger, 512, 'readOnlyRemount.test', {
    insertErrorWhileReadOnly: whileReadOnly.insertError,
    refusals: health.refusals,
  });
  // Refused for the cause that happened, not a generic one: an operator reads "read_only" and looks at the mount.
  expect(whileReadOnly.refusals.read_only).toBeGreaterThanOrEqual(20);
  expect(ledger.refusedWithRetryAfter).toBeGreaterThanOrEqual(20);
}, 600_000);
