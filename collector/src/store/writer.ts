// Batches rows from many requests into few inserts (by size and by interval). A request's
// write() resolves only once its rows are durable: in ClickHouse, or, while ClickHouse fails,
// fsynced in the spool, which is replayed in order before anything newer is inserted. Flushes
// run one at a time: the "already stored?" check and the insert must not interleave, or two
// retries of one export could both pass the check.
import { StoreError, type Gateway } from './gateway';
import { insertBatches, type RowBatch, type WriteResult } from './insertBatches';
import { SpoolFullError, type Spool } from './spool';

export type { RowBatch, WriteResult } from './insertBatches';

export interface WriterOptions {
  maxBatchRows: number;
  flushIntervalMs: number;
  maxPendingRows: number;
}

/** The store cannot take more right now; the client should retry after a while. */
export class BackpressureError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    reason = 'too many rows waiting',
  ) {
    super(`the store is behind (${reason}); retry in ${retryAfterSeconds} s`);
  }
}

interface Waiter {
  batch: RowBatch;
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
}

export class BatchWriter {
  private queue: Waiter[] = [];
  private queuedRows = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private writing = false;
  private closed = false;
  private drainTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly gateway: Gateway,
    private readonly options: WriterOptions,
    private readonly spool?: Spool,
  ) {
    if (spool) {
      // Replays the spool when ClickHouse is back even if no new export arrives.
      this.drainTimer = setInterval(() => {
        if (!spool.isEmpty) void this.flush();
      }, 1000);
      this.drainTimer.unref();
    }
  }

  /** Bytes waiting in the spool for ClickHouse; 0 when everything is stored. */
  get spooledBytes(): number {
    return this.spool?.bytes ?? 0;
  }

  get pendingRows(): number {
    return this.queuedRows;
  }

  /** Resolves when the batch's calls are stored; reports how many were new and how many repeats. */
  write(batch: RowBatch): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new Error('the writer is closed'));
    if (batch.calls.length === 0) return Promise.resolve({ inserted: 0, duplicates: 0, merged: 0 });
    if (this.queuedRows + batch.calls.length > this.options.maxPendingRows) {
      return Promise.reject(new BackpressureError(Math.max(1, Math.ceil(this.options.flushIntervalMs / 1000))));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      this.queuedRows += batch.calls.length;
      // Group commit: while a write is in flight, rows gather and go in the next write as soon as
      // it ends, so batches grow with load and a quiet collector answers fast. When idle, wait
      // at most flushIntervalMs for concurrent requests to join, less once a batch is full.
      if (this.writing) return;
      this.scheduleFlush(this.queuedRows >= this.options.maxBatchRows ? 0 : this.options.flushIntervalMs);
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
    this.flushing = this.flushing.then(async () => {
      this.writing = true;
      try {
        await this.flushOnce();
      } finally {
        this.writing = false;
      }
    });
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
        const results = await this.store(taken.map((w) => w.batch));
        taken.forEach((waiter, i) => waiter.resolve(results[i]!));
      } catch (error) {
        taken.forEach((waiter) => waiter.reject(error));
      }
    }
    if (this.spool && !this.spool.isEmpty) await this.drainSpool();
  }

  private async drainSpool(): Promise<void> {
    try {
      await this.spool!.drain((batches) => this.insert(batches));
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
    }
  }

  /** Inserts, or spools when ClickHouse fails; keeps order by spooling while the spool is not empty. */
  private async store(batches: RowBatch[]): Promise<WriteResult[]> {
    if (this.spool && !this.spool.isEmpty) await this.drainSpool();
    if (!this.spool) return this.insert(batches);
    if (this.spool.isEmpty) {
      try {
        return await this.insert(batches);
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        console.warn(`burnrate: ClickHouse is not taking writes (${error.message}); spooling to disk`);
      }
    }
    try {
      this.spool.append(batches);
    } catch (error) {
      if (error instanceof SpoolFullError) throw new BackpressureError(5, error.message);
      throw error;
    }
    return batches.map((batch) => ({ inserted: batch.calls.length, duplicates: 0, merged: 0 }));
  }

  private insert(batches: RowBatch[]): Promise<WriteResult[]> {
    return insertBatches(this.gateway, batches);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.drainTimer) clearInterval(this.drainTimer);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    this.spool?.close();
  }
}
