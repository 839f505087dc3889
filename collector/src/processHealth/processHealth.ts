// The collector's own process, as /healthz and /metrics show it. Event-loop delay: every export
// waits for its 200 behind whatever the main thread is doing (decoding other exports, planning
// and encoding an insert), so a main thread that stalls shows here before it shows as slow acks.
// Figures are of the last whole minute (the first minute: since the start).
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { heapSizing, type HeapSizing } from './heapSizing';
import { WindowedHistogram } from './windowedHistogram';

export interface ProcessHealth extends HeapSizing {
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** Start of the window the delays are of. */
  since: string;
  rssBytes: number;
  heapUsedBytes: number;
  /** Node's buffers off the V8 heap (exports kept prepared for the insert, memory of recent calls). */
  arrayBufferBytes: number;
}

export class ProcessMonitor {
  private readonly delays: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly window: WindowedHistogram;
  /** Fixed when node starts. */
  private readonly heap = heapSizing();

  constructor(windowMs = 60_000) {
    this.delays.enable();
    this.window = new WindowedHistogram(windowMs, this.delays);
  }

  snapshot(): ProcessHealth {
    const window = this.window.snapshot();
    const memory = process.memoryUsage();
    return {
      eventLoopDelayMs: { p50: window.p50, p99: window.p99, max: window.max },
      since: window.since.toISOString(),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      arrayBufferBytes: memory.arrayBuffers,
      ...this.heap,
    };
  }

  close(): void {
    this.window.close();
    this.delays.disable();
  }
}
