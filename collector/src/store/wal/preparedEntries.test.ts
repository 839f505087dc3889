// The log keeps unstored exports in memory up to its budget, prepared for the insert as they are
// appended (preparedRows.ts); beyond the budget an export is read back from disk and
// prepared when its turn comes, and a stored export gives its room back.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readTracesExport, tracesExportRows } from '../../ingest/tracesRoute';
import { encodeTraceRequestFromJson } from '../../otlp/decode';
import { priceCalls } from '../../pricing/priceCalls';
import { loadPriceTable } from '../../pricing/priceTable';
import { syntheticExport } from '../../../../test/support/syntheticSpans';
import { removeTestDir } from '../../../../test/support/removeTestDir';
import { ExportFiles } from '../partFiles';
import { prepareRows, type PreparedRows } from '../preparedRows';
import { WriteAheadLog, type ReceivedExport } from './writeAheadLog';

const dir = mkdtempSync(join(tmpdir(), 'burnrate-wal-prepared-'));
afterAll(() => removeTestDir(dir));
const prices = loadPriceTable({});
const price = (calls: Parameters<typeof priceCalls>[1]) => priceCalls(prices, calls);
const SPANS = 5;
const files = new ExportFiles(join(dir, 'exports'), 1); // a spill file per part, to see which go
const prepareToFiles = (batch: Parameters<typeof prepareRows>[0], entryId: number): PreparedRows => prepareRows(batch, entryId, files);
const START_NS = BigInt(Date.now() - 600_000) * 1_000_000n;

function anExport(k: number): ReceivedExport {
  return {
    body: encodeTraceRequestFromJson(syntheticExport(SPANS, k * 100, START_NS + BigInt(k) * 1_000_000_000n)),
    encoding: 'protobuf',
    receivedAtMs: Date.now(),
  };
}

it('keeps exports prepared up to its budget, reads the rest back, and a stored export frees its room', async () => {
  const log = new WriteAheadLog(dir, {
    segmentBytes: 1 << 20,
    memoryCalls: 2 * SPANS,
    prepare: prepareToFiles,
    release: (id) => files.releaseThrough(id),
    derive: (_source, received) => tracesExportRows(received, price),
  });
  const append = (k: number) => {
    const received = anExport(k);
    const rows = readTracesExport(received, price);
    return log.append('traces', { calls: rows.calls, attempts: rows.attempts }, undefined, received);
  };
  const entries = await Promise.all([0, 1, 2].map(append));
  expect(entries.map((e) => [e.prepared !== undefined, e.batch !== undefined])).toEqual([
    [true, false],
    [true, false],
    [false, false],
  ]);
  // Beyond the budget: read back from disk and prepared now, not kept.
  expect(log.preparedOf(entries[2]!).hashes.count).toBe(SPANS);
  expect(entries[2]!.prepared).toBeUndefined();

  const firstFiles = [entries[0]!.prepared!.calls!, entries[0]!.prepared!.attempts!];
  const secondFile = entries[1]!.prepared!.calls!;
  await Promise.all([...firstFiles, secondFile].map((f) => f.written));
  log.markStored(entries[0]!.id);
  expect(entries[0]!.prepared).toBeUndefined();
  // Its blocks waited on disk; stored, they go (deleted by the thread pool), the next entry's stay.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect([...firstFiles, secondFile].map((f) => existsSync(f.segment.path))).toEqual([false, false, true]);
  const next = await append(3);
  expect(next.prepared?.hashes.count).toBe(SPANS);
  log.close();
});

it('prepares an export in its own append, before the sync, so its rows are not kept; rows it cannot prepare are kept as they are', async () => {
  const events: string[] = [];
  let failNext = false;
  const prepare = (batch: Parameters<typeof prepareRows>[0], entryId: number) => {
    events.push('prepared');
    if (failNext) throw new Error('cannot prepare');
    return prepareToFiles(batch, entryId);
  };
  const log = new WriteAheadLog(join(dir, 'at-append'), { segmentBytes: 1 << 20, memoryCalls: 100 * SPANS, prepare });
  const append = (k: number) => {
    const rows = readTracesExport(anExport(k), price);
    const appended = log.append('traces', { calls: rows.calls, attempts: rows.attempts });
    events.push('appended');
    return appended;
  };
  const [first, second] = await Promise.all([append(0), append(1)]);
  // Each in its own append (the request that brought it), not a group after the sync.
  expect(events).toEqual(['prepared', 'appended', 'prepared', 'appended']);
  expect([first, second].map((e) => [e!.prepared?.hashes.count, e!.batch])).toEqual([
    [SPANS, undefined],
    [SPANS, undefined],
  ]);
  failNext = true;
  const kept = await append(2);
  expect(kept.prepared).toBeUndefined();
  expect(kept.batch?.calls).toHaveLength(SPANS);
  log.close();
});
