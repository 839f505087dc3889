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

class ByteWriter {
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
function writeColumn<Row>(out: ByteWriter, column: NativeColumn<Row>, rows: readonly Row[], marks?: number[]): void {
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

/**
 * Rows encoded for a later block, each column's values apart in its sections (writeColumn), so
 * that the parts of many exports join into one block (joinParts) without encoding again: the
 * engine runs every rollup view once per block it reads, and one block of 100,000 rows took a
 * third of the CPU of 200 blocks of 512 (measured, chDB 3.4, the llm_calls views).
 */
export interface BlockParts {
  rows: number;
  /** Every column's sections, in column order. */
  sections: Buffer[];
  /**
   * Per section: it holds one row's bytes, the same in every row (a column whose value is the same
   * for every row: an export's resource, scope and service, its provider…). The block takes them
   * once per row when parts are joined; kept once, a prepared call of the bench's exports took 385
   * bytes until its insert instead of 710.
   */
  sameInEveryRow: boolean[];
}

const sectionsOf = (type: NativeType): number => (type === 'Map(String, String)' ? 3 : type.startsWith('Nullable(') ? 2 : 1);

/** Whether a column's value is the same in every row (Object.is: an object shared by the rows, a string, a number; 0 is not -0). */
function sameInEveryRow<Row>(column: NativeColumn<Row>, rows: readonly Row[]): boolean {
  if (rows.length < 2) return false;
  const first = column.value(rows[0]!);
  for (let i = 1; i < rows.length; i++) if (!Object.is(column.value(rows[i]!), first)) return false;
  return true;
}

export function encodeParts<Row>(columns: readonly NativeColumn<Row>[], rows: readonly Row[]): BlockParts {
  const out = new ByteWriter(1024 + rows.length * columns.length * 12);
  const bounds: number[] = [0];
  const same: boolean[] = [];
  for (const column of columns) {
    const once = sameInEveryRow(column, rows);
    writeColumn(out, column, once ? rows.slice(0, 1) : rows, bounds);
    bounds.push(out.position);
    for (let k = sectionsOf(column.type); k > 0; k--) same.push(once);
  }
  // Copied to its exact size: the writer's room (a guess, doubled as needed) was a third more than
  // the rows took, and a part lives in memory until its insert (wal/writeAheadLog.ts keeps 200,000
  // calls' worth under load).
  const bytes = Buffer.from(out.done());
  return { rows: rows.length, sections: bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end)), sameInEveryRow: same };
}

/** Where a column's first section is in a part's `sections`. */
export function sectionOf(columns: readonly { name: string; type: NativeType }[], name: string): number {
  let at = 0;
  for (const column of columns) {
    if (column.name === name) return at;
    at += sectionsOf(column.type);
  }
  throw new Error(`no column ${name}`);
}

/** A String column's values at some rows, read back from a part's section. */
export function stringsAt(parts: BlockParts, section: number, rows: readonly number[]): string[] {
  const bytes = parts.sections[section]!;
  if (!parts.sameInEveryRow[section]) return stringsIn(bytes, rows);
  const [value] = stringsIn(bytes, [0]);
  return rows.map(() => value!);
}

/** Values of a String section at some rows: each value is its length (a varint), then its UTF-8. */
function stringsIn(bytes: Buffer, rows: readonly number[]): string[] {
  const wanted = new Map(rows.map((row) => [row, '']));
  const last = Math.max(...rows);
  let at = 0;
  for (let row = 0; row <= last; row++) {
    let length = 0;
    for (let shift = 1; ; shift *= 128) {
      const byte = bytes[at++]!;
      length += (byte & 0x7f) * shift;
      if (byte < 0x80) break;
    }
    if (wanted.has(row)) wanted.set(row, bytes.toString('utf8', at, at + length));
    at += length;
  }
  return rows.map((row) => wanted.get(row)!);
}

/** A Map's offsets section moved up by `base` entries (offsets count from the block's first row). */
function rebasedOffsets(section: Buffer, base: number): Buffer {
  if (base === 0) return section;
  const out = Buffer.allocUnsafe(section.length);
  for (let at = 0; at < section.length; at += 8) {
    const value = section.readUInt32LE(at) + section.readUInt32LE(at + 4) * 0x1_0000_0000 + base;
    out.writeUInt32LE(value % 0x1_0000_0000, at);
    out.writeUInt32LE(Math.floor(value / 0x1_0000_0000), at + 4);
  }
  return out;
}

/** A Map's offsets for `rows` rows of `entries` entries each, from `base`. */
function evenOffsets(rows: number, entries: number, base: number): Buffer {
  const out = new ByteWriter(8 * rows);
  out.reserve(8 * rows);
  for (let i = 1; i <= rows; i++) out.i64(base + i * entries, false);
  return out.done();
}

const lastOffset = (section: Buffer): number =>
  section.length === 0 ? 0 : section.readUInt32LE(section.length - 8) + section.readUInt32LE(section.length - 4) * 0x1_0000_0000;

/** One Native block of every part's rows, in order, as the chunks to send one after another. */
export function joinParts<Row>(columns: readonly NativeColumn<Row>[], parts: readonly BlockParts[]): Buffer[] {
  const head = new ByteWriter(32);
  head.varUInt(columns.length);
  head.varUInt(parts.reduce((n, p) => n + p.rows, 0));
  const chunks = [head.done()];
  let first = 0;
  for (const column of columns) {
    const named = new ByteWriter(64);
    named.string(column.name);
    named.string(column.type);
    chunks.push(named.done());
    const count = sectionsOf(column.type);
    for (let k = 0; k < count; k++) {
      let base = 0;
      for (const part of parts) {
        const section = part.sections[first + k]!;
        const once = part.sameInEveryRow[first + k]!;
        if (column.type === 'Map(String, String)' && k === 0) {
          const entries = lastOffset(section); // the part's, or one row's when the same in every row
          chunks.push(once ? evenOffsets(part.rows, entries, base) : rebasedOffsets(section, base));
          base += once ? entries * part.rows : entries;
        } else chunks.push(once ? Buffer.alloc(section.length * part.rows, section) : section);
      }
    }
    first += count;
  }
  return chunks;
}
