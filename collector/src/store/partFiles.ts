// Exports prepared for the insert wait on disk, not in memory. Each export's blocks are appended to
// a spill file by the thread pool, in the request that brought the export; just before a batch's
// insert, its exports' blocks are joined into one block file, which the engine reads
// (gateway.insertFile). Kept in memory instead, the backlog (two batches, 200,000 calls) held
// ~100 MiB of encoded rows at full load until their insert: a sixth of the collector's peak RSS.
// On disk they live in the page cache (appended, read back and deleted within seconds, most never
// reach the disk), which the kernel can reclaim and the process's RSS does not count.
// Spill files are appended to, not one per export: a file per export cost three trips to the
// thread pool to write and four to read back, and the join read a batch in 200 pieces.
// A spill file is only a copy of what the write-ahead log holds: a part lost or unwritten sends its
// batch the way of the log's rows instead, and the directory is emptied at every start.
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, read, writev } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NativeColumn, NativeType } from './nativeBlock';
import { joinLayout, lastOffset, partBlock, partOfBlock, rebasedOffsets, type BlockParts } from './nativeParts';

const writevAt = promisify(writev);
const readAt = promisify(read);

/** A spill file: appended to until it reaches its size, deleted once every export in it is stored. */
interface Segment {
  path: string;
  fd: number;
  size: number;
  /** The highest log entry id appended to it. */
  lastEntryId: number;
  /** Writes and reads under way: its descriptor is closed only after them (a reused number must not take a late write). */
  busy: number;
  retired: boolean;
}

/** An export's block of one table, in a spill file. */
export interface SpilledPart {
  segment: Segment;
  /** Where its block starts in the spill file. */
  offset: number;
  rows: number;
  /** Where each section starts and ends, from `offset`, in pairs (nativeParts.partBlock). */
  bounds: Uint32Array;
  /** Resolves once appended: false if it could not be (its batch then goes the way of the log's rows). */
  written: Promise<boolean>;
}

const SEGMENT_BYTES = 64 * 1024 * 1024;
/** Most bytes read back at once while joining: ~8 MB is about 11,000 of the bench's calls with their attempts. */
const JOIN_READ_BYTES = 8 * 1024 * 1024;

/** Where a part that could not be appended (no spill file could be opened) says it is. */
const NOWHERE: Segment = { path: '', fd: -1, size: 0, lastEntryId: 0, busy: 0, retired: true };

const partBytes = (part: SpilledPart): number => part.bounds[part.bounds.length - 1] ?? 0;

function settle(segment: Segment): void {
  if (segment.retired && segment.busy === 0 && segment.fd >= 0) {
    closeSync(segment.fd);
    segment.fd = -1;
  }
}

/** Runs `io` on the segment's descriptor, keeping it open until done. */
async function using<T>(segment: Segment, io: (fd: number) => Promise<T>): Promise<T> {
  if (segment.fd < 0) throw new Error(`the spill file ${segment.path} is gone`);
  segment.busy++;
  try {
    return await io(segment.fd);
  } finally {
    segment.busy--;
    settle(segment);
  }
}

async function readRange(segment: Segment, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  const { bytesRead } = await using(segment, (fd) => readAt(fd, buffer, 0, length, offset));
  if (bytesRead !== length) throw new Error(`${segment.path}: ${bytesRead} of ${length} bytes read at ${offset}`);
  return buffer;
}

/** A part's rows read back from its spill file (for the few calls a lookup needs). */
export async function readPart(part: SpilledPart): Promise<BlockParts> {
  return partOfBlock(await readRange(part.segment, part.offset, partBytes(part)), part.rows, part.bounds);
}

/** Parts one after another in one spill file, up to JOIN_READ_BYTES, are read back in one go. */
function readGroups(parts: readonly SpilledPart[]): SpilledPart[][] {
  const groups: SpilledPart[][] = [];
  let group: SpilledPart[] = [];
  let bytes = 0;
  for (const part of parts) {
    const last = group[group.length - 1];
    const follows = last !== undefined && last.segment === part.segment && last.offset + partBytes(last) === part.offset;
    if (!follows || bytes + partBytes(part) > JOIN_READ_BYTES) {
      if (group.length > 0) groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(part);
    bytes += partBytes(part);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/**
 * The parts' blocks joined into one block, written to `into`: each section of every part goes
 * straight to its place (positional writes), a few megabytes read at a time, so the batch is never
 * whole in memory.
 */
export async function joinParts(columns: readonly { name: string; type: NativeType }[], parts: readonly SpilledPart[], into: string): Promise<void> {
  const layout = joinLayout(columns, parts);
  const cursor = layout.sections.map((s) => s.at);
  const bases = new Array<number>(cursor.length).fill(0);
  const groups = readGroups(parts);
  const readGroup = (group: SpilledPart[]) =>
    readRange(
      group[0]!.segment,
      group[0]!.offset,
      group.reduce((n, p) => n + partBytes(p), 0),
    );
  const handle = await open(into, 'w');
  try {
    let next = groups.length > 0 ? readGroup(groups[0]!) : undefined;
    for (const [g, group] of groups.entries()) {
      const bytes = await next!;
      // The next group is read while this one is written: under load every step waits for the
      // busy main thread, and a join of 100,000 calls is a dozen of them, not hundreds.
      next = g + 1 < groups.length ? readGroup(groups[g + 1]!) : undefined;
      next?.catch(() => undefined); // awaited next turn; not unhandled if this turn fails first
      const start = group[0]!;
      const writes: Promise<void>[] = [];
      for (let s = 0; s < cursor.length; s++) {
        const buffers = group.map((p) => {
          const section = bytes.subarray(p.offset - start.offset + p.bounds[2 * s]!, p.offset - start.offset + p.bounds[2 * s + 1]!);
          if (!layout.offsets[s]) return section;
          const moved = rebasedOffsets(section, bases[s]!);
          bases[s]! += lastOffset(section);
          return moved;
        });
        const lead = g === 0 ? layout.sections[s]!.lead : [];
        const leadBytes = lead.reduce((n, b) => n + b.length, 0);
        const size = leadBytes + buffers.reduce((n, b) => n + b.length, 0);
        const at = cursor[s]! - leadBytes;
        cursor[s]! += size - leadBytes;
        if (size === 0) continue;
        writes.push(
          handle.writev([...lead, ...buffers], at).then(({ bytesWritten }) => {
            if (bytesWritten !== size) throw new Error(`${into}: ${bytesWritten} of ${size} bytes written at ${at}`);
          }),
        );
      }
      // All of them settled before a failure is thrown: the descriptor must outlive every write.
      const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    }
  } finally {
    await handle.close();
  }
}

/**
 * The embedded store's spill files of exports' parts, a stream of them per table (a batch's parts
 * of a table lie one after another, read back in a few pieces), and their lifetime: until their log
 * entries are stored.
 */
export class ExportFiles {
  private readonly streams = new Map<string, Segment[]>();
  private readonly prefix = randomUUID().slice(0, 8);
  private sequence = 0;
  private released = 0;

  constructor(
    readonly dir: string,
    private readonly segmentBytes = SEGMENT_BYTES,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  private current(stream: string): Segment {
    let segments = this.streams.get(stream);
    if (!segments) this.streams.set(stream, (segments = []));
    const last = segments[segments.length - 1];
    if (last && last.size < this.segmentBytes) return last;
    const path = join(this.dir, `${this.prefix}-${++this.sequence}.${stream}.parts`);
    const segment: Segment = { path, fd: openSync(path, 'w+'), size: 0, lastEntryId: 0, busy: 0, retired: false };
    segments.push(segment);
    return segment;
  }

  /** Starts appending the part's block to its table's stream; the part's buffers are let go once it is written. */
  write<Row>(entryId: number, table: string, columns: readonly NativeColumn<Row>[], part: BlockParts): SpilledPart {
    const { chunks, bounds } = partBlock(columns, part);
    const size = bounds[bounds.length - 1] ?? 0;
    let segment: Segment;
    try {
      segment = this.current(table);
    } catch {
      return { segment: NOWHERE, offset: 0, rows: part.rows, bounds, written: Promise.resolve(false) };
    }
    const offset = segment.size;
    segment.size += size;
    segment.lastEntryId = Math.max(segment.lastEntryId, entryId);
    const written = using(segment, (fd) => writevAt(fd, chunks, offset)).then(
      ({ bytesWritten }) => bytesWritten === size,
      () => false,
    );
    return { segment, offset, rows: part.rows, bounds, written };
  }

  /** Every log entry up to `entryId` is stored: spill files holding only those are deleted. */
  releaseThrough(entryId: number): void {
    this.released = Math.max(this.released, entryId);
    for (const segments of this.streams.values()) {
      while (segments.length > 0 && segments[0]!.lastEntryId <= this.released) {
        const segment = segments.shift()!;
        segment.retired = true;
        settle(segment);
        // One that will not go stays until the next start empties the directory.
        unlink(segment.path).catch(() => undefined);
      }
    }
  }

  /** For tests: the spill files now. */
  get files(): string[] {
    return [...this.streams.values()].flat().map((s) => s.path);
  }
}
