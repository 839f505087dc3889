// npm run bench:ingest — the collector as `npm start` runs it (built, its own process), fed by
// senders in another process (ingestSender.ts: 4 connections, 512-span protobuf exports of SDK
// call spans, fresh ids every export). Prints from one run, medians over rounds:
// - end to end: spans acknowledged per second at full load (every 200 means stored);
// - the JS-only ceiling: decode + normalize + price of the same exports, in this process, no store;
// - the engine ceiling: the writer's columnar insert of the same rows straight into chDB;
// - ack p50/p99 at full load and at 20,000 spans/s offered; the collector process's peak RSS,
//   against the floor under it: the engine alone inserting the same rows (engineAlone.ts);
// - that the store holds exactly the acknowledged calls;
// - with BENCH_E2E_ONLY=1 and full rounds of a minute or more, the sustained limit: the engine
//   alone, unpaced, with fresh rows, for as long, and the collector's stored rate against it;
// - with BENCH_MEMORY_LIMIT_MIB=512 (root), all of it with the collector in a memory cgroup of
//   that size, as a container runs it (memoryCgroup.ts): whether it was killed, its peak RSS.
import { execFileSync, fork, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCollector } from '../../collector/src/app';
import { loadConfig } from '../../collector/src/config';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import type { AttemptRow, CallRow } from '../../collector/src/normalize/callRow';
import { normalize } from '../../collector/src/normalize/normalize';
import { decodeTraces } from '../../collector/src/otlp/decode';
import { priceCalls } from '../../collector/src/pricing/priceCalls';
import { ATTEMPT_COLUMNS, ATTEMPTS_TABLE } from '../../collector/src/store/attemptsTable';
import { CALL_COLUMNS, CALLS_TABLE, NEW_CALL } from '../../collector/src/store/callsTable';
import { BULK_INSERT_SETTINGS, columnNames, type Gateway } from '../../collector/src/store/gateway';
import { migrate, MIGRATIONS } from '../../collector/src/store/migrations';
import { nativeBlock } from '../../collector/src/store/nativeBlock';
import type { RecentCallsCoverage } from '../../collector/src/store/recentCalls';
import type { EngineAloneJob } from './engineAlone';
import { engineAloneFloor } from './engineAloneFloor';
import type { SenderPhase, SenderReport } from './ingestSender';
import { freshExport, SPANS_PER_EXPORT, template } from './senderExports';
import { anonymousBytesOf, rssOf } from '../support/collectorProcess';
import { dropPageCache, memoryCgroup } from './memoryCgroup';
import { COLLECTOR_NODE_FLAGS } from '../../collector/src/processHealth/heapSizing';
import { removeTestDir } from '../support/removeTestDir';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 6);
const PACED_SPANS_PER_SECOND = 20_000;
/** The ceilings insert in the collector's own batch size (BURNRATE_BATCH_ROWS), two batches a round. */
const ENGINE_BATCH_ROWS = Number(process.env.BENCH_BATCH_ROWS ?? loadConfig({}).BURNRATE_BATCH_ROWS);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const rate = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * The collector's peak RSS, and its peak anonymous memory: RSS less the file-backed pages (chDB's
 * and node's code, ~240 MiB), which the kernel can drop and read again under pressure.
 */
function peakMemoryOf(pid: number) {
  let rss = 0;
  let anon = 0;
  const timer = setInterval(() => {
    rss = Math.max(rss, rssOf(pid));
    anon = Math.max(anon, anonymousBytesOf(pid));
  }, 50);
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  return { rssBytes: () => rss, stop: () => clearInterval(timer), describe: () => `${mib(rss)} MiB (anonymous memory at most ${mib(anon)} MiB)` };
}

interface ProcessMemory {
  rssBytes: number;
  heapUsedBytes: number;
  arrayBufferBytes: number;
  engineMemoryBytes?: number;
}

/**
 * The collector's own account of its memory (/healthz process): the sample of largest RSS, and
 * each part's largest. The engine's part swings by hundreds of MiB within seconds (an insert's
 * block, a merge), so the RSS peak's own sample alone does not say what it reached.
 */
function memorySampler(url: string) {
  let peak: ProcessMemory | undefined;
  const most = { heapUsedBytes: 0, arrayBufferBytes: 0, engineMemoryBytes: 0 };
  let asking = false;
  const timer = setInterval(async () => {
    if (asking) return;
    asking = true;
    try {
      const sample = (await (await fetch(`${url}/healthz`)).json()).process as ProcessMemory;
      if (!peak || sample.rssBytes > peak.rssBytes) peak = sample;
      most.heapUsedBytes = Math.max(most.heapUsedBytes, sample.heapUsedBytes);
      most.arrayBufferBytes = Math.max(most.arrayBufferBytes, sample.arrayBufferBytes);
      most.engineMemoryBytes = Math.max(most.engineMemoryBytes, sample.engineMemoryBytes ?? 0);
    } catch {
      // the collector busy or gone: the next sample
    } finally {
      asking = false;
    }
  }, 500);
  const mib = (bytes: number | undefined) => (bytes === undefined ? '?' : `${Math.round(bytes / 1024 / 1024)} MiB`);
  return {
    stop: () => clearInterval(timer),
    describe: () =>
      peak
        ? `at the largest of its own samples (${mib(peak.rssBytes)}): V8 heap in use ${mib(peak.heapUsedBytes)}, Node's buffers ${mib(peak.arrayBufferBytes)}, the engine's own ${mib(peak.engineMemoryBytes)}; the most each reached: ${mib(most.heapUsedBytes)}, ${mib(most.arrayBufferBytes)}, ${mib(most.engineMemoryBytes)}`
        : 'no sample',
  };
}

/** The collector's Node flags, as `npm start` gives them (and the engine-alone floor's). */
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS?.split(' ') ?? [...COLLECTOR_NODE_FLAGS];

/** BENCH_MEMORY_LIMIT_MIB: the collector runs in a memory cgroup of that size, as in a container (memoryCgroup.ts). */
const MEMORY_LIMIT_MIB = process.env.BENCH_MEMORY_LIMIT_MIB ? Number(process.env.BENCH_MEMORY_LIMIT_MIB) : undefined;
const cgroup = MEMORY_LIMIT_MIB ? memoryCgroup(MEMORY_LIMIT_MIB * 1024 * 1024) : undefined;
let pageCacheDropped = false;

/** What the memory limit saw, for the report: nothing without one. */
function underLimit(): string {
  if (!cgroup) return '';
  const { oomKills, peakUsageBytes, majorFaults } = cgroup.pressure();
  const usage = peakUsageBytes === undefined ? '' : `, the cgroup's peak charge ${(peakUsageBytes / 1024 / 1024).toFixed(0)} MiB (its page cache included)`;
  const cache = pageCacheDropped ? 'page cache dropped first' : 'page cache NOT dropped (not root?): code other processes read is charged to them';
  return `; in a ${MEMORY_LIMIT_MIB} MiB memory cgroup (${cache}): ${oomKills === 0 ? 'not killed' : `${oomKills} OOM kill(s)`}${usage}, ${majorFaults.toLocaleString('en-US')} major page faults (pages read back from disk)`;
}

async function startCollector(dataDir: string) {
  const launch = { command: process.execPath, args: [...NODE_FLAGS, join(ROOT, 'collector/dist/main.js')] };
  const { command, args } = cgroup ? cgroup.wrap(launch.command, launch.args) : launch;
  if (cgroup) pageCacheDropped = dropPageCache();
  const child = spawn(command, args, {
    cwd: dataDir, // no config file of ours (or of chDB's) in the way
    env: { ...process.env, BURNRATE_DATA_DIR: join(dataDir, 'data'), BURNRATE_PORT: process.env.BENCH_PORT ?? '4430', BURNRATE_SERVE_DASHBOARD: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the collector exited (${code}):\n${out}`)));
  });
  return { child, url };
}

function startSenders(url: string, startNs: bigint) {
  const child = fork(fileURLToPath(new URL('./ingestSender.ts', import.meta.url)), [`${url}/v1/traces`, startNs.toString()], { execArgv: ['--import', 'tsx'] });
  const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
  const run = (phase: SenderPhase) =>
    new Promise<SenderReport>((resolve, reject) => {
      child.once('message', (m: SenderReport & { error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m)));
      child.send(phase);
    });
  return { child, ready, run };
}

async function callsStored(url: string, startNs: bigint): Promise<number> {
  const from = new Date(Number(startNs / 1_000_000n) - 60_000).toISOString();
  const to = new Date(Number(startNs / 1_000_000n) + 3_600_000).toISOString();
  const res = await fetch(`${url}/api/v1/summary?from=${from}&to=${to}`);
  return (await res.json()).calls as number;
}

/** Calls acknowledged and not yet stored (the write-ahead log's backlog, from /healthz). */
async function logBacklog(url: string): Promise<number> {
  return (await (await fetch(`${url}/healthz`)).json()).writeAheadLog.calls as number;
}

const DRAIN_TIMEOUT_MS = 120_000;

/** Waits (up to DRAIN_TIMEOUT_MS) until every acknowledged call is stored; the seconds it took. */
async function drained(url: string): Promise<number> {
  const started = performance.now();
  while ((await logBacklog(url)) > 0 && performance.now() - started < DRAIN_TIMEOUT_MS) await new Promise((r) => setTimeout(r, 200));
  return (performance.now() - started) / 1000;
}

/** BENCH_PACED_ONLY=1: only the rounds at 20,000 spans/s offered, to study the ack tail alone (e.g. under --cpu-prof). */
const PACED_ONLY = process.env.BENCH_PACED_ONLY === '1';

async function pacedOnly(
  collector: Awaited<ReturnType<typeof startCollector>>,
  senders: ReturnType<typeof startSenders>,
  warmUp: SenderReport,
  peak: ReturnType<typeof peakMemoryOf>,
  dir: string,
  memory: ReturnType<typeof memorySampler>,
) {
  // Let the warm-up's backlog drain first: the paced rounds should not pay for it.
  await drained(collector.url);
  const paced: SenderReport[] = [];
  for (let i = 0; i < ROUNDS; i++) paced.push(await senders.run({ kind: 'paced', seconds: ROUND_SECONDS, spansPerSecond: PACED_SPANS_PER_SECOND }));
  const health = await (await fetch(`${collector.url}/healthz`)).json();
  const stalls = health.process.eventLoopDelayMs as { p50: number; p99: number; max: number };
  const syncs = health.writeAheadLog.syncMs as { p50: number; p99: number; max: number };
  peak.stop();
  memory.stop();
  senders.child.kill();
  collector.child.kill('SIGTERM');
  await new Promise((r) => collector.child.once('exit', r));
  const lat = paced.flatMap((r) => r.latenciesMs);
  console.log(
    `  ack at ${rate(PACED_SPANS_PER_SECOND)}/s offered: p50 ${percentile(lat, 50).toFixed(1)} ms, p90 ${percentile(lat, 90).toFixed(1)} ms, p99 ${percentile(lat, 99).toFixed(1)} ms, max ${percentile(lat, 100).toFixed(1)} ms over ${lat.length} exports (warm-up: ${warmUp.ackedSpans} spans)`,
  );
  console.log(`  main-thread stalls:  event-loop delay p50 ${stalls.p50} ms, p99 ${stalls.p99} ms, max ${stalls.max} ms (since start)`);
  console.log(`  log's durable writes: p50 ${syncs.p50} ms, p99 ${syncs.p99} ms, max ${syncs.max} ms (since start)`);
  console.log(`  collector peak RSS:  ${peak.describe()}${underLimit()}; ${memory.describe()}`);
  removeTestDir(dir);
}

/** What /healthz says of memory of recent calls: whether it held the calls new ones may overlap, at the rate sent. */
function heldMemory(coverage: RecentCallsCoverage): string {
  if (coverage.heldMinutes === null) return 'memory of recent calls forgot no call entirely (its filters still hold those it no longer holds exactly)';
  const held = `memory of recent calls held ${coverage.heldMinutes} min of ${coverage.neededMinutes} needed`;
  return coverage.enough ? `${held}, enough` : `${held}: BURNRATE_RECENT_CALLS=${coverage.suggestedCapacity} would hold them`;
}

const progress = (what: string) => process.stderr.write(`  … ${what}\n`);

/** Calls and their attempts as Native files of the collector's batch size, in `dir`. */
function nativeBatchFiles(dir: string, calls: CallRow[], attempts: AttemptRow[]): EngineAloneJob['files'] {
  const fileOf = (kind: string, i: number) => join(dir, `physical-${kind}-${i}.native`);
  const files: EngineAloneJob['files'] = [];
  for (let i = 0; i < calls.length; i += ENGINE_BATCH_ROWS) {
    const n = files.length;
    const batch = calls.slice(i, i + ENGINE_BATCH_ROWS).map((row) => ({ row, version: NEW_CALL }));
    writeFileSync(fileOf('calls', n), nativeBlock(CALL_COLUMNS, batch));
    writeFileSync(fileOf('attempts', n), nativeBlock(ATTEMPT_COLUMNS, attempts.slice(i, i + ENGINE_BATCH_ROWS)));
    files.push({ calls: fileOf('calls', n), attempts: fileOf('attempts', n), callsInFile: batch.length });
  }
  return files;
}

/**
 * For full rounds of a minute or more: the engine alone for as long, in its own process, unpaced,
 * every row given fresh ids and a current start by the engine (engineAlone.ts), so its table grows
 * and merges as the collector's did. The rows are not priced (a null cost: the same columns).
 */
async function sustainedLimit(dir: string, startNs: bigint, storedRate: number): Promise<void> {
  progress('the engine alone, unpaced, with fresh rows, as long as the full rounds');
  const t = template(startNs);
  const calls: CallRow[] = [];
  const attempts: AttemptRow[] = [];
  for (let i = 0; i < Math.ceil((2 * ENGINE_BATCH_ROWS) / SPANS_PER_EXPORT); i++) {
    const batch = normalize(decodeTraces(freshExport(t), 'protobuf'));
    calls.push(...batch.calls);
    attempts.push(...batch.attempts);
  }
  const job = { dataDir: join(dir, 'sustained'), files: nativeBatchFiles(dir, calls, attempts), callsPerSecond: 0, seconds: ROUNDS * ROUND_SECONDS };
  const alone = await engineAloneFloor({ ...job, freshRoundSeconds: ROUND_SECONDS }, NODE_FLAGS, rssOf);
  console.log(
    `  engine alone, sustained: ${rate(alone.callsPerSecond)} calls/s over ${job.seconds} s (rounds: ${(alone.rounds ?? []).map(rate).join(', ')}; unpaced, its own process, fresh ids and starts made by the engine); stored at full load / engine alone ${(storedRate / alone.callsPerSecond).toFixed(2)}`,
  );
}

async function main() {
  console.log(
    `bench:ingest — load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} on ${(await import('node:os')).cpus().length} cores`,
  );
  execFileSync(process.execPath, [join(ROOT, 'collector/scripts/build.mjs'), '--no-dashboard'], { cwd: join(ROOT, 'collector'), stdio: 'ignore' });
  progress('collector built');
  const dir = mkdtempSync(join(tmpdir(), 'burnrate-bench-ingest-'));
  const startNs = BigInt(Date.now() - 600_000) * 1_000_000n;
  const collector = await startCollector(dir);
  const peak = peakMemoryOf(collector.child.pid!);
  const memory = memorySampler(collector.url);
  progress(`collector up at ${collector.url}`);
  const senders = startSenders(collector.url, startNs);
  await senders.ready;
  progress('senders ready');

  const warmUp = await senders.run({ kind: 'full', seconds: 3 }); // JIT, first parts, connections
  if (PACED_ONLY) return pacedOnly(collector, senders, warmUp, peak, dir, memory);
  // The store's own rate at full load: calls stored (not acknowledged) over the full rounds.
  const storedBefore = await callsStored(collector.url, startNs);
  const fullStarted = performance.now();
  const full: SenderReport[] = [];
  for (let i = 0; i < ROUNDS; i++) full.push(await senders.run({ kind: 'full', seconds: ROUND_SECONDS }));
  const storedRate = ((await callsStored(collector.url, startNs)) - storedBefore) / ((performance.now() - fullStarted) / 1000);
  // The collector's main-thread stalls since it started (its first minute): what every ack waits behind.
  const stalls = (await (await fetch(`${collector.url}/healthz`)).json()).process.eventLoopDelayMs as { p50: number; p99: number; max: number };
  // At 20,000/s offered, not while catching up: the full rounds' backlog is stored first.
  const catchUpSeconds = await drained(collector.url);
  const paced: SenderReport[] = [];
  for (let i = 0; i < ROUNDS; i++) paced.push(await senders.run({ kind: 'paced', seconds: ROUND_SECONDS, spansPerSecond: PACED_SPANS_PER_SECOND }));
  peak.stop();
  memory.stop();
  senders.child.kill();
  const acked = [warmUp, ...full, ...paced].reduce((n, r) => n + r.ackedSpans, 0);
  const backlogAtStop = await logBacklog(collector.url);
  const drainSeconds = await drained(collector.url);
  const stored = await callsStored(collector.url, startNs);
  // Calls memory could not prove new (BURNRATE_RECENT_CALLS): each was looked up in ClickHouse.
  const writerHealth = (await (await fetch(`${collector.url}/healthz`)).json()).writeAheadLog as {
    lookedUpCalls: number;
    recentCalls: RecentCallsCoverage;
    refusals: Record<string, number>;
  };
  // Why exports were refused, by the log's cause (none: an empty list).
  const refusalCauses = Object.entries(writerHealth.refusals)
    .filter(([, n]) => n > 0)
    .map(([cause, n]) => `${cause} ${n}`)
    .join(', ');
  const lookedUp = writerHealth.lookedUpCalls;
  const memoryHeld = heldMemory(writerHealth.recentCalls);
  collector.child.kill('SIGTERM');
  await new Promise((r) => collector.child.once('exit', r));

  const e2eOnly = process.env.BENCH_E2E_ONLY === '1';
  if (e2eOnly) {
    const e2e = median(full.map((r) => r.ackedSpans / r.seconds));
    console.log(`  end to end:          ${rate(e2e)} spans/s (median; rounds: ${full.map((r) => rate(r.ackedSpans / r.seconds)).join(', ')})`);
    console.log(`  stored at full load: ${rate(storedRate)} calls/s`);
    console.log(
      `  looked up:           ${lookedUp.toLocaleString('en-US')} calls looked up in ClickHouse before their insert (memory could not prove them new); ${memoryHeld}`,
    );
    console.log(`  main-thread stalls:  event-loop delay p50 ${stalls.p50} ms, p99 ${stalls.p99} ms, max ${stalls.max} ms`);
    const fullLat = full.flatMap((r) => r.latenciesMs);
    const pacedLat = paced.flatMap((r) => r.latenciesMs);
    console.log(
      `  ack at full load:    p50 ${percentile(fullLat, 50).toFixed(1)} ms, p99 ${percentile(fullLat, 99).toFixed(1)} ms; refused per round ${full.map((r) => r.refused).join(', ')}${refusalCauses ? ` (causes: ${refusalCauses})` : ''}`,
    );
    console.log(
      `  ack at ${rate(PACED_SPANS_PER_SECOND)}/s:     p50 ${percentile(pacedLat, 50).toFixed(1)} ms, p99 ${percentile(pacedLat, 99).toFixed(1)} ms over ${pacedLat.length} exports (after ${catchUpSeconds.toFixed(1)} s storing the full rounds' backlog)`,
    );
    const refusedExports = [...full, ...paced].reduce((n, r) => n + r.refused, 0);
    console.log(`  collector memory:    ${memory.describe()}`);
    console.log(
      `  collector peak RSS:  ${peak.describe()}${underLimit()}; stored ${stored} of ${acked} acknowledged (${stored === acked ? 'stored == acknowledged' : 'MISMATCH'}) after a drain of ${drainSeconds.toFixed(1)} s from ${backlogAtStop}; ${refusedExports} exports refused`,
    );
    if (ROUNDS * ROUND_SECONDS >= 60) await sustainedLimit(dir, startNs, storedRate);
    console.log(
      `  load average now:    ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}`,
    );
    removeTestDir(dir);
    return;
  }
  progress('collector stopped; measuring the ceilings');
  // The ceilings, in this process, once the collector is gone.
  const t = template(startNs);
  const bodies = Array.from({ length: Math.ceil((2 * ENGINE_BATCH_ROWS) / SPANS_PER_EXPORT) }, () => freshExport(t));
  const config = loadConfig({ BURNRATE_DATA_DIR: join(dir, 'engine'), BURNRATE_SERVE_DASHBOARD: 'false' });
  const engine = await createCollector(config, { modules: DEFAULT_MODULES });
  const jsRates: number[] = [];
  let calls: CallRow[] = [];
  let attempts: AttemptRow[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    calls = [];
    attempts = [];
    const t0 = performance.now();
    for (const body of bodies) {
      const batch = normalize(decodeTraces(body, 'protobuf'));
      priceCalls(engine.prices, batch.calls);
      calls.push(...batch.calls);
      attempts.push(...batch.attempts);
    }
    jsRates.push((bodies.length * SPANS_PER_EXPORT) / ((performance.now() - t0) / 1000));
  }
  const versioned = calls.map((row) => ({ row, version: NEW_CALL }));
  const engineRate = async (gateway: Gateway) => {
    const rates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      for (let i = 0; i < versioned.length; i += ENGINE_BATCH_ROWS) {
        await gateway.insertColumns('bench', gateway.table(CALLS_TABLE), CALL_COLUMNS, versioned.slice(i, i + ENGINE_BATCH_ROWS));
        await gateway.insertColumns('bench', gateway.table(ATTEMPTS_TABLE), ATTEMPT_COLUMNS, attempts.slice(i, i + ENGINE_BATCH_ROWS));
      }
      rates.push(versioned.length / ((performance.now() - t0) / 1000));
    }
    return median(rates);
  };
  // The physical limit: the same rows pre-encoded as Native files (untimed), then only the
  // engine's INSERT … SELECT FROM file() — what no JS work can go beyond.
  const fileBatches = nativeBatchFiles(dir, calls, attempts);
  progress('the engine alone, at the rate the collector stored');
  const alone = await engineAloneFloor(
    { dataDir: join(dir, 'alone'), files: fileBatches, callsPerSecond: storedRate, seconds: ROUNDS * ROUND_SECONDS },
    NODE_FLAGS,
    rssOf,
  );
  const physicalRate = async (gateway: Gateway) => {
    const rates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      for (const files of fileBatches) {
        // With the gateway's bulk-insert settings: the engine's share of the writer's own path.
        const insert = (table: string, columns: string, file: string) =>
          gateway.command(
            'bench',
            `INSERT INTO ${gateway.table(table)} (${columns}) SELECT * FROM file({f:String}, 'Native')`,
            { f: file },
            BULK_INSERT_SETTINGS,
          );
        await insert(CALLS_TABLE, columnNames(CALL_COLUMNS), files.calls);
        await insert(ATTEMPTS_TABLE, columnNames(ATTEMPT_COLUMNS), files.attempts);
      }
      rates.push(versioned.length / ((performance.now() - t0) / 1000));
    }
    return median(rates);
  };
  const eng = await engineRate(engine.gateway);
  const physical = await physicalRate(engine.gateway);
  // The same into twin raw tables without the rollup views: what the views cost.
  const rawTable = (name: string) => `\`bench_raw\`.\`${name}\``;
  const raw: Gateway = { ...engine.gateway, database: 'bench_raw', table: rawTable, localTable: rawTable };
  await migrate(raw, MIGRATIONS);
  const engRaw = await engineRate(raw);
  const physicalRaw = await physicalRate(raw);
  await engine.close();
  removeTestDir(dir);

  const e2e = median(full.map((r) => r.ackedSpans / r.seconds));
  const js = median(jsRates);
  const fullLat = full.flatMap((r) => r.latenciesMs);
  const pacedLat = paced.flatMap((r) => r.latenciesMs);
  const pacedRate = median(paced.map((r) => r.ackedSpans / r.seconds));
  console.log(
    `  ${ROUNDS} rounds of ${ROUND_SECONDS} s, ${SPANS_PER_EXPORT}-span protobuf exports, 4 connections from a separate process; collector: node collector/dist/main.js`,
  );
  console.log(`  end to end:          ${rate(e2e)} spans/s (median; rounds: ${full.map((r) => rate(r.ackedSpans / r.seconds)).join(', ')})`);
  console.log(`  JS-only ceiling:     ${rate(js)} spans/s (decode + normalize + price, one thread, no store)`);
  console.log(`  engine ceiling:      ${rate(eng)} spans/s (Native blocks of ${rate(ENGINE_BATCH_ROWS)} calls + their attempts into chDB, rollup views on)`);
  console.log(`  engine, no views:    ${rate(engRaw)} spans/s (the same into the raw tables alone)`);
  console.log(`  physical limit:      ${rate(physical)} spans/s (the same rows pre-encoded as Native files: INSERT … SELECT FROM file() alone, views on)`);
  console.log(`  physical, no views:  ${rate(physicalRaw)} spans/s`);
  console.log(`  stored at full load: ${rate(storedRate)} calls/s (stored, not acknowledged, over the full rounds)`);
  console.log(
    `  looked up:           ${lookedUp.toLocaleString('en-US')} calls looked up in ClickHouse before their insert (memory could not prove them new); ${memoryHeld}`,
  );
  console.log(`  end to end / JS:     ${(e2e / js).toFixed(2)}`);
  console.log(`  end to end / engine: ${(e2e / eng).toFixed(2)}`);
  console.log(
    `  end to end / physical: ${(e2e / physical).toFixed(2)} (no views: ${(e2e / physicalRaw).toFixed(2)}); stored / physical ${(storedRate / physical).toFixed(2)}`,
  );
  console.log(`  engine / physical:   ${(eng / physical).toFixed(2)} (no views: ${(engRaw / physicalRaw).toFixed(2)}): the writer's JS share`);
  console.log(`  ack at full load:    p50 ${percentile(fullLat, 50).toFixed(1)} ms, p99 ${percentile(fullLat, 99).toFixed(1)} ms`);
  console.log(
    `  ack at ${rate(PACED_SPANS_PER_SECOND)}/s offered: p50 ${percentile(pacedLat, 50).toFixed(1)} ms, p99 ${percentile(pacedLat, 99).toFixed(1)} ms (achieved ${rate(pacedRate)} spans/s${paced.some((r) => r.skipped > 0) ? `; ${paced.reduce((n, r) => n + r.skipped, 0)} exports not offered: 16 were waiting` : ''}; ${pacedLat.length} exports, after ${catchUpSeconds.toFixed(1)} s storing the full rounds' backlog)`,
  );
  console.log(`  collector peak RSS:  ${peak.describe()}, its process alone${underLimit()}; ${memory.describe()}`);
  console.log(
    `  engine alone:        peak RSS ${(alone.peakRssBytes / 1024 / 1024).toFixed(0)} MiB inserting the same rows as Native files at ${rate(alone.callsPerSecond)} calls/s (the store as the collector opens it, no ingest: the floor); collector / engine alone ${(peak.rssBytes() / alone.peakRssBytes).toFixed(2)}`,
  );
  console.log(`  main-thread stalls:  event-loop delay p50 ${stalls.p50} ms, p99 ${stalls.p99} ms, max ${stalls.max} ms (start to the end of the full rounds)`);
  const refused = [...full, ...paced].reduce((n, r) => n + r.refused, 0);
  console.log(
    `  stored calls:        ${stored.toLocaleString('en-US')} of ${acked.toLocaleString('en-US')} acknowledged (${stored === acked ? 'stored == acknowledged' : 'MISMATCH'}) after a drain of ${drainSeconds.toFixed(1)} s from a backlog of ${backlogAtStop.toLocaleString('en-US')}; ${refused} exports refused (503 + Retry-After)${refusalCauses ? `: ${refusalCauses}` : ''}`,
  );
  console.log(
    `  load average now:    ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
}

main()
  .catch((error) => {
    console.error(error);
    if (cgroup) console.error(`  the collector's memory${underLimit()}`);
    process.exitCode = 1;
  })
  .finally(() => cgroup?.remove());
