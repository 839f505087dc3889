import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { beforeEach, describe, expect, it } from 'vitest';
import { BoundedBatchSpanProcessor } from './bounded-processor';
import { captureDiag, diagMessages } from './testing/spans';

captureDiag();

/** An exporter whose every export waits for the test to settle it. */
class HeldExporter implements SpanExporter {
  readonly exported: ReadableSpan[][] = [];
  readonly pending: Array<(result: ExportResult) => void> = [];
  constructor(private readonly mode: 'hold' | 'fail' | 'throw' = 'hold') {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    if (this.mode === 'throw') throw new Error('exporter exploded');
    this.exported.push(spans);
    if (this.mode === 'fail') done({ code: ExportResultCode.FAILED, error: new Error('collector said 503') });
    else this.pending.push(done);
  }
  async shutdown(): Promise<void> {}
}

function endSpans(processor: BoundedBatchSpanProcessor, count: number): void {
  const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('t');
  for (let i = 0; i < count; i++) tracer.startSpan(`s${i}`).end();
}

const options = { maxQueueSize: 3, maxExportBatchSize: 3, scheduledDelayMillis: 60_000, exportTimeoutMillis: 60_000 };

describe('bounded batch processor', () => {
  beforeEach(() => {
    diagMessages.length = 0;
  });

  it('full-queue-drops-counted-warned-once', async () => {
    const exporter = new HeldExporter();
    const processor = new BoundedBatchSpanProcessor(exporter, options);
    endSpans(processor, 3); // a full batch goes out at once, and stays in flight
    expect(exporter.exported.map((b) => b.length)).toEqual([3]);
    endSpans(processor, 5); // 3 queue, 2 drop
    endSpans(processor, 2); // 2 more drop
    expect(processor.droppedSpans).toBe(4);
    expect(diagMessages.filter((m) => m.startsWith('warn') && m.includes('queue full'))).toHaveLength(1);
    exporter.pending.shift()!({ code: ExportResultCode.SUCCESS });
    await new Promise((resolve) => setImmediate(resolve));
    expect(exporter.exported.map((b) => b.length)).toEqual([3, 3]); // the queue drains after the slow export
  });

  it('export-timeout-moves-on', async () => {
    const exporter = new HeldExporter();
    const processor = new BoundedBatchSpanProcessor(exporter, { ...options, exportTimeoutMillis: 20 });
    endSpans(processor, 4);
    const started = Date.now();
    await processor.forceFlush(); // two batches, each abandoned after 20 ms
    expect(Date.now() - started).toBeLessThan(1000);
    expect(exporter.exported.map((b) => b.length)).toEqual([3, 1]);
  });

  it('export-failure-goes-to-diag', async () => {
    for (const mode of ['fail', 'throw'] as const) {
      const processor = new BoundedBatchSpanProcessor(new HeldExporter(mode), options);
      endSpans(processor, 1);
      await expect(processor.forceFlush()).resolves.toBeUndefined();
      await expect(processor.shutdown()).resolves.toBeUndefined();
    }
    expect(diagMessages.filter((m) => m.startsWith('error'))).toHaveLength(2);
  });

  it('scheduled-export-after-delay', async () => {
    const exporter = new HeldExporter();
    const processor = new BoundedBatchSpanProcessor(exporter, { ...options, scheduledDelayMillis: 5 });
    endSpans(processor, 1);
    expect(exporter.exported).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(exporter.exported.map((b) => b.length)).toEqual([1]);
  });
});
