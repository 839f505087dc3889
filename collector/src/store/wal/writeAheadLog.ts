// The write-ahead log every accepted export goes through: append() resolves once the entry is
// written and fdatasync'ed, so a 200 survives kill -9 and power loss. Appends that arrive while a
// sync is in flight gather and share the next one (group commit), so one fsync serves many
// requests under load and a lone request is not held back by a timer.
// Segments are files `<12-digit sequence>.wal` of frames (frames.ts). The inserter reads entries
// in order and calls markStored() once ClickHouse holds them; a segment is deleted when every
// entry in it is stored. `stored` (a checkpoint, not fsynced: losing it only means re-inserting
// entries the store's dedup then ignores) says how far that got, for the next start.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { constants, fdatasync, fsync, ftruncate, writev } from 'node:fs';
import { unlink as unlinkAsync } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WindowedHistogram, type Percentiles } from '../../processHealth/windowedHistogram';
import type { RowBatch } from '../insertBatches';
import type { PreparedRows } from '../preparedRows';
import { decodePayload, encodeFrame, readFrame, scanSegment, type EntryPayload, type Frame, type ReceivedExport } from './frames';

export type { ReceivedExport } from './frames';

const writevAsync = promisify(writev);
const fdatasyncAsync = promisify(fdatasync);

/**
 * The buffers written one after another from `position`, by the thread pool as they are: joining
 * a group of exports (megabytes) into one buffer first held the main thread for milliseconds.
 */
async function writeAllAt(fd: number, buffers: Buffer[], position: number): Promise<void> {
  let pending = buffers;
  let at = position;
  while (pending.length > 0) {
    let written = (await writevAsync(fd, pending, at)).bytesWritten;
    if (written === 0) throw new Error('the log could not write: the disk took nothing');
    at += written;
    // A short write (a full disk hands one back before failing): carry on after what was taken.
    const rest: Buffer[] = [];
    for (const buffer of pending) {
      if (written >= buffer.length) written -= buffer.length;
      else {
        rest.push(buffer.subarray(written));
        written = 0;
      }
    }
    pending = rest;
  }
}

/**
 * Segments are opened with O_DSYNC where the platform has it: a write returns once it is durable,
 * as write + fdatasync do, in one trip to the thread pool instead of two. Under load every trip
 * waits for a core; at 20,000 spans/s offered the ack's p50 went from 16–21 to 12–16 ms and its
 * p99 from 141–245 to 65–142 ms (npm run bench:ingest, BENCH_E2E_ONLY=1, four runs each).
 */
const SYNC_ON_WRITE: number | undefined = constants.O_DSYNC;
const ftruncateAsync = promisify(ftruncate);
const fsyncAsync = promisify(fsync);

export interface LogEntry {
  id: number;
  source: string;
  calls: number;
  bytes: number;
  appendedAt: number;
  segment: number;
  offset: number;
  /**
   * While the memory budget allows, the rows (`batch`), or the rows prepared for the insert
   * (`prepared`) when the log is given `prepare`; else read back from the segment.
   */
  batch?: RowBatch;
  prepared?: PreparedRows;
  /** Set when an insert of it may have happened before (a failed try, or a previous process). */
  maybeStored: boolean;
}

export interface LogDepth {
  entries: number;
  calls: number;
  /** Bytes of entries not yet stored in ClickHouse. */
  bytes: number;
  /** Bytes the log's files take on disk (stored entries stay until their segment is deleted). */
  diskBytes: number;
  oldestAppendedAt: number | undefined;
  /** Since the log was opened: entries appended, and the fdatasyncs that made them durable. */
  appends: number;
  syncs: number;
  /**
   * How long a durable write of a group of appends took over the last minute, from its start to
   * the main thread seeing it done (so a busy main thread shows here too): every 200 waits for one.
   */
  syncMs: Percentiles;
}

export interface WriteAheadLogOptions {
  /** A segment is closed and a new one started past this size. */
  segmentBytes: number;
  /**
   * Unstored calls kept ready for the insert: as rows in memory, or prepared (their hashes in
   * memory, their blocks in spill files); entries beyond are read back from the log when inserted.
   */
  memoryCalls: number;
  /**
   * Keeps an entry prepared for the insert (store/preparedRows.ts) instead of as rows, prepared at
   * its append (keep); an entry read back from disk is prepared when its turn comes.
   */
  prepare?: (batch: RowBatch, entryId: number) => PreparedRows;
  /** Told when every entry up to an id is stored (what was prepared for them can go). */
  release?: (throughId: number) => void;
  /** Reads an export kept as received back into its rows (the route's decoder), by source. */
  derive?: (source: string, received: ReceivedExport) => RowBatch;
  now?: () => number;
}

interface Segment {
  sequence: number;
  path: string;
  size: number;
  lastId: number;
  sealed: boolean;
  fd?: number;
  /** Its unlink is under way. */
  deleting?: boolean;
}

interface PendingAppend {
  frame: Frame;
  entry: LogEntry;
  resolve: (entry: LogEntry) => void;
  reject: (error: unknown) => void;
}

const inMemory = (entry: LogEntry): boolean => entry.batch !== undefined || entry.prepared !== undefined;

const SEGMENT_NAME = /^(\d{12})\.wal$/;
const CHECKPOINT = 'stored';

export class WriteAheadLog {
  private readonly segments = new Map<number, Segment>();
  private current: Segment | undefined;
  private readonly queue: LogEntry[] = [];
  private head = 0;
  private nextId = 1;
  private storedThrough = 0;
  private pending: PendingAppend[] = [];
  private pendingBytes = 0;
  private syncing: Promise<void> | undefined;
  private memoryCalls = 0;
  /** Calls of appends not yet synced that will be kept in memory once they are. */
  private reservedCalls = 0;
  private unstoredBytes = 0;
  private unstoredCalls = 0;
  private appends = 0;
  private syncs = 0;
  private readonly now: () => number;
  private readonly syncTimes = new WindowedHistogram(60_000);
  /** The segment the next roll moves to, being made or made (see roll). */
  private spare: Promise<Segment> | undefined;
  /** Entries found unstored when the log was opened (a previous process's, to replay). */
  readonly recovered: number;
  /** Called after each successful sync, so the inserter can start. */
  onAppended: () => void = () => undefined;

  constructor(
    readonly dir: string,
    private readonly options: WriteAheadLogOptions,
  ) {
    this.now = options.now ?? Date.now;
    mkdirSync(dir, { recursive: true });
    this.storedThrough = this.readCheckpoint();
    this.nextId = this.storedThrough + 1;
    for (const name of readdirSync(dir)
      .filter((n) => SEGMENT_NAME.test(n))
      .sort())
      this.recoverSegment(name);
    this.recovered = this.queue.length;
  }

  private readCheckpoint(): number {
    const path = join(this.dir, CHECKPOINT);
    if (!existsSync(path)) return 0;
    const value = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isSafeInteger(value) && value > 0 ? value : 0;
  }

  private recoverSegment(name: string): void {
    const path = join(this.dir, name);
    const sequence = Number.parseInt(name, 10);
    const { frames, validBytes, fileBytes } = scanSegment(path);
    if (validBytes < fileBytes) truncateSync(path, validBytes); // a torn append: never acknowledged
    const segment: Segment = { sequence, path, size: validBytes, lastId: 0, sealed: true };
    this.segments.set(sequence, segment);
    for (const frame of frames) {
      segment.lastId = Math.max(segment.lastId, frame.id);
      this.nextId = Math.max(this.nextId, frame.id + 1);
      if (frame.id <= this.storedThrough) continue;
      const keep = this.memoryCalls + frame.calls <= this.options.memoryCalls;
      const entry: LogEntry = {
        id: frame.id,
        source: '',
        calls: frame.calls,
        bytes: frame.bytes,
        appendedAt: frame.appendedAt,
        segment: sequence,
        offset: frame.offset,
        maybeStored: true,
      };
      const payload = decodePayload(frame.frame);
      entry.source = payload.source;
      // Rows kept as received are read into rows when their turn comes (rowsOf), not here.
      if (keep && payload.batch) {
        entry.batch = payload.batch;
        this.memoryCalls += frame.calls;
      }
      this.enqueue(entry);
    }
    this.deleteStoredSegments();
  }

  private enqueue(entry: LogEntry): void {
    this.queue.push(entry);
    this.unstoredBytes += entry.bytes;
    this.unstoredCalls += entry.calls;
  }

  /** Calls appended (synced) and not yet stored in ClickHouse. */
  get unstoredCallCount(): number {
    return this.unstoredCalls;
  }

  /** Bytes the log would take on disk with everything now waiting to be written. */
  get committedAndPendingBytes(): number {
    let disk = 0;
    for (const segment of this.segments.values()) disk += segment.size;
    return disk + this.pendingBytes;
  }

  depth(): LogDepth {
    const oldest = this.queue[this.head];
    let diskBytes = 0;
    for (const segment of this.segments.values()) diskBytes += segment.size;
    return {
      entries: this.queue.length - this.head,
      calls: this.unstoredCalls,
      bytes: this.unstoredBytes,
      diskBytes,
      oldestAppendedAt: oldest?.appendedAt,
      appends: this.appends,
      syncs: this.syncs,
      syncMs: this.syncTimes.percentiles(),
    };
  }

  /**
   * Encodes the entry, lets `admit` refuse it by its size (it throws), then resolves once the
   * entry is on disk and synced. A failed write or sync rejects every append of that group.
   */
  append(source: string, batch: RowBatch, admit: (frameBytes: number) => void = () => undefined, received?: ReceivedExport): Promise<LogEntry> {
    const id = this.nextId;
    const appendedAt = this.now();
    const frame = encodeFrame(id, appendedAt, batch.calls.length, received ? { source, received } : { source, batch });
    admit(frame.length);
    this.nextId++;
    const calls = batch.calls.length;
    const entry: LogEntry = { id, source, calls, bytes: frame.length, appendedAt, segment: 0, offset: 0, maybeStored: false };
    if (this.memoryCalls + this.reservedCalls + calls <= this.options.memoryCalls) {
      this.reservedCalls += calls;
      this.keep(entry, batch);
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ frame, entry, resolve, reject });
      this.pendingBytes += frame.length;
      this.syncing ??= this.syncLoop();
    });
  }

  /** Resolves when every append made so far has been written (or has failed). */
  async settled(): Promise<void> {
    while (this.syncing) await this.syncing;
  }

  private async syncLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const group = this.pending;
        this.pending = [];
        for (const p of group) this.pendingBytes -= p.frame.length;
        for (const p of group) {
          if (!inMemory(p.entry)) continue;
          this.reservedCalls -= p.entry.calls;
          this.memoryCalls += p.entry.calls;
        }
        const started = process.hrtime.bigint();
        try {
          await this.writeGroup(group);
          this.syncTimes.recordNs(process.hrtime.bigint() - started);
        } catch (error) {
          for (const p of group) {
            if (inMemory(p.entry)) this.memoryCalls -= p.entry.calls;
            p.reject(error);
          }
          continue;
        }
        this.syncs++;
        this.appends += group.length;
        for (const p of group) {
          this.enqueue(p.entry);
          p.resolve(p.entry);
        }
        this.onAppended();
      }
    } finally {
      this.syncing = undefined;
    }
  }

  /**
   * Keeps the entry in memory: prepared for the insert now, in the request that brought it, so
   * its rows die young. Kept as rows until the sync and prepared after it, they outlived two
   * young-generation collections, were copied by both and promoted (~30 MB/s at full load, and a
   * major collection a second); preparing a group after its sync also held the main thread.
   */
  private keep(entry: LogEntry, batch: RowBatch): void {
    if (this.options.prepare) {
      try {
        entry.prepared = this.options.prepare(batch, entry.id);
        return;
      } catch {
        // Kept as rows: preparedOf fails the same way, and the batch is planned from its rows.
      }
    }
    entry.batch = batch;
  }

  private async writeGroup(group: PendingAppend[]): Promise<void> {
    if (!this.current || this.current.sealed || this.current.size >= this.options.segmentBytes) await this.roll();
    const segment = this.current!;
    const start = segment.size;
    try {
      await writeAllAt(
        segment.fd!,
        group.flatMap((p) => p.frame.parts),
        start,
      );
      if (SYNC_ON_WRITE === undefined) await fdatasyncAsync(segment.fd!);
    } catch (error) {
      // Cut the failed group off, so the next append continues from the last synced frame. If
      // even that fails, start a new segment: the reader stops at the first bad frame.
      await ftruncateAsync(segment.fd!, start).catch(() => (segment.sealed = true));
      throw error;
    }
    let offset = start;
    for (const p of group) {
      p.entry.segment = segment.sequence;
      p.entry.offset = offset;
      offset += p.frame.length;
      segment.lastId = p.entry.id;
    }
    segment.size = offset;
  }

  /**
   * Moves on to the next segment. It was made ahead of time (spare), so the appends waiting for
   * their 200 do not also wait for a file to be created and the directory synced (on ext4 a
   * journal commit, shared with ClickHouse's part files on the same disk).
   */
  private async roll(): Promise<void> {
    const previous = this.current;
    let next: Segment | undefined;
    try {
      next = await this.spare;
    } catch {
      // It could not be made then; make one now, and report the failure if it recurs.
    }
    this.spare = undefined;
    next ??= await this.createSegment();
    if (previous) this.seal(previous);
    this.current = next;
    this.segments.set(next.sequence, next);
    this.spare = this.createSegment();
    this.spare.catch(() => undefined); // not unhandled: the next roll awaits it, and makes one itself if it failed
  }

  /** An empty segment after every other, its name synced into the directory. */
  private async createSegment(): Promise<Segment> {
    const sequence = Math.max(0, ...this.segments.keys()) + 1;
    const path = join(this.dir, `${String(sequence).padStart(12, '0')}.wal`);
    const fd = openSync(path, SYNC_ON_WRITE === undefined ? 'a+' : constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | SYNC_ON_WRITE);
    try {
      // The new file's name must itself survive a crash, or its synced frames are unreachable.
      // Off the main thread: a directory sync can take as long as a data sync.
      const dirFd = openSync(this.dir, 'r');
      try {
        await fsyncAsync(dirFd);
      } finally {
        closeSync(dirFd);
      }
    } catch (error) {
      closeSync(fd);
      unlinkSync(path);
      throw error;
    }
    return { sequence, path, size: 0, lastId: 0, sealed: false, fd };
  }

  private seal(segment: Segment): void {
    segment.sealed = true;
    if (segment.fd !== undefined) closeSync(segment.fd);
    segment.fd = undefined;
  }

  /** The next unstored entries in order, up to `maxCalls` calls (at least one entry). */
  peek(maxCalls: number): LogEntry[] {
    const taken: LogEntry[] = [];
    let calls = 0;
    for (let i = this.head; i < this.queue.length; i++) {
      const entry = this.queue[i]!;
      if (taken.length > 0 && calls + entry.calls > maxCalls) break;
      taken.push(entry);
      calls += entry.calls;
    }
    return taken;
  }

  /** Whether entries are kept prepared for the insert (options.prepare). */
  get prepares(): boolean {
    return this.options.prepare !== undefined;
  }

  /** The entry prepared for the insert: kept in memory, or its rows read back and prepared now. */
  preparedOf(entry: LogEntry): PreparedRows {
    if (!this.options.prepare) throw new Error('the log was not given a way to prepare rows');
    if (entry.prepared) return entry.prepared;
    const prepared = this.options.prepare(this.rowsOf(entry), entry.id);
    if (entry.batch) {
      entry.prepared = prepared;
      entry.batch = undefined;
    }
    return prepared;
  }

  /** The entry's rows: kept in memory, or read back from its segment. */
  rowsOf(entry: LogEntry): RowBatch {
    if (entry.batch) return entry.batch;
    const segment = this.segments.get(entry.segment);
    if (!segment) throw new Error(`the log segment ${entry.segment} of entry ${entry.id} is gone`);
    return this.rowsOfPayload(readFrame(segment.path, entry.offset, entry.bytes));
  }

  private rowsOfPayload(payload: EntryPayload): RowBatch {
    if (payload.batch) return payload.batch;
    if (!payload.received) throw new Error('the log record holds neither an export nor rows');
    if (!this.options.derive) throw new Error(`the log record of a "${payload.source}" export cannot be read: no decoder was given`);
    return this.options.derive(payload.source, payload.received);
  }

  /** Everything up to and including `id` is in ClickHouse: drop it, delete segments that are done. */
  markStored(id: number): void {
    while (this.head < this.queue.length && this.queue[this.head]!.id <= id) {
      const entry = this.queue[this.head]!;
      if (inMemory(entry)) this.memoryCalls -= entry.calls;
      entry.batch = undefined;
      entry.prepared = undefined;
      this.unstoredBytes -= entry.bytes;
      this.unstoredCalls -= entry.calls;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.storedThrough = Math.max(this.storedThrough, id);
    this.options.release?.(this.storedThrough);
    const temp = join(this.dir, `${CHECKPOINT}.tmp`);
    writeFileSync(temp, String(this.storedThrough));
    renameSync(temp, join(this.dir, CHECKPOINT));
    // A fully stored current segment of some size is closed now, so its disk space comes back
    // soon instead of when it reaches segmentBytes.
    const current = this.current;
    if (
      current &&
      current.lastId <= this.storedThrough &&
      current.size >= Math.min(this.options.segmentBytes, 4 * 1024 * 1024) &&
      this.pending.length === 0 &&
      !this.syncing
    ) {
      this.seal(current);
      this.current = undefined;
    }
    this.deleteStoredSegments();
  }

  /**
   * Deletes sealed segments whose every entry is stored. Unlinked off the main thread: removing
   * a 64 MiB file can hold the thread for tens of milliseconds, and every export waits behind it.
   * Until the unlink is done the segment counts in diskBytes; one that fails is tried next time.
   */
  private deleteStoredSegments(): void {
    for (const segment of [...this.segments.values()]) {
      // Ids only grow, so a segment whose last id is stored holds no queued entry.
      if (!segment.sealed || segment.deleting || segment.lastId > this.storedThrough) continue;
      segment.deleting = true;
      unlinkAsync(segment.path).then(
        () => this.segments.delete(segment.sequence),
        () => (segment.deleting = false), // kept for the next pass; counted in diskBytes meanwhile
      );
    }
  }

  close(): void {
    this.syncTimes.close();
    // A spare made by now is closed here; one still being made, once it is (see roll).
    this.spare?.then(
      (segment) => this.seal(segment),
      () => undefined,
    );
    for (const segment of this.segments.values()) if (segment.fd !== undefined) this.seal(segment);
    this.current = undefined;
  }

  /** For tests: the segment files on disk now. */
  segmentFiles(): string[] {
    return readdirSync(this.dir).filter((n) => SEGMENT_NAME.test(n) && statSync(join(this.dir, n)).isFile());
  }
}
