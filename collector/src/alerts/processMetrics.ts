// The collector's own process on /metrics: how long its main thread kept work waiting (every
// export's 200 waits behind it) over the last minute, its memory and the limits on it.
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
    {
      name: 'burnrate_process_heap_limit_bytes',
      help: "V8's limit for the JavaScript heap; sized_by is flag (--max-old-space-size) or v8 (from the memory it sees). Below 2 GiB, ingest slows.",
      type: 'gauge',
      samples: [{ labels: { sized_by: health.heapSizedBy }, value: health.heapLimitBytes }],
    },
    ...(health.memoryLimitBytes === undefined
      ? []
      : [
          {
            name: 'burnrate_process_memory_limit_bytes',
            help: "The memory limit the collector's process runs under (a container's or cgroup's).",
            type: 'gauge' as const,
            samples: [{ labels: {}, value: health.memoryLimitBytes }],
          },
        ]),
  ];
}
