// The one write path: every export's rows are appended to the write-ahead log and synced before
// the exporter gets its 200 (group commit: concurrent requests share one fdatasync), and an
// inserter drains the log into ClickHouse in order, in batches of up to maxBatchRows calls, one
// insert at a time (the "already stored?" check and the insert must not interleave). When an
// insert fails, the same entries are retried, with backoff, until ClickHouse takes them; after a
// crash the log is replayed from the last stored entry. A replayed entry may already be stored:
// insertBatches checks the store for its calls and attempts, so nothing lands twice.
// A failed insert is retried with the very blocks it first sent (not planned again), so a table
// or rollup view that missed them takes them then, and the ones that took them skip them (the
// blocks' deduplication tokens). After a crash the first send's blocks are gone: once the
// replayed entries are stored, the hours they cover are handed to `afterReplay`, which checks
// the rollups against the raw rows there and repairs them.
import { StoreError, type Gateway } from './gateway';
import { BackpressureError } from './backpressure';
import { TimeSlices } from './timeSlices';
import { MEMORY_BYTES_PER_CALL, type RecentCallsCoverage } from './recentCalls';
import { recentCallsOf } from './recentCallsOfStore';
import { planBatches, sendPlanned, type RowBatch, type WriteResult } from './insertBatches';
import { planPrepared, sendPrepared, type PreparedRows } from './preparedRows';
import type { LogAdmission, AdmissionSnapshot } from './wal/admission';
import type { LogDepth, LogEntry, ReceivedExport, WriteAheadLog } from './wal/writeAheadLog';

export type { RowBatch, WriteResult } from './insertBatches';
export { BackpressureError } from './backpressure';

export type AckMode = 'log' | 'stored';

export interface WriterOptions {
  /** Most calls in one insert. */
  maxBatchRows: number;
  /**
   * The shortest time from one insert's start to the next's when the next is not full. Each insert
   * costs the engine a fixed ~0.2 s of CPU with every rollup view on (a part per table, each view's
   * query), whatever its size: under load, a batch every 10 ms made inserts of a few thousand
   * calls that took more CPU than one a second of tens of thousands (npm run bench:ingest).
   */
  flushIntervalMs: number;
  /** Most calls waiting in memory for the log's sync; beyond, 503. */
  maxPendingRows: number;
  /**
   * 'log' (default): a write resolves once the export is synced in the log. 'stored': once its
   * first insert try has ended too, so a 200 means the calls can be read back (unless ClickHouse
   * failed then: the log keeps them, as in 'log').
   */
  ack: AckMode;
}

export interface WriterHooks {
  /** Per entry stored, with what the insert made of its calls (ingest health counts this). */
  onStored?: (source: string, result: WriteResult) => void;
  /** Where the writer's lines go (the collector's logger). */
  warn: (line: string) => void;
  /** Once the entries a previous process left in the log are stored: the time they cover. */
  afterReplay?: (range: { from: Date; to: Date }) => Promise<void>;
}

/** A planned send: retried after a failure with the same entries and the same blocks. */
interface PlannedSend {
  entries: LogEntry[];
  readable: LogEntry[];
  results: WriteResult[];
  /** Calls looked up in ClickHouse to plan this send (none when memory proved them all new). */
  lookedUp: number;
  send: () => Promise<void>;
}

/** The start times of replayed calls, for the rollup check after a replay. */
class ReplaySpan {
  private minNs: bigint | undefined;
  private maxNs: bigint | undefined;

  constructor(readonly lastId: number) {}

  add(batches: RowBatch[]): void {
    for (const { calls } of batches) {
      for (const { startTimeNs } of calls) {
        if (this.minNs === undefined || startTimeNs < this.minNs) this.minNs = startTimeNs;
        if (this.maxNs === undefined || startTimeNs > this.maxNs) this.maxNs = startTimeNs;
      }
    }
  }

  range(): { from: Date; to: Date } | undefined {
    if (this.minNs === undefined || this.maxNs === undefined) return undefined;
    return { from: new Date(Number(this.minNs / 1_000_000n)), to: new Date(Number(this.maxNs / 1_000_000n) + 1) };
  }
}

export interface WriterStatus {
  log: LogDepth & { oldestAgeSeconds: number };
  admission: AdmissionSnapshot;
  /** The last insert's error while ClickHouse is refusing the log's entries; undefined when fine. */
  insertError: string | undefined;
  storedEntries: number;
  unreadableEntries: number;
  /**
   * Calls looked up in ClickHouse before their insert, because memory could not prove them new: a
   * replay, the first hour after a restart, a second span of a stored call, or more calls within an
   * hour of each other than memory holds (recentCalls.ts). Each lookup reads an hour of raw calls.
   */
  lookedUpCalls: number;
  /** Whether memory of recent calls holds an hour of them at this rate; null on a server (no memory) and before the first insert. */
  recentCalls: RecentCallsCoverage | null;
}

const MAX_BACKOFF_MS = 5000;
/** How long a batch that is not full waits at least, for the appends in flight. */
const GATHER_MS = 10;
/** Weight of the newest insert in the drain-rate estimate (an exponential moving average). */
const DRAIN_RATE_WEIGHT = 0.3;
const WARN_EVERY_MS = 60_000;

const callsIn = (entries: readonly LogEntry[]): number => entries.reduce((n, e) => n + e.calls, 0);

export class BatchWriter {
  private waitingRows = 0;
  private closed = false;
  private draining: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private failures = 0;
  private insertError: string | undefined;
  private lastInsertWarning = 0;
  private storedEntries = 0;
  private unreadableEntries = 0;
  private lookedUpCalls = 0;
  private recentCalls: RecentCallsCoverage | null = null;
  /** The capacity last suggested in the log: said again only when the rate asks for twice as much. */
  private suggestedCapacity = 0;
  private failedSend: PlannedSend | undefined;
  /** When the last insert began (performance.now()). */
  private lastInsertAt = Number.NEGATIVE_INFINITY;
  private replay: ReplaySpan | undefined;
  /** Calls a second the inserts store, smoothed: how long a backlog takes to drain (Retry-After). */
  private drainCallsPerSecond = 0;
  /** ack 'stored': writes waiting for their entry's first insert try. */
  private readonly firstTry = new Map<number, () => void>();
  private readonly warn: (line: string) => void;

  constructor(
    private readonly gateway: Gateway,
    private readonly options: WriterOptions,
    private readonly log: WriteAheadLog,
    private readonly admission: LogAdmission,
    private readonly hooks: WriterHooks,
  ) {
    this.warn = hooks.warn;
    log.onAppended = () => this.kick();
    if (log.recovered > 0) {
      this.warn(`burnrate: replaying ${log.recovered} export(s) from the write-ahead log in ${log.dir}`);
      const recovered = log.peek(Number.MAX_SAFE_INTEGER);
      this.replay = new ReplaySpan(recovered[recovered.length - 1]!.id);
    }
    if (log.depth().entries > 0) this.kick();
  }

  get pendingRows(): number {
    return this.waitingRows;
  }

  /**
   * Throws the backlog's refusal when it is already past its bound: called before an export is
   * decoded, so a refused export costs no decoding while the store catches up.
   */
  admitBacklog(): void {
    this.checkBacklog(0);
  }

  /** The backlog bound for `incoming` more calls, while ClickHouse takes writes (admission.ts). */
  private checkBacklog(incoming: number): void {
    this.admission.checkBacklog(this.log.unstoredCallCount + this.waitingRows, incoming, this.insertError !== undefined, this.drainCallsPerSecond);
  }

  /** Resolves once the batch is durable (ack 'log') or also tried in ClickHouse (ack 'stored'). */
  /** `received`: the export as it came in, logged instead of its rows (cheaper; wal/frames.ts). */
  async write(batch: RowBatch, source = 'traces', received?: ReceivedExport): Promise<void> {
    if (this.closed) throw new Error('the writer is closed');
    if (batch.calls.length === 0) return; // attempts belong to calls: none without them
    if (this.waitingRows + batch.calls.length > this.options.maxPendingRows) {
      const retry = Math.max(1, Math.ceil(this.options.flushIntervalMs / 1000));
      throw this.admission.refuse(
        'writer_busy',
        `${this.waitingRows} calls are waiting for the disk (BURNRATE_MAX_PENDING_ROWS ${this.options.maxPendingRows})`,
        retry,
      );
    }
    // Not `batch` after the append: its rows are to die young (the log keeps them prepared).
    const calls = batch.calls.length;
    this.checkBacklog(calls);
    this.waitingRows += calls;
    let entry: LogEntry;
    try {
      entry = await this.log.append(source, batch, (frameBytes) => this.admission.check(frameBytes, this.log.committedAndPendingBytes), received);
    } catch (error) {
      if (error instanceof BackpressureError) throw error;
      throw this.admission.appendFailed(error);
    } finally {
      this.waitingRows -= calls;
    }
    if (this.options.ack === 'stored') await new Promise<void>((resolve) => this.firstTry.set(entry.id, resolve));
  }

  private kick(): void {
    if (this.wake) this.wake();
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  /** Inserts the log's entries in order until none is left (or, while closing, until one fails). */
  private async drain(): Promise<void> {
    for (;;) {
      let entries = this.failedSend?.entries ?? this.log.peek(this.options.maxBatchRows);
      if (entries.length === 0) return;
      if (!this.failedSend) entries = await this.gather(entries);
      this.lastInsertAt = performance.now();
      const ok = await this.insertEntries(entries);
      if (ok) continue;
      if (this.closed) return;
      await this.sleep(Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(this.failures, 6)));
    }
  }

  /**
   * A batch that is not full waits for more: a moment for the appends in flight, and under load
   * until flushIntervalMs after the last insert began (woken by each append, to go once full).
   */
  private async gather(entries: LogEntry[]): Promise<LogEntry[]> {
    const until = Math.max(performance.now() + GATHER_MS, this.lastInsertAt + this.options.flushIntervalMs);
    while (!this.closed && this.failures === 0 && callsIn(entries) < this.options.maxBatchRows) {
      const wait = until - performance.now();
      if (wait <= 0) break;
      await this.sleep(wait);
      entries = this.log.peek(this.options.maxBatchRows);
    }
    return entries;
  }

  /** Reads the entries' rows; an entry the disk lost is counted and named, once. */
  private async readEntries(entries: LogEntry[]): Promise<{ batches: RowBatch[]; readable: LogEntry[] }> {
    const batches: RowBatch[] = [];
    const readable: LogEntry[] = [];
    // An entry not kept in memory is read from disk and decoded again: a turn between them.
    const slices = new TimeSlices();
    for (const entry of entries) {
      await slices.turn();
      try {
        batches.push(this.log.rowsOf(entry));
        readable.push(entry);
      } catch (error) {
        // A record that passed its checksum when written but cannot be read now: the disk lost it.
        this.unreadableEntries++;
        this.warn(`burnrate: LOST an acknowledged export of ${entry.calls} call(s): ${(error as Error).message}`);
      }
    }
    return { batches, readable };
  }

  /**
   * The common case: entries prepared for the insert (preparedRows.ts), none maybe stored, every
   * call proven new by memory. Else undefined: the batch is planned from its rows.
   */
  private async preparedSend(entries: LogEntry[]): Promise<PlannedSend | undefined> {
    if (!this.log.prepares || this.replay || entries.some((e) => e.maybeStored)) return undefined;
    const prepared: PreparedRows[] = [];
    const slices = new TimeSlices();
    for (const entry of entries) {
      await slices.turn();
      try {
        prepared.push(this.log.preparedOf(entry));
      } catch {
        return undefined; // an entry the disk lost: readEntries counts and names it
      }
    }
    const planned = await planPrepared(this.gateway, prepared);
    return planned && { entries, readable: entries, results: planned.results, lookedUp: planned.lookedUp, send: () => sendPrepared(this.gateway, planned) };
  }

  private async rowsSend(entries: LogEntry[]): Promise<PlannedSend> {
    const { batches, readable } = await this.readEntries(entries);
    if (this.replay && entries[0]!.id <= this.replay.lastId) this.replay.add(batches);
    const planned = await planBatches(this.gateway, batches, { replay: readable.some((e) => e.maybeStored), deduplicate: true });
    return { entries, readable, results: planned.results, lookedUp: planned.lookedUp, send: () => sendPlanned(this.gateway, planned) };
  }

  private async insertEntries(entries: LogEntry[]): Promise<boolean> {
    let send = this.failedSend;
    const startedAt = performance.now();
    try {
      send ??= (await this.preparedSend(entries)) ?? (await this.rowsSend(entries));
      await send.send();
      this.measureDrain(callsIn(entries), performance.now() - startedAt);
      this.failedSend = undefined;
      send.readable.forEach((entry, i) => this.hooks.onStored?.(entry.source, send!.results[i]!));
      const last = entries[entries.length - 1]!;
      this.log.markStored(last.id);
      this.storedEntries += send.readable.length;
      this.lookedUpCalls += send.lookedUp;
      await this.checkRecentCalls();
      this.failures = 0;
      this.insertError = undefined;
      if (this.replay && last.id >= this.replay.lastId) await this.replayDone(this.replay);
      return true;
    } catch (error) {
      for (const entry of entries) entry.maybeStored = true;
      // Planned but not (wholly) sent: the next try sends these blocks again, not a new plan.
      if (send) this.failedSend = send;
      this.failures++;
      this.insertError = (error as Error).message;
      const now = Date.now();
      if (now - this.lastInsertWarning >= WARN_EVERY_MS) {
        this.lastInsertWarning = now;
        const kind = error instanceof StoreError ? 'ClickHouse is not taking writes' : 'an insert failed';
        this.warn(`burnrate: ${kind} (${this.insertError}); ${this.log.depth().entries} export(s) wait in the write-ahead log and are retried`);
      }
      return false;
    } finally {
      for (const entry of entries) {
        this.firstTry.get(entry.id)?.();
        this.firstTry.delete(entry.id);
      }
    }
  }

  /** Says, once for each doubling of the rate, when memory of recent calls falls short of the calls new ones may overlap. */
  private async checkRecentCalls(): Promise<void> {
    const recent = await recentCallsOf(this.gateway)?.catch(() => undefined);
    if (!recent) return;
    this.recentCalls = recent.coverage;
    const { heldMinutes, neededMinutes, suggestedCapacity, capacity } = this.recentCalls;
    if (suggestedCapacity === null || suggestedCapacity < 2 * this.suggestedCapacity) return;
    this.suggestedCapacity = suggestedCapacity;
    this.warn(
      `burnrate: memory of recent calls (BURNRATE_RECENT_CALLS=${capacity}) held only ${heldMinutes} minute(s) of calls at this rate, ` +
        `and the calls it forgot reached ${neededMinutes} minute(s) (their length, and 30 s for clocks); ` +
        `new calls that may overlap them are looked up in ClickHouse before their insert, which slows ingest several times. ` +
        `BURNRATE_RECENT_CALLS=${suggestedCapacity} would hold them (about ${Math.ceil((suggestedCapacity * MEMORY_BYTES_PER_CALL) / 1e6)} MB of memory)`,
    );
  }

  /** The replayed entries are stored: their hours' rollups are checked against the raw rows. */
  private async replayDone(replay: ReplaySpan): Promise<void> {
    this.replay = undefined;
    const range = replay.range();
    if (!range || !this.hooks.afterReplay) return;
    try {
      await this.hooks.afterReplay(range);
    } catch (error) {
      this.warn(
        `burnrate: could not check the rollups after the replay (${(error as Error).message}); run \`burnrate verify\` for ${range.from.toISOString()} to ${range.to.toISOString()}`,
      );
    }
  }

  private measureDrain(calls: number, ms: number): void {
    const rate = (calls * 1000) / Math.max(1, ms);
    this.drainCallsPerSecond = this.drainCallsPerSecond === 0 ? rate : this.drainCallsPerSecond + DRAIN_RATE_WEIGHT * (rate - this.drainCallsPerSecond);
  }

  status(now = Date.now()): WriterStatus {
    const depth = this.log.depth();
    const oldestAgeSeconds = depth.oldestAppendedAt === undefined ? 0 : Math.max(0, (now - depth.oldestAppendedAt) / 1000);
    return {
      log: { ...depth, oldestAgeSeconds },
      admission: this.admission.snapshot(),
      insertError: this.insertError,
      storedEntries: this.storedEntries,
      unreadableEntries: this.unreadableEntries,
      lookedUpCalls: this.lookedUpCalls,
      recentCalls: this.recentCalls,
    };
  }

  /** Stops taking writes, waits for the log's syncs, and tries once to store what the log holds. */
  async close(): Promise<void> {
    this.closed = true;
    await this.log.settled();
    this.wake?.();
    await this.draining;
    if (this.log.depth().entries > 0) {
      this.failures = 0;
      await this.drain();
    }
    for (const resolve of this.firstTry.values()) resolve();
    this.firstTry.clear();
    this.admission.close();
    this.log.close();
  }
}
