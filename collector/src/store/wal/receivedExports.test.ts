// The write-ahead log keeps a traces export as it came in (its body, the time and the key), not
// its rows: a restart reads it back through the route's own reader into the very same rows, priced
// and stamped as they were, and decoded as of when it came in.
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
import { encodeFrame } from './frames';
import { WriteAheadLog, type ReceivedExport } from './writeAheadLog';

const dir = mkdtempSync(join(tmpdir(), 'burnrate-wal-received-'));
afterAll(() => removeTestDir(dir));
const prices = loadPriceTable({});
const price = (calls: Parameters<typeof priceCalls>[1]) => priceCalls(prices, calls);
const derive = (source: string, received: ReceivedExport) => {
  if (source !== 'traces') throw new Error(`no decoder for ${source}`);
  return tracesExportRows(received, price);
};

it('a logged export is read back after a restart into the same rows, as of when it came in', async () => {
  const receivedAtMs = Date.now() - 48 * 3_600_000;
  // The last span starts 25 hours after the export came in: too far in the future then, so refused
  // by the decoder; read back "now" it would be taken. The replay must refuse it too.
  const startNs = BigInt(receivedAtMs - 600_000) * 1_000_000n;
  const spans = syntheticExport(12, 0, startNs);
  const late = spans.resourceSpans[0]!.scopeSpans[0]!.spans.at(-1)!;
  const lateStart = BigInt(receivedAtMs + 25 * 3_600_000) * 1_000_000n;
  late.startTimeUnixNano = String(lateStart);
  late.endTimeUnixNano = String(lateStart + 1_000_000_000n);
  const received: ReceivedExport = { body: encodeTraceRequestFromJson(spans), encoding: 'protobuf', receivedAtMs, project: 'billing', keyId: 'key_1' };
  const first = readTracesExport(received, price);
  expect(first.calls.length).toBe(11);
  expect(first.calls.every((c) => c.project === 'billing' && c.keyId === 'key_1' && c.costNanoUsd !== null)).toBe(true);

  const log = new WriteAheadLog(dir, { segmentBytes: 1 << 20, memoryCalls: 1e9, derive });
  await log.append('traces', first, () => undefined, received);
  log.close();
  const reopened = new WriteAheadLog(dir, { segmentBytes: 1 << 20, memoryCalls: 1e9, derive });
  expect(reopened.recovered).toBe(1);
  const [entry] = reopened.peek(1e9);
  expect(entry!.calls).toBe(11);
  expect(reopened.rowsOf(entry!)).toEqual({ calls: first.calls, attempts: first.attempts });
  reopened.close();

  // Without a reader for it, the record is named unreadable rather than read as nothing.
  const blind = new WriteAheadLog(dir, { segmentBytes: 1 << 20, memoryCalls: 1e9 });
  expect(() => blind.rowsOf(blind.peek(1e9)[0]!)).toThrow(/cannot be read: no decoder/);
  blind.close();
});

it('the record of an export is its body and a few fields: no serialization of every call', () => {
  const body = encodeTraceRequestFromJson(syntheticExport(200, 0, BigInt(Date.now() - 600_000) * 1_000_000n));
  const received: ReceivedExport = { body, encoding: 'protobuf', receivedAtMs: Date.now(), project: 'billing' };
  const calls = readTracesExport(received, price).calls.length;
  expect(encodeFrame(1, Date.now(), calls, { source: 'traces', received }).length).toBeLessThan(body.length + 200);
});
