// The embedded engine merges parts in the background on the same cores that decode exports and
// answer them: under load a merge takes a core just when exports are waiting. Its merge threads
// run at a lower priority (a higher nice value, which any process may give its own threads), so
// they take what the ingest path leaves. At nice 10 (CFS weighs it a tenth of nice 0) a minute of
// overload starved merges until inserts slowed (10,700 spans/s in the worst round, against 19,100
// at nice 0); nice 5 kept the sustained rate (npm run bench:ingest with BENCH_ROUNDS=6
// BENCH_ROUND_SECONDS=10 BENCH_E2E_ONLY=1), so 5 is the default.
// ClickHouse's own setting for this (os_threads_nice_value_merge_mutate) is a server setting,
// and it does nothing without CAP_SYS_NICE, which containers seldom have.
import { readdir, readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';

/** The name ClickHouse gives its merge and mutation pool's threads (what /proc shows as a thread's comm). */
export const MERGE_THREAD_NAME = 'MergeMutate';

export interface MergePriorityStatus {
  /** The nice value merge threads are given (0: left as they are). */
  nice: number;
  /** Merge threads running at it now. */
  lowered: number;
  /** Threads it could not be given to, since the start; lastError says why. */
  failed: number;
  lastError?: string;
}

/**
 * Looks for new merge threads every `intervalMs` (the pool makes them as it needs them) and gives
 * each the nice value once. Every other thread's name is read again each time: a thread is named
 * by its pool once it runs, and a pool may rename a thread it reuses. A merge thread it cannot
 * reach is counted and said once, never retried.
 */
export class MergePriority {
  private readonly lowered = new Set<number>();
  private readonly unreachable = new Set<number>();
  private failed = 0;
  private lastError: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;

  constructor(
    readonly nice: number,
    private readonly warn: (line: string) => void,
    private readonly taskDir = '/proc/self/task',
  ) {}

  start(intervalMs = 5_000): void {
    void this.scanOnce();
    this.timer = setInterval(() => void this.scanOnce(), intervalMs);
    this.timer.unref();
  }

  /** One look at the process's threads; resolves when every new merge thread has its nice value. */
  scanOnce(): Promise<void> {
    this.scanning ??= this.scan().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private async scan(): Promise<void> {
    let tids: number[];
    try {
      tids = (await readdir(this.taskDir)).map(Number);
    } catch (error) {
      return this.fail(`cannot list the process's threads (${(error as Error).message})`);
    }
    const alive = new Set(tids);
    for (const known of [this.lowered, this.unreachable]) for (const tid of known) if (!alive.has(tid)) known.delete(tid);
    for (const tid of tids) {
      if (this.lowered.has(tid) || this.unreachable.has(tid)) continue;
      const name = await readFile(`${this.taskDir}/${tid}/comm`, 'utf8').then(
        (text) => text.trim(),
        () => undefined, // gone since the listing
      );
      if (name !== MERGE_THREAD_NAME) continue;
      try {
        setPriority(tid, this.nice);
        this.lowered.add(tid);
      } catch (error) {
        this.unreachable.add(tid);
        this.fail(`cannot lower the priority of merge thread ${tid} (${(error as Error).message})`);
      }
    }
  }

  private fail(message: string): void {
    if (this.failed === 0) this.warn(`burnrate: ${message}; background merges compete with ingest at full priority (BURNRATE_MERGE_NICE)`);
    this.failed++;
    this.lastError = message;
  }

  status(): MergePriorityStatus {
    return { nice: this.nice, lowered: this.lowered.size, failed: this.failed, ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
