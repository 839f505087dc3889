// npm run bench:ack — acknowledgement from the write-ahead log at a fixed offered load: a
// collector in its own process (embedded store, default settings: ack from the log), an OTLP
// exporter in another (pre-paced protobuf exports of 512 SDK call spans, open loop over
// BENCH_CONNECTIONS connections). Prints acknowledged spans/s, ack p50/p99, how many appends
// each fdatasync served (group commit), and how long the inserter took to empty the log.
//   BENCH_RATE=20000 BENCH_SECONDS=20 npm run bench:ack
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssOf, spawnCollector } from '../support/collectorProcess';
import { spawnSender } from '../support/otlpSenderProcess';
import { logHealth, until } from '../support/walHealth';
import { removeTestDir } from '../support/removeTestDir';

const RATE = Number(process.env.BENCH_RATE ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SPANS = 512;
// 'stored' to compare with a 200 that also waits for the insert (BURNRATE_ACK).
const ACK = process.env.BENCH_ACK ?? 'log';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function counters(url: string): Promise<{ appends: number; syncs: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { appends: value('burnrate_wal_appends_total'), syncs: value('burnrate_wal_syncs_total') };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'burnrate-ackbench-'));
  const collector = await spawnCollector(
    { BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: String(21000 + Math.floor(Math.random() * 9000)), BURNRATE_ACK: ACK },
    60_000,
  );
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(collector.child.pid!))), 200);
  try {
    const before = await counters(collector.url);
    const ledger = await spawnSender({
      url: collector.url,
      connections: CONNECTIONS,
      spansPerExport: SPANS,
      exportsPerSecond: RATE / SPANS,
      seconds: SECONDS,
      drainSeconds: 30,
      pregenerate: true,
    }).done;
    const after = await counters(collector.url);
    const backlog = await logHealth(collector.url);
    const drainStart = Date.now();
    await until(async () => (await logHealth(collector.url)).entries === 0, 600_000, 100);
    const drainSeconds = (Date.now() - drainStart) / 1000;
    const appends = after.appends - before.appends;
    const syncs = after.syncs - before.syncs;
    const ackedSpans = ledger.exportsAcked * SPANS;
    console.log(
      `bench:ack — offered ${RATE.toLocaleString('en-US')} spans/s for ${SECONDS} s (${(RATE / SPANS).toFixed(1)} exports/s of ${SPANS} spans, ${CONNECTIONS} connections, protobuf), collector in its own process, BURNRATE_ACK=${ACK}; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `  acknowledged:      ${Math.round(ackedSpans / (ledger.elapsedMs / 1000)).toLocaleString('en-US')} spans/s (${ledger.exportsAcked} exports; refused ${ledger.refusedWithRetryAfter}, other ${JSON.stringify(ledger.otherStatuses)})`,
    );
    console.log(
      `  ack latency:       p50 ${percentile(ledger.requestMs, 50).toFixed(1)} ms, p99 ${percentile(ledger.requestMs, 99).toFixed(1)} ms (per request, 200s)`,
    );
    console.log(`  group commit:      ${appends} appends in ${syncs} fdatasyncs (${(appends / syncs).toFixed(1)} appends per sync)`);
    console.log(
      `  log at the end:    ${backlog.entries} entries, ${backlog.calls} calls waiting; emptied in ${drainSeconds.toFixed(1)} s (store keeps up: ${backlog.calls === 0 ? 'yes' : 'no'})`,
    );
    console.log(`  collector RSS:     peak ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
  } finally {
    clearInterval(sampler);
    collector.child.kill('SIGTERM');
    await collector.exited;
    removeTestDir(dataDir);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
