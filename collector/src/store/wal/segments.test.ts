// The log rolls to a new segment past its size, and a segment whose every entry is stored is
// deleted (off the main thread: until then it still counts on disk).
import { mkdtempSync, readdirSync } from 'node:fs';
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
