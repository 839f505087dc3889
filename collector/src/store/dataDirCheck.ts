// Checked before the embedded engine opens its data directory: a directory that cannot be
// written (a read-only mount, wrong owner) or is nearly full makes chDB fail later with a message
// that hides the cause ("Failed to create connection", "Cannot reserve 1.00 MiB"), and leaves a
// half-opened session behind. Said here instead, naming the setting and what to do.
import { closeSync, fsyncSync, mkdirSync, openSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class DataDirError extends Error {}

export function checkDataDir(dir: string, setting: string, minFreeBytes: number): void {
  const path = resolve(dir);
  const probe = join(path, `.burnrate-write-probe-${process.pid}`);
  try {
    mkdirSync(path, { recursive: true });
    const fd = openSync(probe, 'w');
    try {
      writeSync(fd, 'burnrate');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    unlinkSync(probe);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new DataDirError(
      `burnrate: the data directory ${path} (${setting}) cannot be written: ${e.code ?? ''} ${e.message}. Give the collector a writable directory with free space.`,
      { cause: error },
    );
  }
  const stats = statfsSync(path);
  const free = Number(stats.bavail) * Number(stats.bsize);
  if (free < minFreeBytes) {
    const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
    throw new DataDirError(
      `burnrate: the data directory ${path} (${setting}) has ${mib(free)} free; the collector needs at least ${mib(minFreeBytes)} (BURNRATE_MIN_FREE_MB) to start. Free some space or point ${setting} elsewhere.`,
    );
  }
}
