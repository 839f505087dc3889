// Builds what the @burnrate/collector package ships: the collector and the CLI as plain
// JavaScript (dist/), with the files they read at run time beside them: the OTLP schema and
// the built dashboard. The workspace package @burnrate/contract is TypeScript source, so it is
// bundled in; every real dependency (chDB's native engine above all) stays an npm dependency.
//
//   node scripts/build.mjs                  the collector (and the dashboard when its sources changed)
//   node scripts/build.mjs --no-dashboard   the collector only
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const COLLECTOR = fileURLToPath(new URL('..', import.meta.url));
const DASHBOARD = join(COLLECTOR, '..', 'dashboard');
const DIST = join(COLLECTOR, 'dist');
const pkg = JSON.parse((await import('node:fs')).readFileSync(join(COLLECTOR, 'package.json'), 'utf8'));

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** vite build, skipped when dashboard/dist is newer than every source file (npm start runs this each time). */
async function buildDashboard() {
  const built = join(DASHBOARD, 'dist', 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(DASHBOARD, p)).filter(existsSync);
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  const { build: viteBuild } = await import('vite');
  await viteBuild({ root: DASHBOARD, configFile: join(DASHBOARD, 'vite.config.ts'), logLevel: 'warn' });
}

if (!process.argv.includes('--no-dashboard')) await buildDashboard();

rmSync(DIST, { recursive: true, force: true });
await build({
  entry: { main: join(COLLECTOR, 'src', 'main.ts'), cli: join(COLLECTOR, 'src', 'cli', 'bin.ts') },
  outDir: DIST,
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  // Shared code goes into chunks, so `burnrate start` and `node dist/main.js` load one copy.
  splitting: true,
  sourcemap: false,
  clean: false,
  dts: false,
  silent: true,
  external: Object.keys(pkg.dependencies ?? {}),
  noExternal: ['@burnrate/contract'],
  tsconfig: join(COLLECTOR, '..', 'tsconfig.json'),
});
// Read at run time through new URL('./otlp.proto', import.meta.url): every chunk sits in dist/.
cpSync(join(COLLECTOR, 'src', 'otlp', 'otlp.proto'), join(DIST, 'otlp.proto'));
if (existsSync(join(DASHBOARD, 'dist', 'index.html'))) {
  mkdirSync(join(DIST, 'dashboard'), { recursive: true });
  cpSync(join(DASHBOARD, 'dist'), join(DIST, 'dashboard'), { recursive: true });
}
