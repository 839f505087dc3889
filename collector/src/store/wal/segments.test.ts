// The log rolls to a new segment past its size, and a segment whose every entry is stored is
// deleted (off the main thread: until then it still counts on disk).
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { syntheticExport } from '../../../../test/support/syntheticSpans';
import { removeTestDir } from '../../../../test/support/removeTestDir';
import { normalize } from '../../normalize/normalize';
import { decodeTraces } from '../../otlp/decode';
import { WriteAheadLog } from './writeAheadLog';

const dir = mkdtempSync(join(tmpdir(), 'burnrate-wal-segments-'));
afterAll(() => removeTestDir(dir));
const START_NS = BigInt(Date.now() - 600_000) * 1_000_000n;
const batch = (first: number) => {
  const { calls, attempts } = normalize(decodeTraces(Buffer.from(JSON.stringify(syntheticExport(5, first, START_NS))), 'json'));
  return { calls, attempts };
};
const segmentFiles = () => readdirSync(dir).filter((n) => n.endsWith('.wal'));

it('rolls past the segment size, and deletes the segments whose entries are all stored', async () => {
  const log = new WriteAheadLog(dir, { segmentBytes: 4096, memoryCalls: 1e9 });
  const batches = Array.from({ length: 6 }, (_, i) => batch(i * 10));
  const entries = [];
  for (const b of batches) entries.push(await log.append('traces', b));
  expect(segmentFiles().length).toBeGreaterThanOrEqual(3);
  const before = log.depth().diskBytes;

  log.markStored(entries[3]!.id);
  await new Promise((r) => setTimeout(r, 100));
  const left = segmentFiles();
  expect(left.length).toBeLessThan(6);
  // What is left still holds the unstored entries, readable as they were.
  expect(log.peek(1e9).map((e) => e.id)).toEqual([entries[4]!.id, entries[5]!.id]);
  expect(log.rowsOf(log.peek(1e9)[1]!).calls.map((c) => c.spanId)).toEqual(batches[5]!.calls.map((c) => c.spanId));
  expect(log.depth().diskBytes).toBeLessThan(before);
  log.close();
  const reopened = new WriteAheadLog(dir, { segmentBytes: 4096, memoryCalls: 1e9 });
  expect(reopened.recovered).toBe(2);
  reopened.close();
});

it('makes the next segment before it is needed, so a roll waits for no file to be made; an empty one left by a crash costs nothing', async () => {
  const aheadDir = mkdtempSync(join(tmpdir(), 'burnrate-wal-spare-'));
  try {
    const files = () =>
      readdirSync(aheadDir)
        .filter((n) => n.endsWith('.wal'))
        .sort();
    const log = new WriteAheadLog(aheadDir, { segmentBytes: 4096, memoryCalls: 1e9 });
    const first = await log.append('traces', batch(100));
    await new Promise((r) => setTimeout(r, 100)); // the spare's directory sync
    // The segment written to, and an empty one after it.
    expect(files()).toHaveLength(2);
    expect(statSync(join(aheadDir, files()[1]!)).size).toBe(0);
    expect(statSync(join(aheadDir, files()[0]!)).size).toBeGreaterThan(0);
    // Past the segment size the next append goes into the spare, and a new spare is made.
    const second = await log.append('traces', batch(110));
    await new Promise((r) => setTimeout(r, 100));
    expect(second.segment).toBe(first.segment + 1);
    expect(files()).toHaveLength(3);
    expect(statSync(join(aheadDir, files()[2]!)).size).toBe(0);
    log.close(); // as after kill -9: the empty spare stays on disk

    const reopened = new WriteAheadLog(aheadDir, { segmentBytes: 4096, memoryCalls: 1e9 });
    expect(reopened.recovered).toBe(2);
    expect(reopened.peek(1e9).map((e) => e.id)).toEqual([first.id, second.id]);
    reopened.markStored(second.id);
    // Unlinked off the main thread: wait for it (a loaded machine takes longer than an idle one).
    for (let waited = 0; files().length > 0 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(files()).toHaveLength(0); // the empty spare went with the stored segments
    reopened.close();
  } finally {
    removeTestDir(aheadDir);
  }
});

it('reports how long its durable writes took over the last minute', async () => {
  const timedDir = mkdtempSync(join(tmpdir(), 'burnrate-wal-synctime-'));
  try {
    const log = new WriteAheadLog(timedDir, { segmentBytes: 1 << 20, memoryCalls: 1e9 });
    expect(log.depth().syncMs).toEqual({ p50: 0, p99: 0, max: 0 });
    for (let i = 0; i < 5; i++) await log.append('traces', batch(200 + i * 10));
    const { p50, p99, max } = log.depth().syncMs;
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(p99);
    expect(p99).toBeLessThanOrEqual(max);
    log.close();
  } finally {
    removeTestDir(timedDir);
  }
});
