// Reads the write-ahead log's state from a running collector's /healthz, and waits on it.
import type { WriteAheadLogHealth } from '../../collector/src/store/wal/logHealth';

export async function logHealth(url: string): Promise<WriteAheadLogHealth> {
  const res = await fetch(`${url}/healthz`);
  return ((await res.json()) as { writeAheadLog: WriteAheadLogHealth }).writeAheadLog;
}

export async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // the collector is restarting: ask again
    }
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
