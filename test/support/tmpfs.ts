// Small real file systems for the disk-fault tests: a tmpfs of a given size, mounted for the test
// file and unmounted after it. Mounting needs root (or CAP_SYS_ADMIN); where it is refused, a test
// skips and says why (tmpfsRefusal).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mounted: string[] = [];

/** A fresh tmpfs of `size` (e.g. '40m'), with extra mount options such as 'ro'; throws when mounting is refused. */
export function mountTmpfs(size: string, options = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'burnrate-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options ? `,${options}` : ''}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  mounted.push(dir);
  return dir;
}

/** Grows (or shrinks) a mounted tmpfs in place: a full disk that is given room. */
export function resizeTmpfs(dir: string, size: string): void {
  execFileSync('mount', ['-o', `remount,size=${size}`, dir]);
}

/** Why a tmpfs cannot be mounted here, or undefined when it can (tried once, with a 1 MiB one). */
export function tmpfsRefusal(): string | undefined {
  try {
    unmountTmpfs(mountTmpfs('1m'));
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `mounting a tmpfs was refused (${stderr || (error as Error).message.split('\n')[0]}); it needs root or CAP_SYS_ADMIN`;
  }
}

/** Unmounts one tmpfs, or every one this process mounted, and removes its directory. */
export function unmountTmpfs(dir?: string): void {
  const which = dir === undefined ? mounted.splice(0).reverse() : mounted.includes(dir) ? mounted.splice(mounted.indexOf(dir), 1) : [];
  for (const each of which) {
    try {
      execFileSync('umount', ['-l', each]);
      rmSync(each, { recursive: true, force: true });
    } catch {
      /* left for the OS */
    }
  }
}
