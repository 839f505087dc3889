// Starts test/support/otlpSender.ts in its own process and reads its ledger when it stops.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SenderLedger, SenderPlan } from './otlpSender';
import { removeTestDir } from './removeTestDir';
import { reapOnExit } from './reapChildren';

const SENDER = fileURLToPath(new URL('./otlpSender.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface SenderProcess {
  /** SIGTERM: the sender finishes its exports in flight, then reports. */
  stop(): Promise<SenderLedger>;
  /** Resolves with the ledger when the sender ends by itself (plan.seconds). */
  done: Promise<SenderLedger>;
}

export function spawnSender(plan: Omit<SenderPlan, 'ledgerFile'>): SenderProcess {
  const dir = mkdtempSync(join(tmpdir(), 'burnrate-sender-'));
  const ledgerFile = join(dir, 'ledger.json');
  const child = reapOnExit(
    spawn(process.execPath, ['--import', 'tsx', SENDER, JSON.stringify({ ...plan, ledgerFile })], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
  );
  const done = new Promise<SenderLedger>((resolve, reject) =>
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`the sender exited with ${code}`);
        resolve(JSON.parse(readFileSync(ledgerFile, 'utf8')) as SenderLedger);
      } catch (error) {
        reject(error);
      } finally {
        removeTestDir(dir);
      }
    }),
  );
  return {
    done,
    stop: () => {
      child.kill('SIGTERM');
      return done;
    },
  };
}
