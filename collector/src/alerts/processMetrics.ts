// The collector's own process on /metrics: how long its main thread kept work waiting (every
// export's 200 waits behind it) over the last minute, and its memory.
import type { ProcessHealth } from '../processHealth/processHealth';
import type { MetricFamily } from './prometheus';

export function processFamilies(health: ProcessHealth): MetricFamily[] {
  const delay = health.eventLoopDelayMs;
  return [
    {
      name: 'burnrate_event_loop_delay_seconds',
      help: "How long the collector's main thread kept ready work waiting, over the last minute (quantiles, and the most).",
      type: 'gauge',
      samples: [
        { labels: { quantile: '0.5' }, value: delay.p50 / 1000 },
        { labels: { quantile: '0.99' }, value: delay.p99 / 1000 },
        { labels: { quantile: '1' }, value: delay.max / 1000 },
      ],
    },
    {
      name: 'burnrate_process_resident_memory_bytes',
      help: "The collector process's resident memory.",
      type: 'gauge',
      samples: [{ labels: {}, value: health.rssBytes }],
    },
    { name: 'burnrate_process_heap_used_bytes', help: 'JavaScript heap in use.', type: 'gauge', samples: [{ labels: {}, value: health.heapUsedBytes }] },
  ];
}
