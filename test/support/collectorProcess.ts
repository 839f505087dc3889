// A collector in its own process (`node --import tsx collector/src/main.ts`), for tests that
// kill it: kill -9, SIGTERM, restarts on the same data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reapOnExit } from './reapChildren';

const MAIN = fileURLToPath(new URL('../../collector/src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const COLLECTOR_MAIN = MAIN;
export const FAULTY_MAIN = fileURLToPath(new URL('./faultyCollectorMain.ts', import.meta.url));

export interface CollectorProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Everything it has written so far, stdout and stderr: its start-up log and what followed. */
  output(): string;
}

/** `main`: another entry point (test/support/faultyCollectorMain.ts). */
export function spawnCollector(env: Record<string, string>, timeoutMs = 30_000, main = MAIN): Promise<CollectorProcess> {
  return new Promise((resolve, reject) => {
    const child = reapOnExit(
      spawn(process.execPath, ['--import', 'tsx', main], {
        cwd: ROOT,
        env: { ...process.env, BURNRATE_SERVE_DASHBOARD: 'false', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let output = '';
    const timer = setTimeout(() => reject(new Error(`collector did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    let listening = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (listening) return;
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match) {
        listening = true;
        clearTimeout(timer);
        resolve({ url: match[1]!, child, exited, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`collector exited (${code}) before listening:\n${output}`));
    });
  });
}

/**
 * CPU time a process has used, user and system, in seconds (/proc/<pid>/stat fields 14 and 15).
 * In clock ticks of 1/100 s: Linux's USER_HZ on every architecture Node runs on.
 */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A memory figure of /proc/<pid>/status in bytes; 0 once the process is gone (a sampler may outlive it). */
function statusBytes(pid: number, field: 'VmRSS' | 'RssAnon'): number {
  try {
    return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** The process's resident memory in bytes. */
export const rssOf = (pid: number) => statusBytes(pid, 'VmRSS');

/** Its anonymous memory: resident memory less file-backed pages (code mapped from disk), which the kernel can drop and read again. */
export const anonymousBytesOf = (pid: number) => statusBytes(pid, 'RssAnon');
