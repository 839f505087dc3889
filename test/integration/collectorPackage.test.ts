// @burnrate/collector as its users get it: packed as npm would publish it, installed outside the
// workspace with the production image's own install command (production dependencies only, from
// the registry), and started with plain `node`: no tsx, no workspace, the dashboard inside.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseDockerfile, runtimeInstallCommand } from '../support/dockerfile';
import { removeTestDir } from '../support/removeTestDir';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'burnrate-packed-'));
const app = join(scratch, 'app');
let tarball = '';

// What only building, testing or the dashboard's sources need; none may reach the runtime.
const DEV_ONLY = [
  'vite',
  'vitest',
  'typescript',
  'tsx',
  'tsup',
  'esbuild',
  'playwright-core',
  '@vitejs/plugin-react',
  'react',
  'react-dom',
  'recharts',
  '@burnrate/contract',
  '@burnrate/test',
];

// Packing builds (dashboard and collector); installing unpacks chDB's engine (~550 MB) from the
// npm cache or the registry: the slow part, so it is done once, with room for a busy machine.
beforeAll(async () => {
  const { stdout } = await run('npm', ['pack', '--workspace', 'collector', '--pack-destination', scratch, '--silent'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  tarball = join(scratch, stdout.trim().split('\n').at(-1)!);
  mkdirSync(app, { recursive: true });
  const [npm, ...installArgs] = runtimeInstallCommand(parseDockerfile(join(ROOT, 'Dockerfile')));
  const args = installArgs.map((arg) => (arg.endsWith('.tgz') ? tarball : arg));
  await run(npm!, [...args, '--prefer-offline'], { cwd: app, maxBuffer: 16 * 1024 * 1024 });
}, 300_000);
afterAll(() => removeTestDir(scratch));

function installedPackages(nodeModules: string): string[] {
  return readdirSync(nodeModules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(nodeModules, name)).map((inner) => `${name}/${inner}`) : [name]));
}

it('the tarball: compiled JavaScript, the OTLP schema and the built dashboard; no TypeScript sources, no tests', async () => {
  const { stdout } = await run('tar', ['tzf', tarball]);
  const files = stdout.trim().split('\n');
  for (const expected of [
    'package/bin/burnrate.mjs',
    'package/dist/main.js',
    'package/dist/cli.js',
    'package/dist/otlp.proto',
    'package/dist/dashboard/index.html',
  ])
    expect(files).toContain(expected);
  expect(files.filter((f) => f.endsWith('.ts') || f.includes('.test.') || f.includes('/src/'))).toEqual([]);
  const manifest = JSON.parse((await run('tar', ['xzfO', tarball, 'package/package.json'])).stdout) as {
    private?: boolean;
    dependencies: Record<string, string>;
    license: string;
  };
  expect(manifest.private).toBeUndefined();
  expect(manifest.license).toBe('Apache-2.0');
  expect(Object.keys(manifest.dependencies).filter((d) => DEV_ONLY.includes(d))).toEqual([]);
});

it('the image: its runtime stage installs the packed tarball with --omit=dev, runs as a non-root user, keeps data and spool on a volume, has a health check', () => {
  const stages = parseDockerfile(join(ROOT, 'Dockerfile'));
  expect(stages.length).toBeGreaterThanOrEqual(2);
  const runtime = stages.at(-1)!;
  const of = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
  // Only the tarball comes over from the build stage: not the workspace, its node_modules or tests.
  const copied = of('COPY').filter((args) => args.startsWith('--from='));
  expect(copied.length).toBeGreaterThan(0);
  for (const args of copied) expect(args).toMatch(/\.tgz\s+\S+$/);
  const install = runtimeInstallCommand(stages);
  expect(install).toContain('--omit=dev');
  expect(install.some((arg) => arg.endsWith('.tgz'))).toBe(true);
  const user = of('USER').at(-1);
  expect(user).toBeDefined();
  expect(['root', '0']).not.toContain(user!.split(':')[0]);
  const volume = of('VOLUME').join(' ');
  const env = of('ENV').join(' ');
  const dataDir = /BURNRATE_DATA_DIR=(\S+)/.exec(env)?.[1];
  const spoolDir = /BURNRATE_SPOOL_DIR=(\S+)/.exec(env)?.[1];
  expect(volume).toBeTruthy();
  for (const dir of [dataDir, spoolDir]) expect(volume.split(/\s+/).some((v) => dir?.startsWith(v.replace(/["[\],]/g, '')))).toBe(true);
  expect(of('HEALTHCHECK').join(' ')).toContain('/healthz');
  expect([...of('CMD'), ...of('ENTRYPOINT'), env].join(' ')).not.toContain('tsx');
});

it("installed with the image's command: the production package set; burnrate start serves /healthz and the dashboard with plain node, no tsx", async () => {
  const nodeModules = join(app, 'node_modules');
  const installed = installedPackages(nodeModules);
  expect(installed).toEqual(expect.arrayContaining(['@burnrate/collector', 'chdb', 'express', '@clickhouse/client', 'protobufjs', 'zod']));
  expect(installed.filter((name) => DEV_ONLY.includes(name) || name.startsWith('@types/'))).toEqual([]);
  expect(() => createRequire(join(app, 'index.js')).resolve('tsx')).toThrow();

  const bin = join(nodeModules, '.bin', 'burnrate');
  const help = await run(process.execPath, [bin, '--help'], { cwd: app });
  expect(help.stdout).toContain('usage: burnrate <command>');

  const dataDir = join(scratch, 'data');
  // A clean environment: nothing from the workspace's test runner (loaders, NODE_OPTIONS) helps it start.
  const child = spawn(process.execPath, [bin, 'start'], {
    cwd: app,
    env: { PATH: process.env.PATH ?? '', HOME: scratch, BURNRATE_PORT: '0', BURNRATE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
        if (match) resolve(match[1]!);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => reject(new Error(`burnrate start exited (${code}):\n${output}`)));
    });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', store: 'embedded', writeAheadLog: { accepting: true } });
    const page = await fetch(`${url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<title>burnrate</title>');
    const script = /<script[^>]+src="\.?\/?([^"]+\.js)"/.exec(html)![1]!;
    expect((await fetch(`${url}/${script}`)).status).toBe(200);
    expect(existsSync(dataDir)).toBe(true);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
}, 120_000);

it('npm start runs the compiled collector that the build writes, without tsx', () => {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
  expect(start).not.toContain('tsx');
  const entry = /node\s.*?(collector\/dist\/\S+\.js)/.exec(start)?.[1];
  expect(entry).toBeDefined();
  expect(existsSync(join(ROOT, entry!))).toBe(true); // written by the build that `npm pack` ran above
});
