// A scratch app directory outside the workspace, with the packed sdk-hook installed from its
// tarball the way a user installs it, and a way to run node in it.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { removeTestDir } from '../support/removeTestDir';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const APPS = fileURLToPath(new URL('./apps', import.meta.url));
const run = promisify(execFile);

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `npm pack` of the sdk-hook (its prepack builds it) into `into`; returns the tarball's path. */
export async function packSdkHook(into: string): Promise<string> {
  await run('npm', ['pack', '--workspace', 'sdk-hook', '--pack-destination', into], { cwd: ROOT, maxBuffer: 16 << 20 });
  const tarball = readdirSync(into).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack left no tarball in ${into}`);
  return join(into, tarball);
}

/**
 * One `npm install` of everything the scratch app's kinds need, as the README says to install the
 * hook (`npm install <tarball> @anthropic-ai/sdk …`): the registry, its cache first.
 */
export async function installApp(dir: string, packages: string[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true }, null, 2));
  // Bounded, so a stuck install fails the test instead of outliving it (and its temp dir's removal).
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...packages], {
    cwd: dir,
    maxBuffer: 16 << 20,
    timeout: 400_000,
  });
}

export interface AppRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` in `cwd` with `env` added; never rejects (the test reads code and output). */
export function runNode(node: string, args: string[], cwd: string, env: Record<string, string | undefined>): Promise<AppRun> {
  return new Promise((resolve) => {
    const child = spawn(node, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Compiles the TypeScript app with the workspace's tsc and one of the apps' tsconfigs. */
export async function compileTs(dir: string, tsconfig: string): Promise<void> {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  try {
    await run(process.execPath, [tsc, '-p', join(dir, tsconfig)], { cwd: dir });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc -p ${tsconfig} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

export function removeDirs(...dirs: Array<string | undefined>): void {
  for (const dir of dirs) if (dir) removeTestDir(dir);
}
