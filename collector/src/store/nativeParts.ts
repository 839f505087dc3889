// An export's rows encoded for a later insert, as parts of a Native block (nativeBlock.ts): each
// column's values apart in its sections, so that the exports of a batch join into one block
// without being encoded again (partFiles.ts joins them on disk). One block, not one per export:
// the engine runs every rollup view once per block it reads, and one block of 100,000 rows took a
// third of the CPU of 200 blocks of 512 (measured, chDB 3.4, the llm_calls views); a file of 196
// exports' blocks read in one insert still took ~30% longer than their one joined block.
import { ByteWriter, writeColumn, type NativeColumn, type NativeType } from './nativeBlock';

export interface BlockParts {
  rows: number;
  /** Every column's sections, in column order. */
  sections: Buffer[];
  /**
   * Per section: it holds one row's bytes, the same in every row (a column whose value is the same
   * for every row: an export's resource, scope and service, its provider…). Kept once, encoding
   * writes a value once an export instead of once a row; a block repeats it in every row.
   */
  sameInEveryRow: boolean[];
}

/** A Nullable's values come in two sections (null map, values), a Map's in three (offsets, keys, values). */
const sectionsOf = (type: NativeType): number => (type === 'Map(String, String)' ? 3 : type.startsWith('Nullable(') ? 2 : 1);

/** Per section of these columns: whether it is a Map's offsets (they count from the block's first row). */
const offsetSections = (columns: readonly { type: NativeType }[]): boolean[] =>
  columns.flatMap((c) => Array.from({ length: sectionsOf(c.type) }, (_, k) => c.type === 'Map(String, String)' && k === 0));

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
  const bytes = out.done();
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
export function rebasedOffsets(section: Buffer, base: number): Buffer {
  if (base === 0) return section;
  const out = Buffer.allocUnsafe(section.length);
  for (let at = 0; at < section.length; at += 8) {
    const value = section.readUInt32LE(at) + section.readUInt32LE(at + 4) * 0x1_0000_0000 + base;
    out.writeUInt32LE(value % 0x1_0000_0000, at);
    out.writeUInt32LE(Math.floor(value / 0x1_0000_0000), at + 4);
  }
  return out;
}

/** A Map's offsets for `rows` rows of `entries` entries each. */
function evenOffsets(rows: number, entries: number): Buffer {
  const out = new ByteWriter(8 * rows);
  out.reserve(8 * rows);
  for (let i = 1; i <= rows; i++) out.i64(i * entries, false);
  return out.done();
}

/** The entries a Map's offsets section counts: its last offset. */
export const lastOffset = (section: Buffer): number =>
  section.length === 0 ? 0 : section.readUInt32LE(section.length - 8) + section.readUInt32LE(section.length - 4) * 0x1_0000_0000;

/** Each column's name and type as a block writes them before its values: the same for every block, so made once per column list. */
const headsOf = new WeakMap<readonly { name: string; type: NativeType }[], Buffer[]>();
function columnHeads(columns: readonly { name: string; type: NativeType }[]): Buffer[] {
  let heads = headsOf.get(columns);
  if (!heads) {
    heads = columns.map((column) => {
      const out = new ByteWriter(64);
      out.string(column.name);
      out.string(column.type);
      return Buffer.from(out.done());
    });
    headsOf.set(columns, heads);
  }
  return heads;
}

/** A block's head: its column and row counts, as VarUInts. */
function blockHead(columns: number, rows: number): Buffer {
  const bytes: number[] = [];
  for (let n of [columns, rows]) {
    for (; n >= 0x80; n = Math.floor(n / 128)) bytes.push((n & 0x7f) | 0x80);
    bytes.push(n);
  }
  return Buffer.from(bytes);
}

/**
 * A part as a Native block of its own, as the chunks to write one after another (a value the same
 * in every row written in every row), and where each section is in them: its start and its end,
 * in pairs (a column's name and type come between one column's last section and the next's first).
 */
export function partBlock<Row>(columns: readonly NativeColumn<Row>[], part: BlockParts): { chunks: Buffer[]; bounds: Uint32Array } {
  const chunks = [blockHead(columns.length, part.rows)];
  const bounds = new Uint32Array(2 * part.sections.length);
  let at = chunks[0]!.length;
  let section = 0;
  const heads = columnHeads(columns);
  for (const [c, column] of columns.entries()) {
    const head = heads[c]!;
    chunks.push(head);
    at += head.length;
    for (let k = sectionsOf(column.type); k > 0; k--, section++) {
      const bytes = part.sections[section]!;
      const once = part.sameInEveryRow[section]!;
      const whole = !once
        ? bytes
        : column.type === 'Map(String, String)' && k === 3
          ? evenOffsets(part.rows, lastOffset(bytes))
          : Buffer.alloc(bytes.length * part.rows, bytes);
      chunks.push(whole);
      bounds[2 * section] = at;
      at += whole.length;
      bounds[2 * section + 1] = at;
    }
  }
  return { chunks, bounds };
}

/** A part read back from the bytes partBlock wrote (every section whole). */
export const partOfBlock = (bytes: Buffer, rows: number, bounds: Uint32Array): BlockParts => ({
  rows,
  sections: Array.from({ length: bounds.length / 2 }, (_, i) => bytes.subarray(bounds[2 * i], bounds[2 * i + 1])),
  sameInEveryRow: new Array<boolean>(bounds.length / 2).fill(false),
});

/** Where everything goes in one block joined from parts' blocks (partBlock): each section's bytes follow the same section's of the parts before. */
export interface JoinLayout {
  /**
   * Per section: where the first part's bytes of it go, and what comes right before them, written
   * with them (the block's head before the first column's first section, a column's name and type
   * before its first section).
   */
  sections: { at: number; lead: Buffer[] }[];
  /** Per section: a Map's offsets, which each part's block counts from its own first row. */
  offsets: boolean[];
}

export function joinLayout(columns: readonly { name: string; type: NativeType }[], parts: readonly { rows: number; bounds: Uint32Array }[]): JoinLayout {
  const heads = columnHeads(columns);
  const sections: JoinLayout['sections'] = [];
  let lead = [
    blockHead(
      columns.length,
      parts.reduce((n, p) => n + p.rows, 0),
    ),
  ];
  let at = 0;
  let section = 0;
  for (const [c, column] of columns.entries()) {
    lead.push(heads[c]!);
    for (let k = sectionsOf(column.type); k > 0; k--, section++) {
      at += lead.reduce((n, b) => n + b.length, 0);
      sections.push({ at, lead });
      lead = [];
      for (const part of parts) at += part.bounds[2 * section + 1]! - part.bounds[2 * section]!;
    }
  }
  return { sections, offsets: offsetSections(columns) };
}
