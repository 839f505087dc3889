// Percentiles of durations over the last whole window (the first window: since the start), so a
// figure on /healthz is of the last minute, not an average over days of uptime.
import { createHistogram, type IntervalHistogram, type RecordableHistogram } from 'node:perf_hooks';

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

type Histogram = IntervalHistogram | RecordableHistogram;

/** Nanoseconds to milliseconds with two decimals. */
const ms = (ns: number) => Math.round(ns / 1e4) / 100;

export class WindowedHistogram {
  private windowStart = new Date();
  private last: (Percentiles & { since: Date }) | undefined;
  private readonly timer: NodeJS.Timeout;

  /** `histogram` records nanoseconds; a fresh recordable one when not given. */
  constructor(
    windowMs: number,
    private readonly histogram: Histogram = createHistogram(),
  ) {
    this.timer = setInterval(() => this.roll(), windowMs);
    this.timer.unref();
  }

  /** Records one duration, in nanoseconds (a recordable histogram only). */
  recordNs(ns: number | bigint): void {
    (this.histogram as RecordableHistogram).record(typeof ns === 'bigint' ? ns : Math.max(1, Math.round(ns)));
  }

  private current(): Percentiles & { since: Date } {
    const h = this.histogram;
    if (h.count === 0) return { since: this.windowStart, p50: 0, p99: 0, max: 0 };
    return { since: this.windowStart, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
  }

  private roll(): void {
    this.last = this.current();
    this.histogram.reset();
    this.windowStart = new Date();
  }

  /** In milliseconds, with the start of the window they are of. */
  snapshot(): Percentiles & { since: Date } {
    return this.last ?? this.current();
  }

  /** In milliseconds, the figures alone. */
  percentiles(): Percentiles {
    const { p50, p99, max } = this.snapshot();
    return { p50, p99, max };
  }

  close(): void {
    clearInterval(this.timer);
  }
}
