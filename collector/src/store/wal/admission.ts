// Whether the log takes one more export. It keeps a free-space floor on the log's file system
// (ClickHouse needs room to insert what the log holds, and the embedded store shares the disk),
// a cap on the log's size, a bound on the calls waiting to be stored while ClickHouse is taking
// them (offered load beyond what the store drains must not be acknowledged without end), and
// turns a failed append (ENOSPC, EROFS, EIO…) into a refusal too.
// Every refusal is a 503 with Retry-After, counted by cause, with one log line per cause a minute
// (never a stack per request: a full disk refuses thousands of exports).
import { statfs, statfsSync } from 'node:fs';
import { BackpressureError } from '../backpressure';

export const REFUSAL_CAUSES = ['disk_below_floor', 'log_full', 'log_backlog', 'no_space', 'read_only', 'io_error', 'append_failed', 'writer_busy'] as const;

export type RefusalCause = (typeof REFUSAL_CAUSES)[number];

const RETRY_AFTER_SECONDS: Record<RefusalCause, number> = {
  disk_below_floor: 10,
  log_full: 10,
  log_backlog: 1,
  no_space: 10,
  read_only: 30,
  io_error: 10,
  append_failed: 5,
  writer_busy: 1,
};

const LOG_EVERY_MS = 60_000;
/** Longest Retry-After for a backlog: by then the drain has made room or the rate estimate was off. */
const MAX_BACKLOG_RETRY_SECONDS = 10;
const FREE_SPACE_EVERY_MS = 1000;

export class LogRefusedError extends BackpressureError {
  constructor(
    readonly refusal: RefusalCause,
    detail: string,
    retryAfterSeconds = RETRY_AFTER_SECONDS[refusal],
  ) {
    super(retryAfterSeconds, detail, true);
    this.message = `not accepting exports right now: ${detail}; retry in ${retryAfterSeconds} s`;
  }
}

function causeOf(error: unknown): RefusalCause {
  switch ((error as NodeJS.ErrnoException)?.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'no_space';
    case 'EROFS':
      return 'read_only';
    case 'EIO':
      return 'io_error';
    default:
      return 'append_failed';
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export interface AdmissionSnapshot {
  freeBytes: number | undefined;
  minFreeBytes: number;
  maxLogBytes: number;
  maxBacklogCalls: number;
  refusals: Record<RefusalCause, number>;
}

export interface AdmissionLimits {
  minFreeBytes: number;
  maxLogBytes: number;
  /** Unstored calls beyond which exports are refused while ClickHouse is taking the log's entries. */
  maxBacklogCalls: number;
}

export class LogAdmission {
  private freeBytes: number | undefined;
  /** Bytes appended since freeBytes was read: the estimate between two statfs calls. */
  private appendedSinceStatfs = 0;
  private readonly refusals = Object.fromEntries(REFUSAL_CAUSES.map((c) => [c, 0])) as Record<RefusalCause, number>;
  private readonly lastLogged = new Map<RefusalCause, { at: number; suppressed: number }>();
  private readonly timer: NodeJS.Timeout;
  private statting = false;

  constructor(
    private readonly dir: string,
    private readonly limits: AdmissionLimits,
    private readonly warn: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    try {
      const stats = statfsSync(dir);
      this.freeBytes = Number(stats.bavail) * Number(stats.bsize);
    } catch {
      // read again every second; a failing disk shows in appends
    }
    this.timer = setInterval(() => this.refreshFreeSpace(), FREE_SPACE_EVERY_MS);
    this.timer.unref();
  }

  /** Reads the file system's free space again (also right after a failed append). */
  refreshFreeSpace(): void {
    if (this.statting) return;
    this.statting = true;
    statfs(this.dir, (error, stats) => {
      this.statting = false;
      if (error) return; // keep the last figure; a failing disk shows in appends
      this.freeBytes = Number(stats.bavail) * Number(stats.bsize);
      this.appendedSinceStatfs = 0;
    });
  }

  /** Throws a LogRefusedError when an entry of frameBytes must not be appended now. */
  check(frameBytes: number, logBytes: number): void {
    if (logBytes + frameBytes > this.limits.maxLogBytes) {
      throw this.refuse(
        'log_full',
        `the write-ahead log holds ${mib(logBytes)} of its ${mib(this.limits.maxLogBytes)} (BURNRATE_LOG_MAX_BYTES) while ClickHouse catches up`,
      );
    }
    if (this.freeBytes !== undefined) {
      const free = this.freeBytes - this.appendedSinceStatfs;
      if (free - frameBytes < this.limits.minFreeBytes) {
        throw this.refuse(
          'disk_below_floor',
          `${mib(free)} free on ${this.dir}, below the floor of ${mib(this.limits.minFreeBytes)} (BURNRATE_LOG_MIN_FREE_BYTES)`,
        );
      }
    }
    this.appendedSinceStatfs += frameBytes;
  }

  /**
   * Throws a LogRefusedError when `backlogCalls` (unstored, plus waiting for the disk) and this
   * export's `calls` would pass the bound (0 calls: whether the backlog alone passes it). Only
   * while ClickHouse takes the log's entries (`storeFailing` false): during an outage the log
   * buffers up to its size cap, which is what it is for.
   * Retry-After: the time the drain needs to work the backlog down to half the bound.
   */
  checkBacklog(backlogCalls: number, calls: number, storeFailing: boolean, drainCallsPerSecond: number): void {
    const bound = this.limits.maxBacklogCalls;
    // Nothing waiting: taken whatever its size, or an export larger than the bound never would be.
    if (storeFailing || backlogCalls === 0 || backlogCalls + calls <= bound) return;
    const seconds = drainCallsPerSecond > 0 ? Math.ceil((backlogCalls + calls - bound / 2) / drainCallsPerSecond) : 1;
    throw this.refuse(
      'log_backlog',
      `${backlogCalls} calls wait to be stored (BURNRATE_LOG_MAX_BACKLOG_CALLS ${bound}); ${
        drainCallsPerSecond > 0 ? `ClickHouse stores about ${Math.round(drainCallsPerSecond)} a second` : 'the first insert has not finished yet'
      }`,
      Math.min(MAX_BACKLOG_RETRY_SECONDS, Math.max(1, seconds)),
    );
  }

  /** The append failed: a refusal by the error's cause. */
  appendFailed(error: unknown): LogRefusedError {
    this.refreshFreeSpace();
    const code = (error as NodeJS.ErrnoException)?.code ?? 'error';
    return this.refuse(causeOf(error), `the write-ahead log cannot append in ${this.dir} (${code}: ${(error as Error)?.message ?? String(error)})`);
  }

  /** Counts and (rate-limited) logs a refusal decided elsewhere (too many rows waiting). */
  refuse(cause: RefusalCause, detail: string, retryAfterSeconds?: number): LogRefusedError {
    this.refusals[cause]++;
    const now = this.now();
    const last = this.lastLogged.get(cause);
    if (!last || now - last.at >= LOG_EVERY_MS) {
      const more = last && last.suppressed > 0 ? ` (${last.suppressed} more refused for this since the last line)` : '';
      this.warn(`burnrate: refusing exports with 503 (${cause}): ${detail}${more}`);
      this.lastLogged.set(cause, { at: now, suppressed: 0 });
    } else {
      last.suppressed++;
    }
    return new LogRefusedError(cause, detail, retryAfterSeconds);
  }

  snapshot(): AdmissionSnapshot {
    const free = this.freeBytes === undefined ? undefined : Math.max(0, this.freeBytes - this.appendedSinceStatfs);
    return {
      freeBytes: free,
      minFreeBytes: this.limits.minFreeBytes,
      maxLogBytes: this.limits.maxLogBytes,
      maxBacklogCalls: this.limits.maxBacklogCalls,
      refusals: { ...this.refusals },
    };
  }

  close(): void {
    clearInterval(this.timer);
  }
}
