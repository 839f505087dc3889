import { context, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
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
 * `maxQueueSize` queued spans plus one batch in flight. A full queue drops new spans, counts them,
 * and says so once through OTel diag. (The SDK's BatchSpanProcessor does drop, but logs on every
 * recovery and exposes no count.) Export failures go to diag, never to the app.
 */
export class BoundedBatchSpanProcessor implements SpanProcessor {
  private queue: ReadableSpan[] = [];
  private dropped = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private isShutdown = false;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly options: BoundedBatchOptions,
  ) {}

  /** Spans dropped because the queue was full, since start. */
  get droppedSpans(): number {
    return this.dropped;
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.isShutdown || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.queue.length >= this.options.maxQueueSize) {
      this.dropped++;
      if (this.dropped === 1) {
        log.warn(
          `span queue full (${this.options.maxQueueSize}): dropping spans until the collector catches up; ` +
            'the count is on droppedSpans()',
        );
      }
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
      const timer = setTimeout(() => {
        log.debug(`span export of ${batch.length} spans timed out`);
        resolve();
      }, this.options.exportTimeoutMillis);
      timer.unref?.();
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      try {
        // The exporter's own HTTP request must not be traced (and so exported) in turn.
        context.with(suppressTracing(context.active()), () => {
          this.exporter.export(batch, (result) => {
            if (result.code !== ExportResultCode.SUCCESS) {
              log.error(`span export of ${batch.length} spans failed`, result.error);
            }
            done();
          });
        });
      } catch (problem) {
        log.error('span export threw', problem);
        done();
      }
    });
  }
}
