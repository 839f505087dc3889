import { context, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { exportTimeoutError, type ExportHealth } from './health/exportHealth';
import { log } from './safety';

export interface BoundedBatchOptions {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  /** How long one export may hold a batch before the processor moves on. */
  exportTimeoutMillis: number;
}

/**
 * A batch span processor whose memory is bounded whatever the collector does: at most
 * `maxQueueSize` queued spans plus one batch in flight. A full queue drops new spans. Every span's
 * fate (exported, failed, dropped) is counted in `health`, which also warns, rate-limited, about
 * the failures that lose spans. (The SDK's BatchSpanProcessor does drop, but logs on every
 * recovery and exposes no count.) Nothing here ever throws into the app.
 */
export class BoundedBatchSpanProcessor implements SpanProcessor {
  private queue: ReadableSpan[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private isShutdown = false;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly options: BoundedBatchOptions,
    readonly health: ExportHealth,
  ) {}

  /** Spans dropped because the queue was full, since start. */
  get droppedSpans(): number {
    return this.health.dropped;
  }

  /** Spans waiting for export now. */
  get queuedSpans(): number {
    return this.queue.length;
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.isShutdown || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.queue.length >= this.options.maxQueueSize) {
      this.health.droppedFromFullQueue(this.options.maxQueueSize);
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.options.maxExportBatchSize) this.exportNext();
    else this.schedule();
  }

  async forceFlush(): Promise<void> {
    if (this.inFlight) await this.inFlight;
    while (this.queue.length > 0) await this.exportNext();
  }

  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    await this.forceFlush();
    this.isShutdown = true;
    try {
      await this.exporter.shutdown();
    } catch (problem) {
      log.debug('exporter shutdown failed', problem);
    }
  }

  private schedule(): void {
    if (this.timer !== undefined || this.inFlight) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.exportNext();
    }, this.options.scheduledDelayMillis);
    // A pending export must not keep the app's process alive.
    this.timer.unref?.();
  }

  /** Exports one batch, one at a time; the next export starts when this one settles. */
  private exportNext(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.queue.splice(0, this.options.maxExportBatchSize);
    if (batch.length === 0) return Promise.resolve();
    this.inFlight = this.exportBatch(batch).finally(() => {
      this.inFlight = undefined;
      if (this.queue.length >= this.options.maxExportBatchSize) void this.exportNext();
      else if (this.queue.length > 0) this.schedule();
    });
    return this.inFlight;
  }

  private exportBatch(batch: ReadableSpan[]): Promise<void> {
    return new Promise<void>((resolve) => {
      let settled = false;
      // Each batch is counted once: as exported or failed, whichever comes first.
      const settle = (error?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error === undefined) this.health.succeeded(batch.length);
        else {
          log.debug(`span export of ${batch.length} spans failed`, error);
          this.health.exportFailed(batch.length, error);
        }
        resolve();
      };
      const timer = setTimeout(() => settle(exportTimeoutError(this.options.exportTimeoutMillis)), this.options.exportTimeoutMillis);
      timer.unref?.();
      const exportNow = () => {
        try {
          // The exporter's own HTTP request must not be traced (and so exported) in turn.
          context.with(suppressTracing(context.active()), () => {
            this.exporter.export(batch, (result) => {
              settle(result.code === ExportResultCode.SUCCESS ? undefined : (result.error ?? new Error('export failed')));
            });
          });
        } catch (problem) {
          settle(problem);
        }
      };
      // A joined app's NodeSDK detects resource attributes (host, process) asynchronously: read
      // before they settle, they are incomplete and the SDK logs an error. Its own batch processor
      // waits for them the same way.
      const pending = batch.map((span) => span.resource).filter((r) => r.asyncAttributesPending && r.waitForAsyncAttributes);
      if (pending.length === 0) exportNow();
      else Promise.all(pending.map((r) => r.waitForAsyncAttributes!())).then(exportNow, settle);
    });
  }
}
