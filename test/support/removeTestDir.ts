// Removes a test's temporary directory. The embedded engine lives as long as the test process
// and may still be writing a part's temporary directory after the collector closes, so a
// removal that races it is retried, and if it still loses, done again when the process exits.
// A test's teardown never fails on its scratch space; what the test asserts is elsewhere.
import { rmSync } from 'node:fs';

const leftOver = new Set<string>();

process.once('exit', () => {
  for (const dir of leftOver) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // the operating system's temp cleaner takes what is left
    }
  }
});

export function removeTestDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch {
    leftOver.add(dir);
  }
}
