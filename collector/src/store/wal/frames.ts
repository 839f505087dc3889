// The log's on-disk record: a fixed header, then the entry.
//   [payload length u32][crc32 u32 of everything after it][id f64][appended at, ms f64][calls u32][payload]
// An entry is either the export as it came in (`received`: its body and what the route knew of
// it), read back into rows by the route's own decoder, or its rows (`batch`, for writers without
// a body to keep), serialized with the V8 value serializer. An export's body is written as it
// came, beside a few fields (receivedPayload); serializing rows cost ~7 µs a call and 1.4 KB
// (bench:ingest's spans), as much as decoding them again, which only a replay does.
// A record whose length runs past the file or whose checksum fails is a torn append (the process
// died mid-write, or the write failed): it was never acknowledged, and nothing after it is read.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import type { RowBatch } from '../insertBatches';

export const HEADER_BYTES = 28;

export interface FrameHeader {
  id: number;
  appendedAt: number;
  calls: number;
  /** Where the frame starts in its segment, and its whole length (header included). */
  offset: number;
  bytes: number;
}

/** An export as its route received it: what reading it again into the same rows takes. */
export interface ReceivedExport {
  /** The request body, decompressed. */
  body: Buffer;
  encoding: 'protobuf' | 'json';
  /** When it came in: the decoder's "now" (how far in the future a span may start). */
  receivedAtMs: number;
  /** The ingest key's project and id, stamped on every call (otlpRoute.ts). */
  project?: string;
  keyId?: string;
}

export interface EntryPayload {
  /** Which endpoint took the export ('traces', 'claude-code'): ingest health counts per source. */
  source: string;
  /** One of the two: the export as received, or its rows. */
  received?: ReceivedExport;
  batch?: RowBatch;
}

/** A frame as buffers to write one after another: an export's body is written as it came, not copied. */
export interface Frame {
  parts: Buffer[];
  /** Its whole length, header included. */
  length: number;
}

/**
 * The first payload byte of an export kept as received: V8's serializer starts its output with
 * 0xFF (its version tag), so a log written before this format is still read.
 */
const RECEIVED_TAG = 0x01;

/**
 * An export as received: [tag][what the route knew, JSON, length u32 first][the body as it came].
 * V8's serializer copied the body twice (into its own buffer, then into the frame), and a batch of
 * exports' frames was joined once more: megabytes a second of copies and garbage on the main thread.
 */
function receivedPayload({ source, received }: { source: string; received: ReceivedExport }): Buffer[] {
  const { body, ...known } = received;
  const meta = Buffer.from(JSON.stringify({ source, ...known }));
  const head = Buffer.allocUnsafe(5);
  head.writeUInt8(RECEIVED_TAG, 0);
  head.writeUInt32LE(meta.length, 1);
  return [head, meta, body];
}

export function encodeFrame(id: number, appendedAt: number, calls: number, payload: EntryPayload): Frame {
  const body = payload.received && !payload.batch ? receivedPayload({ source: payload.source, received: payload.received }) : [serialize(payload)];
  const bodyBytes = body.reduce((n, part) => n + part.length, 0);
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32LE(bodyBytes, 0);
  header.writeDoubleLE(id, 8);
  header.writeDoubleLE(appendedAt, 16);
  header.writeUInt32LE(calls, 24);
  let crc = crc32(header.subarray(8));
  for (const part of body) crc = crc32(part, crc);
  header.writeUInt32LE(crc, 4);
  return { parts: [header, ...body], length: HEADER_BYTES + bodyBytes };
}

function headerAt(bytes: Buffer, offset: number): FrameHeader | undefined {
  if (offset + HEADER_BYTES > bytes.length) return undefined;
  const end = offset + HEADER_BYTES + bytes.readUInt32LE(offset);
  if (end > bytes.length) return undefined;
  if (crc32(bytes.subarray(offset + 8, end)) !== bytes.readUInt32LE(offset + 4)) return undefined;
  return {
    id: bytes.readDoubleLE(offset + 8),
    appendedAt: bytes.readDoubleLE(offset + 16),
    calls: bytes.readUInt32LE(offset + 24),
    offset,
    bytes: end - offset,
  };
}

export function decodePayload(frame: Buffer): EntryPayload {
  if (frame[HEADER_BYTES] !== RECEIVED_TAG) return deserialize(frame.subarray(HEADER_BYTES)) as EntryPayload;
  const metaBytes = frame.readUInt32LE(HEADER_BYTES + 1);
  const metaStart = HEADER_BYTES + 5;
  const { source, ...known } = JSON.parse(frame.toString('utf8', metaStart, metaStart + metaBytes)) as Omit<ReceivedExport, 'body'> & { source: string };
  return { source, received: { ...known, body: frame.subarray(metaStart + metaBytes) } };
}

/** A segment's whole frames in order, and where the last whole one ends (the rest is a torn tail). */
export function scanSegment(path: string): { frames: (FrameHeader & { frame: Buffer })[]; validBytes: number; fileBytes: number } {
  const bytes = readFileSync(path);
  const frames: (FrameHeader & { frame: Buffer })[] = [];
  let offset = 0;
  for (let header = headerAt(bytes, 0); header; header = headerAt(bytes, offset)) {
    frames.push({ ...header, frame: bytes.subarray(offset, offset + header.bytes) });
    offset += header.bytes;
  }
  return { frames, validBytes: offset, fileBytes: bytes.length };
}

/** Reads one frame back from its segment (an entry whose rows were not kept in memory). */
export function readFrame(path: string, offset: number, length: number): EntryPayload {
  const fd = openSync(path, 'r');
  try {
    const frame = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, frame, read, length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    const header = headerAt(frame, 0);
    if (!header || header.bytes !== length) throw new Error(`the log record at ${path}:${offset} is unreadable (checksum or length)`);
    return decodePayload(frame);
  } finally {
    closeSync(fd);
  }
}
