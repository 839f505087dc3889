// npm run bench:ingest — OTLP protobuf exports of 512 realistic call spans from several
// concurrent senders, end to end into the embedded store; compared with a raw insert of the
// same rows into the same engine in the same run. Prints medians over several runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector } from '../../collector/src/app';
import { loadConfig } from '../../collector/src/config';
import { normalize } from '../../collector/src/normalize/normalize';
import { decodeTraces, encodeTraceRequestFromJson } from '../../collector/src/otlp/decode';
import { priceCalls } from '../../collector/src/pricing/priceCalls';
import { callsTableStatements, CALLS_TABLE, toCallInsertRow } from '../../collector/src/store/callsTable';
import { syntheticExport } from '../support/syntheticSpans';

const SPANS_PER_EXPORT = 512;
const EXPORTS_PER_RUN = Number(process.env.BENCH_EXPORTS ?? 200);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 4);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

function makeExports(run: number): Buffer[] {
  const base = BigInt(Date.now() - 3_600_000) * 1_000_000n + BigInt(run) * 1_000_000_000n;
  return Array.from({ length: EXPORTS_PER_RUN }, (_, e) => encodeTraceRequestFromJson(syntheticExport(SPANS_PER_EXPORT, run * 1_000_000 + e * SPANS_PER_EXPORT, base + BigInt(e) * 600_000_000n)));
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'burnrate-bench-'));
  const collector = await createCollector(loadConfig({ BURNRATE_DATA_DIR: dataDir, BURNRATE_SERVE_DASHBOARD: 'false' }));
  const { port } = await collector.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/v1/traces`;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

  // The raw baseline writes the same rows into a twin table with the same DDL.
  const raw = collector.gateway;
  await raw.command('bench', `CREATE DATABASE IF NOT EXISTS bench_raw`);
  const rawTable = (name: string) => `\`bench_raw\`.\`${name}\``;
  const rawGateway = { ...raw, table: rawTable, localTable: rawTable, cluster: undefined };
  for (const statement of callsTableStatements(rawGateway)) await raw.command('bench', statement);

  const e2eRates: number[] = [];
  const rawRates: number[] = [];
  const ackP99s: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const exportsForRun = makeExports(run);
    const ackMs: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < exportsForRun.length) {
          const body = exportsForRun[next++]!;
          const t0 = performance.now();
          const res = await fetch(url, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': 'application/x-protobuf' } });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`export answered ${res.status}`);
          ackMs.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    e2eRates.push((EXPORTS_PER_RUN * SPANS_PER_EXPORT) / seconds);
    ackP99s.push(percentile(ackMs, 99));

    // Baseline: the same rows, already decoded and priced, in batches of the writer's size.
    const rows = exportsForRun.flatMap((body) => {
      const batch = normalize(decodeTraces(body, 'protobuf'));
      priceCalls(collector.prices, batch.calls);
      return batch.calls.map((row) => toCallInsertRow(row));
    });
    const rawStart = performance.now();
    for (let i = 0; i < rows.length; i += 5000) await raw.insert('bench-raw', `\`bench_raw\`.\`${CALLS_TABLE}\``, rows.slice(i, i + 5000));
    rawRates.push(rows.length / ((performance.now() - rawStart) / 1000));
  }
  clearInterval(sampler);
  const [stored] = await raw.query<{ n: string }>('bench', `SELECT count() AS n FROM ${raw.table(CALLS_TABLE)}`);
  await collector.close();
  rmSync(dataDir, { recursive: true, force: true });

  const e2e = median(e2eRates);
  const rawRate = median(rawRates);
  console.log(`bench:ingest — ${RUNS} runs × ${EXPORTS_PER_RUN} exports × ${SPANS_PER_EXPORT} spans, ${SENDERS} concurrent senders, protobuf, embedded chDB`);
  console.log(`  end to end:        ${Math.round(e2e).toLocaleString('en-US')} spans/s (median; runs: ${e2eRates.map((r) => Math.round(r)).join(', ')})`);
  console.log(`  ack p99:           ${median(ackP99s).toFixed(1)} ms (median of per-run p99)`);
  console.log(`  peak RSS:          ${(peakRss / 1024 / 1024).toFixed(0)} MiB (collector and senders in one process)`);
  console.log(`  raw insert:        ${Math.round(rawRate).toLocaleString('en-US')} rows/s (same rows, same engine, batches of 5000)`);
  console.log(`  end to end / raw:  ${(e2e / rawRate).toFixed(2)}`);
  console.log(`  rows stored:       ${stored?.n} (expected ${RUNS * EXPORTS_PER_RUN * SPANS_PER_EXPORT})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
