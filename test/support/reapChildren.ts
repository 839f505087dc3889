// Processes a test starts die with the test's process. A test that fails half-way (a throw before
// its own kill) would otherwise leave a collector and a sender running on the machine after the
// suite (seen in CI: both still loading the CPU ten minutes after the run).
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();
let hooked = false;

/** Kills `child` (SIGKILL) when this process exits, unless it has exited by then. */
export function reapOnExit(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
  return child;
}
