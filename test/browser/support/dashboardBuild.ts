// Builds the dashboard once per content: the output goes to a temp directory named by a hash of
// the dashboard's sources, so the browser test files (separate processes) share one build and
// a rerun with unchanged sources builds nothing. Written to a scratch name, then renamed, so a
// concurrent build never serves a half-written directory.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DASHBOARD = fileURLToPath(new URL('../../../dashboard', import.meta.url));

function hashTree(hash: ReturnType<typeof createHash>, path: string): void {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) hashTree(hash, join(path, name));
    return;
  }
  hash.update(path.slice(DASHBOARD.length));
  hash.update(readFileSync(path));
}

export async function buildDashboard(): Promise<string> {
  const hash = createHash('sha256');
  for (const part of ['src', 'index.html', 'vite.config.ts', 'package.json']) hashTree(hash, join(DASHBOARD, part));
  const outDir = join(tmpdir(), `burnrate-dashboard-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(outDir, 'index.html'))) return outDir;
  const scratch = `${outDir}.building-${process.pid}`;
  const { build } = await import('vite');
  await build({ root: DASHBOARD, configFile: join(DASHBOARD, 'vite.config.ts'), logLevel: 'warn', build: { outDir: scratch, emptyOutDir: true } });
  try {
    renameSync(scratch, outDir);
  } catch {
    rmSync(scratch, { recursive: true, force: true }); // another process finished first
  }
  return outDir;
}
