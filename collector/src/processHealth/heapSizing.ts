// How V8 sized the collector's JavaScript heap, and the memory limit the process runs under.
// Unless told (--max-old-space-size), V8 sizes the old generation from the memory it sees: half of
// a container's limit. Its growing factor (how far the old generation may grow past what a full
// collection left live before the next one) is then small too: it is largest only from an old
// generation of 2 GiB on 64-bit. Ingest allocates fast (~270 MB/s at 50,000 spans/s) around a
// small live heap (~30 MiB), so a small factor means major collections all the time. In a 1 GiB
// memory cgroup, 4 rounds of 14 s stored 34,004 calls/s with V8's own sizing and 43,605 with
// --max-old-space-size=2048 (41,250 with no limit at all); in 512 MiB, a burst of 18 s took 38,589
// and 55,846 spans/s (npm run bench:ingest, BENCH_MEMORY_LIMIT_MIB). The flag is a bound, not a
// reservation: the old generation still grows only to a few times what is live.
// Below 1 GiB the embedded store itself does not fit: in 512 MiB, within a minute of full load the
// kernel was evicting the collector's code and the parts it merges; three minutes stored 5,163
// calls/s against 32,999 in 1 GiB (exports refused with 503 + Retry-After, nothing lost, never killed).
import { getHeapStatistics } from 'node:v8';

/** The old generation size from which V8's growing factor is its largest (64-bit, no pointer compression). */
export const FAST_OLD_SPACE_MIB = 2048;
/** What npm start and the container image give node. */
export const COLLECTOR_NODE_FLAGS = ['--max-semi-space-size=16', `--max-old-space-size=${FAST_OLD_SPACE_MIB}`] as const;

const MIB = 1024 * 1024;

export interface HeapSizing {
  /** V8's limit for the whole heap (old generation and young). */
  heapLimitBytes: number;
  /** The memory limit node sees (a container's, systemd's MemoryMax…); absent without one. */
  memoryLimitBytes?: number;
  /** Who chose the heap's size: a --max-old-space-size given to node, or V8 from the memory it sees. */
  heapSizedBy: 'flag' | 'v8';
}

const OLD_SPACE_FLAG = /--max[-_]old[-_]space[-_]size/;

/** Reads the heap's sizing from this process (its flags, NODE_OPTIONS, V8's limit, the memory limit). */
export function heapSizing(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
  heapLimitBytes = getHeapStatistics().heap_size_limit,
  constrainedBytes = process.constrainedMemory?.(),
): HeapSizing {
  const flagged = execArgv.some((arg) => OLD_SPACE_FLAG.test(arg)) || OLD_SPACE_FLAG.test(nodeOptions);
  // libuv answers a huge number, or 0, when there is no limit.
  const limited = constrainedBytes !== undefined && constrainedBytes > 0 && constrainedBytes < Number.MAX_SAFE_INTEGER;
  return { heapLimitBytes, ...(limited ? { memoryLimitBytes: constrainedBytes } : {}), heapSizedBy: flagged ? 'flag' : 'v8' };
}

export interface StartupNotice {
  level: 'warn' | 'info';
  message: string;
}

/** The memory limit below which sustained full-rate ingest into the embedded store was not reached. */
const EMBEDDED_MEMORY_NEEDED_BYTES = 1024 * MIB;

const mib = (bytes: number) => `${Math.round(bytes / MIB)} MiB`;

/**
 * Lines for the start-up log. A heap small enough to slow ingest: a warning when V8 chose it (the
 * operator may not know), a note when the operator did (their value is kept). A memory limit the
 * embedded store does not fit in: a warning.
 */
export function startupMemoryNotices(sizing: HeapSizing, embeddedStore: boolean): StartupNotice[] {
  const notices: StartupNotice[] = [];
  if (embeddedStore && sizing.memoryLimitBytes !== undefined && sizing.memoryLimitBytes < EMBEDDED_MEMORY_NEEDED_BYTES) {
    notices.push({
      level: 'warn',
      message:
        `the ${mib(sizing.memoryLimitBytes)} memory limit is below the 1 GiB the embedded store needs for sustained ingest: ` +
        'in 512 MiB the kernel evicted its code and data within a minute of full load, and three minutes stored 5,000 calls/s where 1 GiB stored 33,000 ' +
        '(the rest refused with 503 + Retry-After; nothing acknowledged lost). Give it 1 GiB, or use a ClickHouse server (CLICKHOUSE_URL).',
    });
  }
  if (sizing.heapLimitBytes >= FAST_OLD_SPACE_MIB * MIB) return notices;
  const heap = mib(sizing.heapLimitBytes);
  const cost = 'V8 then collects garbage far more often, which took a fifth to a third off the ingest rate in a 512 MiB to 1 GiB container';
  if (sizing.heapSizedBy === 'flag') {
    notices.push({ level: 'info', message: `JavaScript heap limited to ${heap} by --max-old-space-size, as given; ${cost}.` });
    return notices;
  }
  const seen = sizing.memoryLimitBytes === undefined ? 'the memory it sees' : `the ${mib(sizing.memoryLimitBytes)} memory limit`;
  notices.push({
    level: 'warn',
    message:
      `V8 sized the JavaScript heap at ${heap} from ${seen}: ${cost}. ` +
      `Start node with --max-old-space-size=${FAST_OLD_SPACE_MIB} (in NODE_OPTIONS, as npm start and the container image do): a bound, not a reservation.`,
  });
  return notices;
}
