// A writer for ClickHouse's Native format: one block, columns one after another, each self-described
// by name and type. The engine reads it without parsing text (measured here, chdb 3.4, the llm_calls
// rows: INSERT … SELECT FROM file(…, 'Native') is an order of magnitude faster than JSONEachRow;
// `npm run bench:insert-paths`). Only the types our insert rows use; each is laid out as the Native
// format documents it (little-endian fixed widths, VarUInt-length strings, a null map before a
// Nullable's values, array offsets before a Map's keys and values). Types the target column has but
// the block does not (LowCardinality) are converted by the engine on insert.

import { TimeSlices } from './timeSlices';

export type NativeType =
  | 'String'
  | 'UInt8'
  | 'UInt16'
  | 'UInt32'
  | 'UInt64'
  | 'Int8'
  | 'Int64'
  | 'Float64'
  | 'Bool'
  | "DateTime64(6, 'UTC')"
  | 'Nullable(Float64)'
  | 'Nullable(Int64)'
  | 'Map(String, String)';

/** Values per type: integers of 64 bits as bigint (exact) or a safe-integer number; DateTime64(6) as microseconds. */
export type NativeValue = string | number | bigint | boolean | null | Readonly<Record<string, string>>;

export interface NativeColumn<Row> {
  name: string;
  type: NativeType;
  value: (row: Row) => NativeValue;
}

export class ByteWriter {
  private buf: Buffer;
  // Fixed widths go through a DataView: Buffer's writeUInt32LE and kin check their arguments on
  // every call, which was a fifth of the time to encode a call's row.
  private view: DataView;
  private at = 0;

  constructor(expectedBytes: number) {
    this.buf = Buffer.allocUnsafe(Math.max(1 << 12, expectedBytes));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Room for `bytes` more; a column of fixed width reserves all its rows' at once. */
  reserve(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + bytes) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  varUInt(n: number): void {
    this.reserve(10);
    while (n >= 0x80) {
      this.buf[this.at++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.at++] = n;
  }

  string(s: string): void {
    const n = s.length;
    // Short ASCII (most of ours: ids, names) is copied byte by byte: cheaper than a native call.
    if (n < 128) {
      this.reserve(1 + n * 3);
      const buf = this.buf;
      const start = this.at + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + i] = c;
      }
      if (i === n) {
        buf[this.at] = n;
        this.at = start + n;
        return;
      }
    }
    const bytes = Buffer.byteLength(s, 'utf8');
    this.varUInt(bytes);
    this.reserve(bytes);
    this.at += this.buf.write(s, this.at, bytes, 'utf8');
  }

  // The fixed widths below assume their room was reserved (writeColumn reserves a column's).
  u8(n: number): void {
    this.buf[this.at++] = n;
  }

  u16(n: number): void {
    this.view.setUint16(this.at, n, true);
    this.at += 2;
  }

  u32(n: number): void {
    this.view.setUint32(this.at, n, true);
    this.at += 4;
  }

  /** A 64-bit integer from a bigint, or from a number that is a safe integer. */
  i64(v: number | bigint, signed: boolean): void {
    if (typeof v === 'bigint') {
      if (signed) this.view.setBigInt64(this.at, v, true);
      else this.view.setBigUint64(this.at, v, true);
      this.at += 8;
      return;
    }
    if (!Number.isSafeInteger(v) || (!signed && v < 0)) throw new RangeError(`not a ${signed ? 'Int64' : 'UInt64'}: ${v}`);
    // Two 32-bit halves, without a bigint per value; a negative number in two's complement
    // (the high half floors, so the low half is always 0 … 2^32 - 1). Exact for safe integers.
    const high = Math.floor(v / 0x1_0000_0000);
    this.view.setUint32(this.at, v - high * 0x1_0000_0000, true);
    this.view.setInt32(this.at + 4, high, true);
    this.at += 8;
  }

  f64(n: number): void {
    this.view.setFloat64(this.at, n, true);
    this.at += 8;
  }

  i8(n: number): void {
    this.view.setInt8(this.at, n);
    this.at += 1;
  }

  get position(): number {
    return this.at;
  }

  done(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

/** A DataView wraps what does not fit; a value out of its column's range is refused instead. */
const isIntegerIn = (v: NativeValue, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

function fail(column: string, type: NativeType, value: unknown): never {
  throw new TypeError(`column ${column} (${type}): cannot write ${typeof value} ${String(value)}`);
}

/**
 * Writes the column's values. A Nullable's values come in two sections (null map, values), a Map's
 * in three (offsets, keys, values); `marks` gets where each section after the first starts.
 */
export function writeColumn<Row>(out: ByteWriter, column: NativeColumn<Row>, rows: readonly Row[], marks?: number[]): void {
  const { name, type, value } = column;
  switch (type) {
    case 'String':
      for (const row of rows) {
        const v = value(row);
        if (typeof v !== 'string') fail(name, type, v);
        out.string(v);
      }
      return;
    case 'UInt8':
    case 'Bool':
      out.reserve(rows.length);
      for (const row of rows) {
        const v = value(row);
        out.u8(v === true ? 1 : v === false ? 0 : typeof v === 'number' ? v : fail(name, type, v));
      }
      return;
    case 'Int8':
      out.reserve(rows.length);
      for (const row of rows) {
        const v = value(row);
        out.i8(isIntegerIn(v, -0x80, 0x7f) ? v : fail(name, type, v));
      }
      return;
    case 'UInt16':
      out.reserve(2 * rows.length);
      for (const row of rows) {
        const v = value(row);
        out.u16(isIntegerIn(v, 0, 0xffff) ? v : fail(name, type, v));
      }
      return;
    case 'UInt32':
      out.reserve(4 * rows.length);
      for (const row of rows) {
        const v = value(row);
        out.u32(isIntegerIn(v, 0, 0xffff_ffff) ? v : fail(name, type, v));
      }
      return;
    case 'UInt64':
    case 'Int64':
    case "DateTime64(6, 'UTC')":
      out.reserve(8 * rows.length);
      for (const row of rows) {
        const v = value(row);
        out.i64(typeof v === 'number' || typeof v === 'bigint' ? v : fail(name, type, v), type !== 'UInt64');
      }
      return;
    case 'Float64':
      out.reserve(8 * rows.length);
      for (const row of rows) {
        const v = value(row);
        out.f64(typeof v === 'number' ? v : fail(name, type, v));
      }
      return;
    case 'Nullable(Float64)':
    case 'Nullable(Int64)': {
      // Values are read twice (null map, then values) rather than kept: no array per column.
      out.reserve(9 * rows.length);
      for (const row of rows) out.u8(value(row) === null ? 1 : 0);
      marks?.push(out.position);
      for (const row of rows) {
        const v = value(row);
        if (v === null) out.i64(0, true);
        else if (type === 'Nullable(Float64)') out.f64(typeof v === 'number' ? v : fail(name, type, v));
        else out.i64(typeof v === 'number' || typeof v === 'bigint' ? v : fail(name, type, v), true);
      }
      return;
    }
    case 'Map(String, String)': {
      // As Array(Tuple(String, String)): cumulative offsets, then every key, then every value.
      // Walked with for…in three times rather than through Object.entries: no arrays per row.
      const maps: Readonly<Record<string, string>>[] = new Array(rows.length);
      out.reserve(8 * rows.length);
      let offset = 0;
      for (let i = 0; i < rows.length; i++) {
        const v = value(rows[i]!);
        if (v === null || typeof v !== 'object') fail(name, type, v);
        maps[i] = v;
        for (const key in v) if (Object.hasOwn(v, key)) offset++;
        out.i64(offset, false);
      }
      marks?.push(out.position);
      for (const map of maps) for (const key in map) if (Object.hasOwn(map, key)) out.string(key);
      marks?.push(out.position);
      for (const map of maps) for (const key in map) if (Object.hasOwn(map, key)) out.string(String(map[key]));
      return;
    }
    default: {
      const unknown: never = type;
      throw new TypeError(`no Native writer for ${String(unknown)}`);
    }
  }
}

/** One Native block of these rows: the bytes an `INSERT … FORMAT Native` (or `file(…, 'Native')`) reads. */
export function nativeBlock<Row>(columns: readonly NativeColumn<Row>[], rows: readonly Row[]): Buffer {
  const encoding = encodeColumns(columns, rows);
  let step = encoding.next();
  while (!step.done) step = encoding.next();
  return step.value;
}

/**
 * The same block, built column by column, giving the event loop a turn whenever encoding has held
 * it for `sliceMs`: the collector encodes a batch of tens of thousands of calls while exports keep
 * arriving, and each of those waits for its 200 behind whatever runs on the main thread.
 */
export async function nativeBlockInSlices<Row>(columns: readonly NativeColumn<Row>[], rows: readonly Row[], sliceMs?: number): Promise<Buffer> {
  const encoding = encodeColumns(columns, rows);
  const slices = new TimeSlices(sliceMs);
  for (let step = encoding.next(); ; step = encoding.next()) {
    if (step.done) return step.value;
    await slices.turn();
  }
}

/** Writes the block, pausing (yield) after each column. */
function* encodeColumns<Row>(columns: readonly NativeColumn<Row>[], rows: readonly Row[]): Generator<void, Buffer> {
  // Sized for the common row (ids, names, a few map entries) so the buffer rarely grows.
  const out = new ByteWriter(4096 + rows.length * columns.length * 12);
  out.varUInt(columns.length);
  out.varUInt(rows.length);
  for (const column of columns) {
    out.string(column.name);
    out.string(column.type);
    writeColumn(out, column, rows);
    yield;
  }
  return out.done();
}
