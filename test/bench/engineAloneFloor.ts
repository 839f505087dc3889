// bench:ingest's floor under the collector's RSS: engineAlone.ts, built as the collector is (plain
// JavaScript, not through tsx's loader, whose own heap would count), run in its own process with
// the collector's Node flags, its RSS sampled from the parent as the collector's is.
import { fork } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import type { EngineAloneDone, EngineAloneJob } from './engineAlone';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Ignored by git (dist/); inside the repository so that the engine's package resolves. */
const OUT = join(ROOT, 'test', 'bench', 'dist', 'engine-alone');

async function buildEngineAlone(): Promise<string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'collector', 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  await build({
    entry: { 'engine-alone': join(ROOT, 'test', 'bench', 'engineAlone.ts') },
    outDir: OUT,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    splitting: false,
    sourcemap: false,
    dts: false,
    silent: true,
    external: Object.keys(pkg.dependencies ?? {}),
    noExternal: ['@burnrate/contract'],
    tsconfig: join(ROOT, 'tsconfig.json'),
  });
  // Read at run time beside the code (new URL('./otlp.proto', import.meta.url)).
  copyFileSync(join(ROOT, 'collector', 'src', 'otlp', 'otlp.proto'), join(OUT, 'otlp.proto'));
  return join(OUT, 'engine-alone.js');
}

export interface EngineAloneResult {
  peakRssBytes: number;
  callsPerSecond: number;
  /** With freshRoundSeconds: each round's rate. */
  rounds?: number[];
}

/** Runs the job in its own process; `rssOf` samples a pid's RSS. */
export async function engineAloneFloor(job: EngineAloneJob, nodeFlags: string[], rssOf: (pid: number) => number): Promise<EngineAloneResult> {
  mkdirSync(job.dataDir, { recursive: true });
  const child = fork(await buildEngineAlone(), [], { execArgv: nodeFlags, cwd: job.dataDir, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let peakRssBytes = 0;
  let sampler: NodeJS.Timeout | undefined;
  try {
    return await new Promise<EngineAloneResult>((resolve, reject) => {
      child.on('message', (m: Partial<EngineAloneDone> & { ready?: boolean; error?: string }) => {
        if (m.error) reject(new Error(m.error));
        // From the store open on: loading the engine is part of what any collector holds.
        if (m.ready) sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, rssOf(child.pid!))), 50);
        if (m.done) resolve({ peakRssBytes, callsPerSecond: m.callsPerSecond!, rounds: m.rounds });
      });
      child.on('exit', (code) => reject(new Error(`the engine-alone process exited (${code})`)));
      child.send(job);
    });
  } finally {
    clearInterval(sampler);
    child.kill();
  }
}
