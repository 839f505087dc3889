// The log keeps unstored exports in memory up to its budget, prepared for the insert once they are
// synced and answered (preparedRows.ts); beyond the budget an export is read back from disk and
// prepared when its turn comes, and a stored export gives its room back.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readTracesExport, tracesExportRows } from '../../ingest/tracesRoute';
import { encodeTraceRequestFromJson } from '../../otlp/decode';
import { priceCalls } from '../../pricing/priceCalls';
import { loadPriceTable } from '../../pricing/priceTable';
import { syntheticExport } from '../../../../test/support/syntheticSpans';
import { removeTestDir } from '../../../../test/support/removeTestDir';
import { prepareRows } from '../preparedRows';
import { WriteAheadLog, type ReceivedExport } from './writeAheadLog';

const dir = mkdtempSync(join(tmpdir(), 'burnrate-wal-prepared-'));
afterAll(() => removeTestDir(dir));
const prices = loadPriceTable({});
const price = (calls: Parameters<typeof priceCalls>[1]) => priceCalls(prices, calls);
const SPANS = 5;
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
    prepare: prepareRows,
    derive: (_source, received) => tracesExportRows(received, price),
  });
  const append = (k: number) => {
    const received = anExport(k);
    const rows = readTracesExport(received, price);
    return log.append('traces', { calls: rows.calls, attempts: rows.attempts }, undefined, received);
  };
  const entries = await Promise.all([0, 1, 2].map(append));
  await new Promise((r) => setImmediate(r)); // prepared after the answers
  expect(entries.map((e) => [e.prepared !== undefined, e.batch !== undefined])).toEqual([
    [true, false],
    [true, false],
    [false, false],
  ]);
  // Beyond the budget: read back from disk and prepared now, not kept.
  expect(log.preparedOf(entries[2]!).hashes.count).toBe(SPANS);
  expect(entries[2]!.prepared).toBeUndefined();

  log.markStored(entries[0]!.id);
  expect(entries[0]!.prepared).toBeUndefined();
  const next = await append(3);
  await new Promise((r) => setImmediate(r));
  expect(next.prepared?.hashes.count).toBe(SPANS);
  log.close();
});

it('prepares a group of exports a slice at a time, so the event loop turns between long preparations', async () => {
  const events: string[] = [];
  const slowPrepare: typeof prepareRows = (batch) => {
    const until = performance.now() + 5; // longer than a slice
    while (performance.now() < until);
    events.push('prepared');
    return prepareRows(batch);
  };
  const log = new WriteAheadLog(join(dir, 'slices'), { segmentBytes: 1 << 20, memoryCalls: 100 * SPANS, prepare: slowPrepare });
  let ticking = true;
  const tick = () => {
    events.push('turn');
    if (ticking) setImmediate(tick);
  };
  tick();
  const entries = await Promise.all(
    [0, 1, 2, 3, 4].map((k) => {
      const rows = readTracesExport(anExport(k), price);
      return log.append('traces', { calls: rows.calls, attempts: rows.attempts });
    }),
  );
  while (entries.some((e) => e.prepared === undefined)) await new Promise((r) => setImmediate(r));
  ticking = false;
  expect(events.filter((e) => e === 'prepared')).toHaveLength(5);
  expect(events.join(',')).not.toContain('prepared,prepared');
  log.close();
});
