// The write-ahead log keeps a traces export as it came in (its body, the time and the key), not
// its rows: a restart reads it back through the route's own reader into the very same rows, priced
// and stamped as they were, and decoded as of when it came in.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { readTracesExport, tracesExportRows } from '../../ingest/tracesRoute';
import { encodeTraceRequestFromJson } from '../../otlp/decode';
import { priceCalls } from '../../pricing/priceCalls';
import { loadPriceTable } from '../../pricing/priceTable';
import { syntheticExport } from '../../../../test/support/syntheticSpans';
import { removeTestDir } from '../../../../test/support/removeTestDir';
import { encodeFrame, HEADER_BYTES } from './frames';
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

it('the body is written as it came, not copied into the record', () => {
  const body = encodeTraceRequestFromJson(syntheticExport(20, 0, BigInt(Date.now() - 600_000) * 1_000_000n));
  const frame = encodeFrame(1, Date.now(), 20, { source: 'traces', received: { body, encoding: 'protobuf', receivedAtMs: Date.now() } });
  expect(frame.parts).toContain(body);
  expect(frame.length).toBe(frame.parts.reduce((n, part) => n + part.length, 0));
});

it('a log written before exports were kept this way (V8-serialized) is still read', () => {
  const oldDir = join(dir, 'v8-records');
  mkdirSync(oldDir);
  const received: ReceivedExport = {
    body: encodeTraceRequestFromJson(syntheticExport(6, 0, BigInt(Date.now() - 600_000) * 1_000_000n)),
    encoding: 'protobuf',
    receivedAtMs: Date.now(),
    keyId: 'key_2',
  };
  // The earlier record: [length][crc32][id][appended at][calls], then V8's serialization of the entry.
  const payload = serialize({ source: 'traces', received });
  const frame = Buffer.alloc(HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeDoubleLE(1, 8);
  frame.writeDoubleLE(Date.now(), 16);
  frame.writeUInt32LE(6, 24);
  payload.copy(frame, HEADER_BYTES);
  frame.writeUInt32LE(crc32(frame.subarray(8)), 4);
  writeFileSync(join(oldDir, '000000000001.wal'), frame);

  const log = new WriteAheadLog(oldDir, { segmentBytes: 1 << 20, memoryCalls: 1e9, derive });
  expect(log.recovered).toBe(1);
  const rows = log.rowsOf(log.peek(1e9)[0]!);
  expect(rows.calls.map((c) => c.keyId)).toEqual(readTracesExport(received, price).calls.map(() => 'key_2'));
  expect(rows).toEqual(tracesExportRows(received, price));
  log.close();
});
