// The collector's own process, as /healthz and /metrics show it. Event-loop delay: every export
// waits for its 200 behind whatever the main thread is doing (decoding other exports, planning
// and encoding an insert), so a main thread that stalls shows here before it shows as slow acks.
// Figures are of the last whole minute (the first minute: since the start).
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface ProcessHealth {
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** Start of the window the delays are of. */
  since: string;
  rssBytes: number;
  heapUsedBytes: number;
}

interface Window {
  since: Date;
  p50: number;
  p99: number;
  max: number;
}

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

export class ProcessMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private windowStart = new Date();
  private last: Window | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(windowMs = 60_000) {
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), windowMs);
    this.timer.unref();
  }

  private current(): Window {
    const h = this.histogram;
    return { since: this.windowStart, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
  }

  private roll(): void {
    this.last = this.current();
    this.histogram.reset();
    this.windowStart = new Date();
  }

  snapshot(): ProcessHealth {
    const window = this.last ?? this.current();
    const memory = process.memoryUsage();
    return {
      eventLoopDelayMs: { p50: window.p50, p99: window.p99, max: window.max },
      since: window.since.toISOString(),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
    };
  }

  close(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}
