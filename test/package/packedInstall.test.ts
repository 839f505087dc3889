// Done means (issue 10): the packed @burnrate/sdk-hook works in every kind of app a user has, and
// joins the app's own OpenTelemetry in any order. `npm pack` builds the package; one scratch app
// outside the workspace installs the tarball with the Anthropic SDK and the OTel packages from
// the registry; each kind of app then calls a scripted Anthropic API (a 429, then a message) with
// plain `node`, and a real collector (auth on, an ingest key) must show the call, its tokens, both
// attempts and the team. The apps are in ./apps, written as the README says.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallDetailResponse, CallsResponse } from '@burnrate/contract';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { ScriptedServer } from '../support/sdkHook/scriptedServer';
import { apiError, message, MESSAGE, Script, USAGE } from '../support/sdkHook/scriptedFetch';
import { startCollector, type RunningCollector } from '../support/collector';
import { OtlpReceiver } from './otlpReceiver';
import { APPS, compileTs, installApp, packSdkHook, removeDirs, runNode, tempDir, type AppRun } from './scratchApp';

const SETUP_TOKEN = 'packed-install-setup-token-0123456789';
const SDK_SPAN = 'anthropic.messages.create';
const MODEL = 'claude-haiku-4-5'; // what the apps ask for, and the scripted API answers with

let packDir: string;
let appDir: string;
let bundleDir: string;
let tarball: string;
let collector: RunningCollector;
let api: ScriptedServer;
let adminCookie: string;
let ingestKey: string;
const startedAt = new Date(Date.now() - 60_000).toISOString();

beforeAll(async () => {
  packDir = tempDir('burnrate-pack-');
  appDir = tempDir('burnrate-scratch-app-');
  bundleDir = tempDir('burnrate-bundled-app-');
  const collectorReady = startCollector({ BURNRATE_AUTH: 'on', BURNRATE_SETUP_TOKEN: SETUP_TOKEN }, DEFAULT_MODULES);
  tarball = await packSdkHook(packDir);
  await installApp(appDir, [
    tarball,
    '@anthropic-ai/sdk@^1.12.0',
    // OTel JS SDK 2.x (sdk-node 0.2xx) takes the API below 1.10.
    '@opentelemetry/api@~1.9.0',
    '@opentelemetry/sdk-node@^0.223.0',
    '@opentelemetry/exporter-trace-otlp-http@^0.223.0',
    '@opentelemetry/exporter-trace-otlp-proto@^0.223.0',
    '@types/node@^20.19.0',
  ]);
  layOutApps(appDir);
  await Promise.all([
    compileTs(join(appDir, 'ts-nodenext'), 'tsconfig.json'),
    compileTs(join(appDir, 'ts-commonjs'), 'tsconfig.json'),
    // A bundled service: one file with the SDK, burnrate and OTel inside, run where no node_modules is.
    build({
      entryPoints: [join(appDir, 'cjs/app.cjs')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: join(bundleDir, 'app.cjs'),
      logLevel: 'error',
    }),
  ]);
  collector = await collectorReady;
  api = await ScriptedServer.start();
  adminCookie = await setUpAdmin();
  ingestKey = await createIngestKey();
}, 600_000); // on an idle 2-core machine about a minute (the install is most of it); far more under load

afterAll(async () => {
  await api?.close();
  await collector?.stop();
  removeDirs(packDir, appDir, bundleDir);
});

/** Each kind of app in its own folder of the one scratch app, so each finds the same node_modules. */
function layOutApps(dir: string): void {
  const place = (folder: string, files: Record<string, string>, packageType?: 'module' | 'commonjs') => {
    mkdirSync(join(dir, folder), { recursive: true });
    for (const [to, from] of Object.entries(files)) copyFileSync(join(APPS, from), join(dir, folder, to));
    if (packageType) writeFileSync(join(dir, folder, 'package.json'), JSON.stringify({ type: packageType }));
  };
  place('esm', { 'app.mjs': 'app.mjs' });
  place('cjs', { 'app.cjs': 'app.cjs' });
  place('ts-nodenext', { 'app.ts': 'app.ts', 'tsconfig.json': 'tsconfig.nodenext.json' }, 'module');
  place('ts-commonjs', { 'app.ts': 'app.ts', 'tsconfig.json': 'tsconfig.commonjs.json' }, 'commonjs');
  place('otel', { 'app.mjs': 'otel-app.mjs' });
}

async function setUpAdmin(): Promise<string> {
  const res = await fetch(`${collector.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: SETUP_TOKEN, username: 'admin', password: 'correct horse battery' }),
  });
  expect(res.status).toBe(201);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function createIngestKey(): Promise<string> {
  const res = await fetch(`${collector.url}/api/v1/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: adminCookie },
    body: JSON.stringify({ name: 'packed-apps' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

async function query<T>(path: string): Promise<T> {
  const res = await fetch(`${collector.url}/api/v1${path}`, { headers: { cookie: adminCookie } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** The collector's calls for one team; waits (bounded) for the write-ahead log to reach the store. */
async function callsOf(team: string, expected = 1): Promise<CallsResponse['rows']> {
  const to = new Date(Date.now() + 60_000).toISOString();
  for (let tries = 0; ; tries++) {
    const { rows } = await query<CallsResponse>(`/calls?team=${encodeURIComponent(team)}&from=${startedAt}&to=${to}`);
    if (rows.length >= expected || tries >= 100) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Each app's reply has its own message id: the collector stores one call per message id. */
const messageIdOf = (kind: string) => `msg_packed_${kind.replace(/[^a-z0-9]/gi, '_')}`;

/** A 429 first (retried after 1 ms), then the message: one call, two attempts. */
function appEnv(kind: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const script = new Script().then(
    apiError(429, 'rate_limit_error', { 'retry-after-ms': '1' }),
    message({}, { ...MESSAGE, id: messageIdOf(kind), model: MODEL }),
  );
  return {
    APP_KIND: kind,
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: api.baseURL(script),
    BURNRATE_ENDPOINT: collector.url,
    BURNRATE_INGEST_KEY: ingestKey,
    ...extra,
  };
}

function printed(run: AppRun): { id: string; health: Record<string, unknown> } {
  expect(run.code, `exit code; stderr:\n${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as { id: string; health: Record<string, unknown> };
}

/** What the collector must show for one app's call, whatever the kind of app. */
async function expectCallStored(kind: string, service = `packed-${kind}`): Promise<CallsResponse['rows'][number]> {
  const rows = await callsOf(kind);
  expect(rows).toEqual([
    expect.objectContaining({
      team: kind,
      service,
      model: MODEL,
      statusCode: 200,
      inputTokens: USAGE.input_tokens,
      outputTokens: USAGE.output_tokens,
      cacheReadTokens: USAGE.cache_read_input_tokens,
      cacheWriteTokens: USAGE.cache_creation_input_tokens,
      retryCount: 1,
      // withContext({ session }) from the packed hook's types and code.
      sessionId: `session-${kind}`,
    }),
  ]);
  const detail = await query<CallDetailResponse>(`/calls/${rows[0]!.traceId}/${rows[0]!.spanId}`);
  expect(detail.attempts.map((a) => a.statusCode)).toEqual([429, 200]);
  return rows[0]!;
}

const node = process.execPath;
const KINDS: Array<{ kind: string; cwd: () => string; args: string[] }> = [
  { kind: 'esm', cwd: () => join(appDir, 'esm'), args: ['app.mjs'] },
  { kind: 'cjs', cwd: () => join(appDir, 'cjs'), args: ['app.cjs'] },
  { kind: 'ts-nodenext', cwd: () => join(appDir, 'ts-nodenext'), args: ['out/app.js'] },
  { kind: 'ts-commonjs', cwd: () => join(appDir, 'ts-commonjs'), args: ['out/app.js'] },
  { kind: 'esbuild-bundle', cwd: () => bundleDir, args: ['app.cjs'] },
];

describe('every kind of app, from the tarball', () => {
  it.each(KINDS)('$kind: the call, its tokens, both attempts and the team reach the collector', async ({ kind, cwd, args }) => {
    const run = await runNode(node, args, cwd(), appEnv(kind));
    expect(printed(run)).toEqual({
      id: messageIdOf(kind),
      health: { exportedSpans: 1, droppedSpans: 0, failedSpans: 0, queuedSpans: 0 },
    });
    expect(run.stderr).toBe(''); // no warning when all is well
    await expectCallStored(kind);
  });

  it('the tarball holds the built package only', () => {
    // Checked on what npm installed: the files list left sources, tests and benches out.
    const installed = join(appDir, 'node_modules/@burnrate/sdk-hook');
    expect(readTree(installed)).toEqual(['README.md', 'dist/index.cjs', 'dist/index.d.cts', 'dist/index.d.ts', 'dist/index.js', 'package.json']);
  });
});

const NODE_SDK_CASES = [
  { order: 'before', protocol: 'http/protobuf' },
  { order: 'before', protocol: 'http/json' },
  { order: 'after', protocol: 'http/protobuf' },
  { order: 'after', protocol: 'http/json' },
  { order: 'recipe', protocol: 'http/protobuf' },
];

/** Runs otel-app.mjs and checks both backends: the app's own (`backend`) and burnrate's collector. */
async function expectBothBackendsServed(nodeBin: string, dir: string, backend: OtlpReceiver, kind: string, order: string, protocol: string) {
  const run = await runNode(nodeBin, ['app.mjs'], dir, appEnv(kind, { ORDER: order, APP_OTLP_URL: backend.tracesUrl, OTEL_EXPORTER_OTLP_PROTOCOL: protocol }));
  // burnrate's processor saw each span once (the request span and the SDK's call span): it was not added twice.
  expect(printed(run).health).toEqual({ exportedSpans: 2, droppedSpans: 0, failedSpans: 0, queuedSpans: 0 });
  expect(run.stderr).toBe(''); // nothing registered twice, no OTel diag warning or error
  // Joined to the app's provider, the spans carry the app's resource, its service.name included.
  const stored = await expectCallStored(kind, 'app-own');

  // The app's backend got the request span and the SDK's call span under it, in burnrate's trace.
  const trace = backend.spans.filter((span) => span.traceId === stored.traceId);
  expect(trace.map(({ name, serviceName }) => ({ name, serviceName })).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
    { name: SDK_SPAN, serviceName: 'app-own' },
    { name: 'handle-request', serviceName: 'app-own' },
  ]);
  const request = trace.find((span) => span.name === 'handle-request')!;
  expect(trace.find((span) => span.name === SDK_SPAN)).toMatchObject({ spanId: stored.spanId, parentSpanId: request.spanId });
  const detail = await query<CallDetailResponse>(`/calls/${stored.traceId}/${stored.spanId}`);
  expect(detail.call.parentSpanId).toBe(request.spanId);
  expect([...backend.contentTypes]).toContain(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf');
}

describe('an app with its own NodeSDK (OTel JS SDK 2.x)', () => {
  let backend: OtlpReceiver;
  beforeAll(async () => {
    backend = await OtlpReceiver.start();
  });
  afterAll(async () => backend?.close());

  it.each(NODE_SDK_CASES)('instrument() $order sdk.start(), $protocol: both backends get their spans, in one trace', async ({ order, protocol }) => {
    await expectBothBackendsServed(node, join(appDir, 'otel'), backend, `otel2-${order}-${protocol.replace('http/', '')}`, order, protocol);
  });
});

/** OTel JS SDK 3.x needs Node ≥ 22: BURNRATE_NODE24 names one, or the test runs on one. */
const NODE_22 = process.env.BURNRATE_NODE24 || (Number(process.versions.node.split('.')[0]) >= 22 ? process.execPath : undefined);

describe.skipIf(!NODE_22)('an app with its own NodeSDK (OTel JS SDK 3.x, Node >= 22)', () => {
  let dir: string;
  let backend: OtlpReceiver;
  beforeAll(async () => {
    dir = tempDir('burnrate-scratch-otel3-');
    await installApp(dir, [
      tarball,
      '@anthropic-ai/sdk@^1.12.0',
      '@opentelemetry/api@^1.10.0',
      '@opentelemetry/sdk-node@^0.301.0',
      '@opentelemetry/exporter-trace-otlp-http@^0.301.0',
      '@opentelemetry/exporter-trace-otlp-proto@^0.301.0',
    ]);
    copyFileSync(join(APPS, 'otel-app.mjs'), join(dir, 'app.mjs'));
    backend = await OtlpReceiver.start();
  }, 450_000);
  afterAll(async () => {
    await backend?.close();
    removeDirs(dir);
  });

  it.each(NODE_SDK_CASES)('instrument() $order sdk.start(), $protocol: both backends get their spans, in one trace', async ({ order, protocol }) => {
    await expectBothBackendsServed(NODE_22!, dir, backend, `otel3-${order}-${protocol.replace('http/', '')}`, order, protocol);
  });
});

describe('loud, never silent', () => {
  it('no ingest key: the app works, and one warning names BURNRATE_INGEST_KEY', async () => {
    const run = await runNode(node, ['app.mjs'], join(appDir, 'esm'), appEnv('no-key', { BURNRATE_INGEST_KEY: undefined }));
    expect(printed(run)).toEqual({
      id: messageIdOf('no-key'),
      health: {
        exportedSpans: 0,
        droppedSpans: 0,
        failedSpans: 1,
        queuedSpans: 0,
        lastError: { message: expect.stringContaining('401'), at: expect.any(String) },
      },
    });
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^\[burnrate\] .*needs an ingest key.*Set BURNRATE_INGEST_KEY/)]);
  });
});

function readTree(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? (entry.name === 'node_modules' ? [] : readTree(dir, join(prefix, entry.name))) : [join(prefix, entry.name)]))
    .sort();
}
