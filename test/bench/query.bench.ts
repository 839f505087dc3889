// npm run bench:query — seeds 10 million calls into the embedded store (INSERT … SELECT from
// numbers(), through the same tables and materialized views the writer feeds), then times every
// request the dashboard's screens make, over HTTP, for the last 24 hours and the last 30 days.
// Prints median and p95 per request over several runs, and the dashboard bundle's gzip size.
//
// BENCH_CALLS (default 10,000,000), BENCH_RUNS (default 40; with 15 the p95 would be the slowest
// sample), BENCH_DATA_DIR (reuse a seeded store; it is kept), BENCH_ALL_RANGES=1 (also 1 hour and
// 7 days), BENCH_SEED=views (fill the rollups through their views per chunk, as the writer does;
// default: aggregate them once after the raw rows, which seeds 100M calls in minutes),
// BENCH_ONLY=<request name substring> (time only those), BENCH_SAMPLES=1 (print every sample, to
// see when a slow one came).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createCollector } from '../../collector/src/app';
import { loadConfig } from '../../collector/src/config';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { ROLLUPS, RATE_LIMITS_HOURLY } from '../../collector/src/store/query/rollups';
import { CALLS_TABLE } from '../../collector/src/store/callsTable';
import type { CallsResponse } from '@burnrate/contract';
import { callDetailUrl } from '../../dashboard/src/api/requests';
import { screenRequests, widgetRequests } from '../../dashboard/src/api/widgetRequests';
import { seedCalls } from './seedCalls';
import { removeTestDir } from '../support/removeTestDir';

const CALLS = Number(process.env.BENCH_CALLS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const HOT_SCREENS = new Set(['overview', 'spend', 'reliability', 'routing']);

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

async function time(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - started;
}

function bundleGzipBytes(): number | undefined {
  const assets = fileURLToPath(new URL('../../dashboard/dist/assets', import.meta.url));
  if (!existsSync(assets)) return undefined;
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);
}

async function main(): Promise<void> {
  const reuse = process.env.BENCH_DATA_DIR;
  const dataDir = reuse ?? mkdtempSync(join(tmpdir(), 'burnrate-query-bench-'));
  const collector = await createCollector(loadConfig({ BURNRATE_DATA_DIR: dataDir, BURNRATE_SERVE_DASHBOARD: 'false' }), { modules: DEFAULT_MODULES });
  const gateway = collector.gateway;
  try {
    const [counted] = await gateway.query<{ n: number | string }>('bench-count', `SELECT count() AS n FROM ${gateway.table(CALLS_TABLE)}`);
    const stored = Number(counted?.n ?? 0);
    if (stored < CALLS) {
      if (stored > 0) throw new Error(`the store in ${dataDir} holds ${stored} calls, fewer than ${CALLS}: seed into an empty directory`);
      const started = performance.now();
      const seconds = () => ((performance.now() - started) / 1000).toFixed(0);
      await seedCalls(gateway, CALLS, new Date(), {
        viaViews: process.env.BENCH_SEED === 'views',
        progress: (done, phase) =>
          process.stdout.write(
            phase === 'raw' ? `\rseeding: ${done.toLocaleString('en-US')} calls, ${seconds()} s` : `\rseeding: rollups, ${seconds()} s      `,
          ),
      });
      console.log(
        `\nseeded ${CALLS.toLocaleString('en-US')} calls in ${seconds()} s (${process.env.BENCH_SEED === 'views' ? 'rollups through their views' : 'rollups aggregated after the raw rows'})`,
      );
      // A freshly seeded store holds many small parts that background merges would fold over the
      // following minutes; merge the rollups now so the figures are the steady state's.
      for (const rollup of [...ROLLUPS, RATE_LIMITS_HOURLY]) await gateway.command('bench-optimize', `OPTIMIZE TABLE ${gateway.table(rollup.table)} FINAL`);
    }
    // Parts a seed (or an earlier run) left unmerged are merged in the background once the store
    // opens; timing during those merges measures them, not the queries (a first request's p95 of
    // 0.5–1 s). Wait for the steady state, as a store that has been up a while is.
    const settleStarted = performance.now();
    for (;;) {
      const [merging] = await gateway.query<{ n: number | string }>('bench-merges', `SELECT count() AS n FROM system.merges WHERE database = {db:String}`, {
        db: gateway.database,
      });
      if (Number(merging?.n ?? 0) === 0 || performance.now() - settleStarted > 600_000) break;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    const { port } = await collector.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    // The alert evaluator's first run starts with the collector and reads cold tables (1.7 s at
    // 10M); a store that has been up a while is past it. Asked again, it waits for that run.
    await fetch(`${base}/api/v1/alerts/evaluate`, { method: 'POST' });
    const now = new Date();
    const ranges: [string, number][] = [
      ['24h', 86_400_000],
      ['30d', 30 * 86_400_000],
    ];
    if (process.env.BENCH_ALL_RANGES === '1') ranges.unshift(['1h', 3_600_000], ['7d', 7 * 86_400_000]);

    const load = () =>
      loadavg()
        .map((l) => l.toFixed(2))
        .join(', ');
    console.log(
      `\n${Math.max(stored, CALLS).toLocaleString('en-US')} calls; ${RUNS} runs per request after 2 warm-ups; milliseconds over HTTP; load average ${load()}\n`,
    );
    const only = process.env.BENCH_ONLY;
    console.log(`${'screen'.padEnd(12)} ${'request'.padEnd(20)} ${'range'.padEnd(6)} ${'median'.padStart(8)} ${'p95'.padStart(8)}`);
    const worstHot: number[] = [];
    for (const [label, ms] of ranges) {
      const scope = { from: new Date(now.getTime() - ms), to: now, filters: {} };
      const requests = screenRequests(scope, now);
      const first = (await (
        await fetch(`${base}${widgetRequests.callsPage(scope, { sort: 'time', order: 'desc', offset: 0, limit: 1 })}`)
      ).json()) as CallsResponse;
      const row = first.rows[0];
      const extra: Record<string, string> = {
        callsDeepPage: widgetRequests.callsPage(scope, { sort: 'time', order: 'desc', offset: Math.min(50_000, Math.max(0, first.total - 200)), limit: 200 }),
        callsSearch: widgetRequests.callsPage(scope, { q: 'user-42', sort: 'time', order: 'desc', offset: 0, limit: 200 }),
        ...(row ? { callDetail: callDetailUrl(row.traceId, row.spanId, row.startTime) } : {}),
      };
      for (const [screen, urls] of Object.entries({ ...requests, calls: { ...requests.calls, ...extra } })) {
        for (const [name, path] of Object.entries(urls)) {
          if (only && !name.includes(only)) continue;
          for (let i = 0; i < 2; i++) await time(`${base}${path}`);
          const samples: number[] = [];
          for (let i = 0; i < RUNS; i++) samples.push(await time(`${base}${path}`));
          const p95 = percentile(samples, 95);
          if (process.env.BENCH_SAMPLES === '1') console.log(samples.map((s) => s.toFixed(0)).join(' '));
          if (HOT_SCREENS.has(screen)) worstHot.push(p95);
          console.log(
            `${screen.padEnd(12)} ${name.padEnd(20)} ${label.padEnd(6)} ${percentile(samples, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)}`,
          );
        }
      }
    }
    console.log(`\nworst p95 of the Overview, Spend, Reliability and Routing requests: ${Math.max(...worstHot).toFixed(1)} ms; load average ${load()}`);
    const gzip = bundleGzipBytes();
    console.log(gzip === undefined ? 'dashboard not built (npm run build) — no bundle size' : `dashboard JavaScript, gzip -9: ${(gzip / 1024).toFixed(1)} KiB`);
  } finally {
    await collector.close();
    if (!reuse) removeTestDir(dataDir);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
