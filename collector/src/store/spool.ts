// The collector's own write-ahead spool: when ClickHouse cannot take a batch, the batch is
// appended here and fsynced before the exporter gets its 200, then replayed into ClickHouse in
// order. Segments are files of records: [length u32][crc32 u32][JSON]. A torn last record (the
// process died mid-append) was never acknowledged, so it is cut off on open.
import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { AttemptRow, CallRow } from '../normalize/callRow';
import type { RowBatch } from './writer';

const HEADER_BYTES = 8;
const SEGMENT_ROLL_BYTES = 16 * 1024 * 1024;

export class SpoolFullError extends Error {}

function encodeBatch(batch: RowBatch): Buffer {
  // bigint (times, cost) as text: JSON has no 64-bit integers.
  const json = JSON.stringify(batch, (_key, value) => (typeof value === 'bigint' ? `${value}n` : value));
  const payload = Buffer.from(json);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

const BIGINT_FIELDS = new Set(['startTimeNs', 'costNanoUsd', 'fastModeNanoUsd', 'usOnlyNanoUsd', 'webSearchNanoUsd']);

function decodeBatch(payload: Buffer): RowBatch {
  return JSON.parse(payload.toString('utf8'), (key, value) =>
    BIGINT_FIELDS.has(key) && typeof value === 'string' && value.endsWith('n') ? BigInt(value.slice(0, -1)) : value,
  ) as { calls: CallRow[]; attempts: AttemptRow[] };
}

/** Reads a segment's whole records; cuts a torn tail off the file. */
function readSegment(path: string): RowBatch[] {
  const bytes = readFileSync(path);
  const batches: RowBatch[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= bytes.length) {
    const length = bytes.readUInt32LE(offset);
    const checksum = bytes.readUInt32LE(offset + 4);
    const end = offset + HEADER_BYTES + length;
    if (end > bytes.length) break;
    const payload = bytes.subarray(offset + HEADER_BYTES, end);
    if (crc32(payload) !== checksum) break;
    batches.push(decodeBatch(payload));
    offset = end;
  }
  if (offset < bytes.length) truncateSync(path, offset);
  return batches;
}

export class Spool {
  private current: { fd: number; path: string; bytes: number } | undefined;
  private totalBytes = 0;
  private sequence = 0;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const name of this.segmentNames()) {
      const path = join(dir, name);
      readSegment(path); // cut torn tails now, so sizes below are of whole records
      this.totalBytes += statSync(path).size;
      this.sequence = Math.max(this.sequence, Number.parseInt(name, 10));
    }
  }

  private segmentNames(): string[] {
    return readdirSync(this.dir)
      .filter((name) => /^\d{12}\.spool$/.test(name))
      .sort();
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get isEmpty(): boolean {
    return this.totalBytes === 0;
  }

  /** Appends and fsyncs; when this returns, the batches survive a crash. */
  append(batches: RowBatch[]): void {
    const records = Buffer.concat(batches.map(encodeBatch));
    if (this.totalBytes + records.length > this.maxBytes) {
      throw new SpoolFullError(`the spool is full (${this.totalBytes} of ${this.maxBytes} bytes) while the store is unavailable`);
    }
    if (!this.current || this.current.bytes >= SEGMENT_ROLL_BYTES) this.roll();
    writeSync(this.current!.fd, records);
    fdatasyncSync(this.current!.fd);
    this.current!.bytes += records.length;
    this.totalBytes += records.length;
  }

  private roll(): void {
    this.closeCurrent();
    this.sequence += 1;
    const path = join(this.dir, `${String(this.sequence).padStart(12, '0')}.spool`);
    this.current = { fd: openSync(path, 'a'), path, bytes: 0 };
  }

  private closeCurrent(): void {
    if (this.current) closeSync(this.current.fd);
    this.current = undefined;
  }

  /**
   * Replays segments oldest first through `insert`; a segment is deleted only after all of its
   * batches are stored. If insert throws, the rest stays for the next try.
   */
  async drain(insert: (batches: RowBatch[]) => Promise<unknown>): Promise<void> {
    for (const name of this.segmentNames()) {
      const path = join(this.dir, name);
      if (this.current?.path === path) this.closeCurrent();
      const size = existsSync(path) ? statSync(path).size : 0;
      const batches = readSegment(path);
      if (batches.length > 0) await insert(batches);
      unlinkSync(path);
      this.totalBytes -= size;
    }
    if (this.totalBytes < 0) this.totalBytes = 0;
  }

  close(): void {
    this.closeCurrent();
  }
}
