// Before the write-ahead log, batches went to a spool (`<data dir>/spool/*.spool`) only while
// ClickHouse failed. A collector upgraded with a non-empty spool moves those batches into the
// log at start (synced there before the spool files are deleted), so nothing accepted is lost.
// Spool records: [length u32][crc32 u32][JSON, bigints as "<digits>n"].
import { existsSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { RowBatch } from '../insertBatches';

const BIGINT_FIELDS = new Set(['startTimeNs', 'costNanoUsd', 'fastModeNanoUsd', 'usOnlyNanoUsd', 'webSearchNanoUsd']);

function readSpoolFile(path: string): RowBatch[] {
  const bytes = readFileSync(path);
  const batches: RowBatch[] = [];
  for (let offset = 0; offset + 8 <= bytes.length;) {
    const end = offset + 8 + bytes.readUInt32LE(offset);
    if (end > bytes.length) break;
    const payload = bytes.subarray(offset + 8, end);
    if (crc32(payload) !== bytes.readUInt32LE(offset + 4)) break; // a torn tail: never acknowledged
    batches.push(
      JSON.parse(payload.toString('utf8'), (key, value) =>
        BIGINT_FIELDS.has(key) && typeof value === 'string' && value.endsWith('n') ? BigInt(value.slice(0, -1)) : value,
      ),
    );
    offset = end;
  }
  return batches;
}

/** Appends every spooled batch to the log, then deletes the spool files; returns how many batches moved. */
export async function moveLegacySpool(dir: string, append: (batch: RowBatch) => Promise<unknown>): Promise<number> {
  if (!existsSync(dir)) return 0;
  const files = readdirSync(dir)
    .filter((name) => /^\d{12}\.spool$/.test(name))
    .sort();
  let moved = 0;
  for (const name of files) {
    for (const batch of readSpoolFile(join(dir, name))) {
      await append(batch);
      moved++;
    }
    unlinkSync(join(dir, name));
  }
  return moved;
}
