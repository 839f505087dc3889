// A memory limit for the collector under bench, as a container gives one: a cgroup of its own
// with memory.limit_in_bytes (cgroup v1) or memory.max (v2), made under this process's own
// cgroup. Under the limit the kernel drops clean file-backed pages (chDB's and node's code, the
// page cache of the log and the parts) before it kills anything, so the question the RSS goal
// asks — does the collector run at full load in 512 MiB? — is answered by running it there:
// survived or killed, its peak RSS, and its rate meanwhile. Needs root.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MemoryCgroup {
  /** A command and its arguments that join the cgroup, then exec the given command. */
  wrap(command: string, args: string[]): { command: string; args: string[] };
  /**
   * OOM kills in the cgroup, the most it was charged (its processes' memory and page cache), and
   * its major page faults: pages read back from disk after the kernel dropped them (thrashing).
   */
  pressure(): { oomKills: number; peakUsageBytes: number | undefined; majorFaults: number };
  remove(): void;
}

const MEMORY_V1 = '/sys/fs/cgroup/memory';
const UNIFIED = '/sys/fs/cgroup';

/** This process's own cgroup path in the memory hierarchy (v1) or the unified one (v2). */
function ownCgroup(version: 1 | 2): string {
  const lines = readFileSync('/proc/self/cgroup', 'utf8').split('\n');
  const line = version === 1 ? lines.find((l) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(l)) : lines.find((l) => l.startsWith('0::'));
  return line ? line.slice(line.lastIndexOf(':') + 1) : '/';
}

const numberIn = (file: string, key?: string): number | undefined => {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  if (key === undefined) return Number(text.trim());
  const match = new RegExp(`^${key} (\\d+)`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
};

/** A fresh memory cgroup of `limitBytes`, or an Error saying why this machine cannot make one. */
export function memoryCgroup(limitBytes: number, name = `burnrate-bench-${process.pid}`): MemoryCgroup {
  const v1 = existsSync(join(MEMORY_V1, 'memory.limit_in_bytes'));
  const base = v1 ? join(MEMORY_V1, ownCgroup(1)) : join(UNIFIED, ownCgroup(2));
  const path = join(base, name);
  try {
    mkdirSync(path);
    writeFileSync(join(path, v1 ? 'memory.limit_in_bytes' : 'memory.max'), String(limitBytes));
    // No swap either: a container's limit is on memory and swap together.
    if (v1 && existsSync(join(path, 'memory.memsw.limit_in_bytes'))) writeFileSync(join(path, 'memory.memsw.limit_in_bytes'), String(limitBytes));
    if (!v1) writeFileSync(join(path, 'memory.swap.max'), '0');
  } catch (error) {
    throw new Error(`cannot make a memory cgroup at ${path} (root and a writable cgroup file system are needed): ${(error as Error).message}`);
  }
  return {
    wrap: (command, args) => ({ command: '/bin/sh', args: ['-c', `echo $$ > ${join(path, 'cgroup.procs')} && exec "$0" "$@"`, command, ...args] }),
    pressure: () =>
      v1
        ? {
            oomKills: numberIn(join(path, 'memory.oom_control'), 'oom_kill') ?? 0,
            peakUsageBytes: numberIn(join(path, 'memory.max_usage_in_bytes')),
            majorFaults: numberIn(join(path, 'memory.stat'), 'total_pgmajfault') ?? 0,
          }
        : {
            oomKills: numberIn(join(path, 'memory.events'), 'oom_kill') ?? 0,
            peakUsageBytes: numberIn(join(path, 'memory.peak')),
            majorFaults: numberIn(join(path, 'memory.stat'), 'pgmajfault') ?? 0,
          },
    remove: () => {
      try {
        rmdirSync(path);
      } catch {
        // a process still in it: the machine's to clean
      }
    },
  };
}

/**
 * Drops the machine's clean page cache (root only), so the collector's code is read from disk
 * again and charged to its own cgroup, as in a fresh container; pages another cgroup brought in
 * are charged there, and would let the collector's RSS exceed its limit. False when not allowed.
 */
export function dropPageCache(): boolean {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '1');
    return true;
  } catch {
    return false;
  }
}
