import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { beforeEach, describe, expect, it } from 'vitest';
import { BoundedBatchSpanProcessor } from './boundedProcessor';
import { ExportHealth } from './health/exportHealth';
import { Notices } from './health/notice';
import { captureDiag, diagMessages } from '../../test/support/sdkHook/spans';

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

/** What the processor would say on the console. */
let warnings: string[] = [];
const health = () => new ExportHealth({ url: 'http://collector:4318/v1/traces', hasKey: true }, new Notices({ warn: (m) => warnings.push(m) }));

describe('bounded batch processor', () => {
  beforeEach(() => {
    diagMessages.length = 0;
    warnings = [];
  });

  it('full-queue-drops-counted-warned-once', async () => {
    const exporter = new HeldExporter();
    const processor = new BoundedBatchSpanProcessor(exporter, options, health());
    endSpans(processor, 3); // a full batch goes out at once, and stays in flight
    expect(exporter.exported.map((b) => b.length)).toEqual([3]);
    endSpans(processor, 5); // 3 queue, 2 drop
    endSpans(processor, 2); // 2 more drop
    expect(processor.droppedSpans).toBe(4);
    expect(warnings.filter((m) => m.includes('queue is full'))).toHaveLength(1);
    exporter.pending.shift()!({ code: ExportResultCode.SUCCESS });
    await new Promise((resolve) => setImmediate(resolve));
    expect(exporter.exported.map((b) => b.length)).toEqual([3, 3]); // the queue drains after the slow export
  });

  it('export-timeout-moves-on', async () => {
    const exporter = new HeldExporter();
    const processor = new BoundedBatchSpanProcessor(exporter, { ...options, exportTimeoutMillis: 20 }, health());
    endSpans(processor, 4);
    const started = Date.now();
    await processor.forceFlush(); // two batches, each abandoned after 20 ms
    expect(Date.now() - started).toBeLessThan(1000);
    expect(exporter.exported.map((b) => b.length)).toEqual([3, 1]);
  });

  it('export-failure-counted-and-said-never-thrown', async () => {
    for (const mode of ['fail', 'throw'] as const) {
      const processor = new BoundedBatchSpanProcessor(new HeldExporter(mode), options, health());
      endSpans(processor, 2);
      await expect(processor.forceFlush()).resolves.toBeUndefined();
      await expect(processor.shutdown()).resolves.toBeUndefined();
      expect(processor.health).toMatchObject({ exported: 0, failed: 2, lastError: { message: mode === 'fail' ? 'collector said 503' : 'exporter exploded' } });
    }
    expect(warnings).toHaveLength(2); // one per processor: each has its own health
    // Detail goes to diag at debug level only: an app's console diag logger would repeat it per export.
    expect(diagMessages.filter((m) => m.startsWith('error') || m.startsWith('warn'))).toEqual([]);
  });

  it('export-timeout-counts-as-failed', async () => {
    const exporter = new HeldExporter();
    const processor = new BoundedBatchSpanProcessor(exporter, { ...options, exportTimeoutMillis: 5 }, health());
    endSpans(processor, 3);
    await processor.forceFlush();
    exporter.pending.shift()!({ code: ExportResultCode.SUCCESS }); // a late answer does not count twice
    expect(processor.health).toMatchObject({ exported: 0, failed: 3, lastError: { message: 'no answer within 5 ms' } });
    expect(warnings).toEqual([expect.stringContaining('did not answer in time')]);
  });

  it('scheduled-export-after-delay', async () => {
    const exporter = new HeldExporter();
    const processor = new BoundedBatchSpanProcessor(exporter, { ...options, scheduledDelayMillis: 5 }, health());
    endSpans(processor, 1);
    expect(exporter.exported).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(exporter.exported.map((b) => b.length)).toEqual([1]);
  });
});
