// Batches rows from many requests into few inserts (by size and by interval). A request's
// write() resolves only once its rows are in ClickHouse, so an OTLP 200 means stored. Flushes
// run one at a time: the "already stored?" check and the insert must not interleave, or two
// retries of one export could both pass the check.
import type { AttemptRow, CallRow } from '../normalize/callRow';
import { ATTEMPTS_TABLE, toAttemptInsertRow } from './attemptsTable';
import { CALLS_TABLE, callKey, storedCallKeys, toCallInsertRow } from './callsTable';
import type { Gateway } from './gateway';

export interface RowBatch {
  calls: CallRow[];
  attempts: AttemptRow[];
}

export interface WriterOptions {
  maxBatchRows: number;
  flushIntervalMs: number;
  maxPendingRows: number;
}

/** The store cannot take more right now; the client should retry after a while. */
export class BackpressureError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`the store is behind (too many rows waiting); retry in ${retryAfterSeconds} s`);
  }
}

interface Waiter {
  batch: RowBatch;
  resolve: (result: { inserted: number; duplicates: number }) => void;
  reject: (error: unknown) => void;
}

export class BatchWriter {
  private queue: Waiter[] = [];
  private queuedRows = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly gateway: Gateway,
    private readonly options: WriterOptions,
  ) {}

  get pendingRows(): number {
    return this.queuedRows;
  }

  /** Resolves when the batch's calls are stored; reports how many were new and how many repeats. */
  write(batch: RowBatch): Promise<{ inserted: number; duplicates: number }> {
    if (this.closed) return Promise.reject(new Error('the writer is closed'));
    if (batch.calls.length === 0) return Promise.resolve({ inserted: 0, duplicates: 0 });
    if (this.queuedRows + batch.calls.length > this.options.maxPendingRows) {
      return Promise.reject(new BackpressureError(Math.max(1, Math.ceil(this.options.flushIntervalMs / 1000))));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      this.queuedRows += batch.calls.length;
      if (this.queuedRows >= this.options.maxBatchRows) this.scheduleFlush(0);
      else this.scheduleFlush(this.options.flushIntervalMs);
    });
  }

  private scheduleFlush(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  /** Writes everything queued so far; resolves when it is stored (or has failed). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    while (this.queue.length > 0) {
      const taken: Waiter[] = [];
      let rows = 0;
      while (this.queue.length > 0 && (taken.length === 0 || rows + this.queue[0]!.batch.calls.length <= this.options.maxBatchRows)) {
        const waiter = this.queue.shift()!;
        rows += waiter.batch.calls.length;
        taken.push(waiter);
      }
      this.queuedRows -= rows;
      try {
        const results = await this.insert(taken.map((w) => w.batch));
        taken.forEach((waiter, i) => waiter.resolve(results[i]!));
      } catch (error) {
        taken.forEach((waiter) => waiter.reject(error));
      }
    }
  }

  private async insert(batches: RowBatch[]): Promise<{ inserted: number; duplicates: number }[]> {
    const allCalls = batches.flatMap((b) => b.calls);
    const seen = await storedCallKeys(this.gateway, allCalls);
    const calls: CallRow[] = [];
    const attempts: AttemptRow[] = [];
    const results = batches.map((batch) => {
      let inserted = 0;
      const fresh = new Set<string>();
      for (const call of batch.calls) {
        const key = callKey(call);
        if (seen.has(key)) continue;
        seen.add(key);
        fresh.add(key);
        calls.push(call);
        inserted++;
      }
      for (const attempt of batch.attempts) if (fresh.has(callKey(attempt))) attempts.push(attempt);
      return { inserted, duplicates: batch.calls.length - inserted };
    });
    // Attempts first: if the calls insert then fails, a retry finds no call and writes both
    // again, and the attempts table's own sort key collapses the repeated attempts.
    await this.gateway.insert('attempts-insert', this.gateway.table(ATTEMPTS_TABLE), attempts.map(toAttemptInsertRow));
    await this.gateway.insert('calls-insert', this.gateway.table(CALLS_TABLE), calls.map(toCallInsertRow));
    return results;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
