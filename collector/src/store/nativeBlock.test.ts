// The Native writer, read back by the engine itself: every type our inserts use, with the values
// that break naive writers (non-ASCII, long strings, 64-bit extremes, nulls, empty maps), and the
// HTTP path a ClickHouse server gets (`INSERT … FORMAT Native` with the block as the body).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGateway, serverBlockSender, type Gateway } from './gateway';
import { nativeBlock, nativeBlockInSlices, type NativeColumn } from './nativeBlock';
import { encodeParts, sectionOf, stringsAt, type BlockParts } from './nativeParts';
import { ExportFiles, joinParts, readPart } from './partFiles';
import { removeTestDir } from '../../../test/support/removeTestDir';

interface Row {
  text: string;
  small: number;
  wide: bigint | number;
  cost: bigint | null;
  ttft: number | null;
  labels: Record<string, string>;
  micros: number;
  flag: boolean;
  sign: number;
  count: number;
  ratio: number;
}

const COLUMNS: NativeColumn<Row>[] = [
  { name: 'text', type: 'String', value: (r) => r.text },
  { name: 'small', type: 'UInt16', value: (r) => r.small },
  { name: 'wide', type: 'UInt64', value: (r) => r.wide },
  { name: 'cost', type: 'Nullable(Int64)', value: (r) => r.cost },
  { name: 'ttft', type: 'Nullable(Float64)', value: (r) => r.ttft },
  { name: 'labels', type: 'Map(String, String)', value: (r) => r.labels },
  { name: 'at', type: "DateTime64(6, 'UTC')", value: (r) => r.micros },
  { name: 'flag', type: 'Bool', value: (r) => r.flag },
  { name: 'sign', type: 'Int8', value: (r) => r.sign },
  { name: 'count', type: 'UInt32', value: (r) => r.count },
  { name: 'ratio', type: 'Float64', value: (r) => r.ratio },
];

const ROWS: Row[] = [
  { text: 'plain', small: 0, wide: 0, cost: 9_223_372_036_854_775_807n, ttft: null, labels: {}, micros: 0, flag: false, sign: -1, count: 0, ratio: 0.1 },
  {
    text: 'héllo — 日本 "q"\n\t\\',
    small: 65_535,
    wide: 18_446_744_073_709_551_615n,
    cost: -9_223_372_036_854_775_808n,
    ttft: 12.5,
    labels: { 'x-ratelimit': '10', ключ: 'значение' },
    micros: 1_764_979_200_123_456,
    flag: true,
    sign: 1,
    count: 4_294_967_295,
    ratio: -1e300,
  },
  {
    text: 'x'.repeat(200) + 'é',
    small: 7,
    wide: Number.MAX_SAFE_INTEGER,
    cost: null,
    ttft: 0,
    labels: { a: '' },
    micros: 1_000_001,
    flag: true,
    sign: 1,
    count: 42,
    ratio: Number.NaN,
  },
];

const EXPECTED = [
  {
    text: 'plain',
    small: 0,
    wide: '0',
    cost: '9223372036854775807',
    ttft: null,
    labels: {},
    at: '1970-01-01 00:00:00.000000',
    flag: false,
    sign: -1,
    count: 0,
    ratio: 0.1,
  },
  {
    text: 'héllo — 日本 "q"\n\t\\',
    small: 65535,
    wide: '18446744073709551615',
    cost: '-9223372036854775808',
    ttft: 12.5,
    labels: { 'x-ratelimit': '10', ключ: 'значение' },
    at: '2025-12-06 00:00:00.123456',
    flag: true,
    sign: 1,
    count: 4294967295,
    ratio: -1e300,
  },
  {
    text: 'x'.repeat(200) + 'é',
    small: 7,
    wide: '9007199254740991',
    cost: null,
    ttft: 0,
    labels: { a: '' },
    at: '1970-01-01 00:00:01.000001',
    flag: true,
    sign: 1,
    count: 42,
    ratio: null,
  },
];

let dir: string;
let engine: Gateway;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'burnrate-native-'));
  engine = await openGateway({ kind: 'embedded', dataDir: join(dir, 'data'), database: 'native_test' });
});
afterAll(async () => {
  await engine?.close();
  removeTestDir(dir);
});

let entryIds = 0;

/** The parts appended to spill files as exports' are, then joined into one block file: its bytes. */
async function joined(parts: BlockParts[], segmentBytes?: number): Promise<Buffer> {
  const files = new ExportFiles(join(dir, 'exports'), segmentBytes);
  const written = parts.map((part) => files.write(++entryIds, 'rows', COLUMNS, part));
  expect(await Promise.all(written.map((f) => f.written))).toEqual(written.map(() => true));
  const into = join(dir, `joined-${entryIds}.native`);
  await joinParts(COLUMNS, written, into);
  return readFileSync(into);
}

/** What the engine reads from a Native block: every value as JSON (64-bit integers as text). */
async function readBack(block: Buffer): Promise<unknown[]> {
  const file = join(dir, `block-${Math.random().toString(36).slice(2)}.native`);
  writeFileSync(file, block);
  return engine.query(
    'test',
    `SELECT * FROM file({file:String}, 'Native') SETTINGS output_format_json_quote_64bit_integers = 1, output_format_json_quote_denormals = 0`,
    { file },
  );
}

describe('nativeBlock', () => {
  it('every-type-round-trips-through-the-engine', async () => {
    expect(await readBack(nativeBlock(COLUMNS, ROWS))).toEqual(EXPECTED);
  });

  it('parts-of-several-exports-join-into-the-block-of-all-their-rows', async () => {
    // Map offsets count from the block's first row: a joined block must move each part's up.
    const [a, b, c] = [ROWS.slice(0, 1), ROWS.slice(1, 2), ROWS.slice(2)];
    const all = await joined([encodeParts(COLUMNS, a), encodeParts(COLUMNS, b), encodeParts(COLUMNS, c)]);
    expect(all.equals(nativeBlock(COLUMNS, ROWS))).toBe(true);
    expect(await readBack(all)).toEqual(EXPECTED);
    const repeated = await joined([encodeParts(COLUMNS, b), encodeParts(COLUMNS, b), encodeParts(COLUMNS, [])]);
    expect(repeated.equals(nativeBlock(COLUMNS, [...b, ...b]))).toBe(true);
  });

  it('a-join-of-parts-read-back-apart-is-still-the-block-of-all-their-rows', async () => {
    // 40 exports of one to three rows, each in a spill file of its own: the join reads them one by
    // one, and a Map's offsets carry on from one to the next.
    const exports = Array.from({ length: 40 }, (_, i) => ROWS.slice(i % 3).map((r) => ({ ...r, count: i })));
    const all = await joined(
      exports.map((rows) => encodeParts(COLUMNS, rows)),
      1,
    );
    expect(all.equals(nativeBlock(COLUMNS, exports.flat()))).toBe(true);
    expect((await readBack(all)).length).toBe(exports.flat().length);
  });

  it('a-column-the-same-in-every-row-of-a-part-is-kept-once-and-joined-into-every-row', async () => {
    // Rows of one export share its resource (one labels object), service and scope; here every
    // column but `count` is the same in the first part, and every one in the second.
    const shared = ROWS[1]!;
    const first = [0, 1, 2].map((count) => ({ ...shared, count }));
    const second = [shared, shared];
    const third = [ROWS[0]!, ROWS[0]!]; // an empty map and a null, the same in both rows
    const rows = [...ROWS, ...first, ...second, ...third];
    const parts = [encodeParts(COLUMNS, ROWS), encodeParts(COLUMNS, first), encodeParts(COLUMNS, second), encodeParts(COLUMNS, third)];
    expect(parts.map((p) => p.sameInEveryRow.filter(Boolean).length)).toEqual([
      0,
      parts[1]!.sections.length - 1,
      parts[2]!.sections.length,
      parts[3]!.sections.length,
    ]);
    // Kept once: the all-same part is the bytes of one row.
    expect(parts[2]!.sections.reduce((n, s) => n + s.length, 0)).toBe(encodeParts(COLUMNS, [shared]).sections.reduce((n, s) => n + s.length, 0));
    const all = await joined(parts);
    expect(all.equals(nativeBlock(COLUMNS, rows))).toBe(true);
    const back = await readBack(all);
    expect(back.slice(3)).toEqual([...[0, 1, 2].map((count) => ({ ...EXPECTED[1], count })), EXPECTED[1], EXPECTED[1], EXPECTED[0], EXPECTED[0]]);
  });

  it('a-parts-strings-read-back-at-any-rows-in-memory-and-from-its-file', async () => {
    const rows = [...ROWS, ...ROWS.map((r) => ({ ...r, text: `${r.text}!`.repeat(70) }))]; // lengths past one varint byte
    const parts = encodeParts(COLUMNS, rows);
    const text = sectionOf(COLUMNS, 'text');
    const wanted = [rows[4]!.text, rows[0]!.text, rows[5]!.text, rows[2]!.text];
    expect(stringsAt(parts, text, [4, 0, 5, 2])).toEqual(wanted);
    const same = encodeParts(COLUMNS, [ROWS[1]!, ROWS[1]!, ROWS[1]!]);
    expect(stringsAt(same, text, [2, 0])).toEqual([ROWS[1]!.text, ROWS[1]!.text]);
    expect(sectionOf(COLUMNS, 'labels')).toBe(7); // the two Nullables before it have two sections each
    const files = new ExportFiles(join(dir, 'exports'));
    const [file, sameFile] = [files.write(++entryIds, 'rows', COLUMNS, parts), files.write(++entryIds, 'rows', COLUMNS, same)];
    expect(await file!.written).toBe(true);
    expect(await sameFile!.written).toBe(true);
    expect(stringsAt(await readPart(file!), text, [4, 0, 5, 2])).toEqual(wanted);
    expect(stringsAt(await readPart(sameFile!), text, [2, 0])).toEqual([ROWS[1]!.text, ROWS[1]!.text]);
  });

  it('a-spill-file-goes-once-every-export-in-it-is-stored-and-later-ones-stay', async () => {
    const files = new ExportFiles(join(dir, 'release'), 1); // a spill file per part
    const written = [1, 2, 2, 3].map((id) => files.write(id, 'rows', COLUMNS, encodeParts(COLUMNS, ROWS)));
    await Promise.all(written.map((f) => f.written));
    files.releaseThrough(2);
    await new Promise((resolve) => setTimeout(resolve, 200)); // deleted by the thread pool
    expect(written.map((f) => existsSync(f.segment.path))).toEqual([false, false, false, true]);
    expect(files.files).toEqual([written[3]!.segment.path]);
    // The rest still reads back.
    expect(stringsAt(await readPart(written[3]!), 0, [1])).toEqual([ROWS[1]!.text]);
  });

  it('exports-share-a-spill-file-one-after-another-and-a-join-reads-them-back-in-one-go', async () => {
    const files = new ExportFiles(join(dir, 'shared'));
    const parts = ROWS.map((row, i) => files.write(i + 1, 'rows', COLUMNS, encodeParts(COLUMNS, [row])));
    expect(new Set(parts.map((p) => p.segment.path)).size).toBe(1);
    expect(parts[1]!.offset).toBe(parts[0]!.offset + parts[0]!.bounds.at(-1)!);
    await Promise.all(parts.map((p) => p.written));
    const into = join(dir, 'shared.native');
    await joinParts(COLUMNS, parts, into);
    expect(readFileSync(into).equals(nativeBlock(COLUMNS, ROWS))).toBe(true);
  });

  it('a-join-the-disk-will-not-take-rejects-and-leaves-its-parts-readable', async () => {
    const files = new ExportFiles(join(dir, 'join-fails'));
    const part = files.write(1, 'rows', COLUMNS, encodeParts(COLUMNS, ROWS));
    expect(await part.written).toBe(true);
    await expect(joinParts(COLUMNS, [part], join(dir, 'no-such-dir', 'joined.native'))).rejects.toThrow(/ENOENT/);
    expect(stringsAt(await readPart(part), 0, [2])).toEqual([ROWS[2]!.text]);
  });

  it('a-part-the-disk-will-not-take-says-so-and-is-not-thrown', async () => {
    const files = new ExportFiles(join(dir, 'gone'));
    removeTestDir(join(dir, 'gone')); // its directory removed under it
    expect(await files.write(1, 'rows', COLUMNS, encodeParts(COLUMNS, ROWS)).written).toBe(false);
  });

  it('an-empty-block-is-columns-without-rows', async () => {
    expect(await readBack(nativeBlock(COLUMNS, []))).toEqual([]);
  });

  it('built-in-slices-it-is-the-same-bytes-and-lets-the-event-loop-run-between-columns', async () => {
    let turns = 0;
    const sliced = nativeBlockInSlices(COLUMNS, ROWS, 0);
    setImmediate(() => turns++); // runs before the block is done only if encoding gave way
    const block = await sliced;
    expect(block.equals(nativeBlock(COLUMNS, ROWS))).toBe(true);
    expect(turns).toBeGreaterThan(0);
    expect(await readBack(block)).toEqual(EXPECTED);
  });

  it('a-value-of-the-wrong-kind-is-refused-with-its-column', () => {
    expect(() => nativeBlock([{ name: 'n', type: 'UInt64', value: () => 'seven' }], [{}])).toThrow(/column n \(UInt64\)/);
    expect(() => nativeBlock([{ name: 'n', type: 'UInt64', value: () => -1 }], [{}])).toThrow(/not a UInt64/);
    expect(() => nativeBlock([{ name: 'n', type: 'Int64', value: () => 2 ** 60 }], [{}])).toThrow(/not a Int64/);
    // Fixed widths are written through a DataView, which would wrap these silently.
    expect(() => nativeBlock([{ name: 'n', type: 'UInt16', value: () => 70_000 }], [{}])).toThrow(/column n \(UInt16\)/);
    expect(() => nativeBlock([{ name: 'n', type: 'UInt32', value: () => -1 }], [{}])).toThrow(/column n \(UInt32\)/);
    expect(() => nativeBlock([{ name: 'n', type: 'Int8', value: () => 1.5 }], [{}])).toThrow(/column n \(Int8\)/);
  });

  it('a-server-gets-insert-format-native-with-the-block-as-the-body', async () => {
    const received: { query: string; body: Buffer }[] = [];
    const server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      received.push({ query: new URL(req.url!, 'http://x').searchParams.get('query') ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200, { 'X-ClickHouse-Summary': '{}' }).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = createClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    try {
      const block = nativeBlock(COLUMNS, ROWS);
      await serverBlockSender(client)('`db`.`t`', '`text`, `small`', [block], { log_comment: 'burnrate:test' });
      expect(received).toHaveLength(1);
      expect(received[0]!.query).toBe('INSERT INTO `db`.`t` (`text`, `small`) FORMAT Native');
      expect(received[0]!.body.equals(block)).toBe(true);
      expect(await readBack(received[0]!.body)).toEqual(EXPECTED);
    } finally {
      await client.close();
      server.close();
    }
  });
});
