// npm run soak — SOAK_SECONDS (default 600) of load at SOAK_RATE spans/s (default 5000) into a
// collector in its own process on the embedded store. Prints throughput, errors and the
// collector's memory at start, middle and end, its CPU and the calls it looked up in ClickHouse
// before their insert (memory's false positives, at a steady rate). Loopback only; stops by itself.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTraceRequestFromJson } from '../../collector/src/otlp/decode';
import { cpuSecondsOf, rssOf, spawnCollector } from '../support/collectorProcess';
import { syntheticExport } from '../support/syntheticSpans';
import { removeTestDir } from '../support/removeTestDir';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RATE = Number(process.env.SOAK_RATE ?? 5000);
const TICK_MS = 100;
const SPANS_PER_TICK = Math.round((RATE * TICK_MS) / 1000);

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'burnrate-soak-'));
  const collector = await spawnCollector({ BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: String(21000 + Math.floor(Math.random() * 9000)) });
  const pid = collector.child.pid!;
  const memory: { at: number; rss: number }[] = [{ at: 0, rss: rssOf(pid) }];
  const cpuAtStart = cpuSecondsOf(pid);
  let sent = 0;
  let acked = 0;
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  const startNs = BigInt(started) * 1_000_000n;
  let tick = 0;
  let nextReport = 10;
  while (Date.now() - started < SECONDS * 1000) {
    const first = tick * SPANS_PER_TICK;
    const body = encodeTraceRequestFromJson(syntheticExport(SPANS_PER_TICK, first, startNs + BigInt(tick) * 100_000_000n));
    sent += SPANS_PER_TICK;
    const request = fetch(`${collector.url}/v1/traces`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': 'application/x-protobuf' } })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status === 200) acked += SPANS_PER_TICK;
        else errors++;
      })
      .catch(() => void errors++)
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
    tick++;
    const elapsed = (Date.now() - started) / 1000;
    if (elapsed >= nextReport) {
      memory.push({ at: elapsed, rss: rssOf(pid) });
      console.log(`  t=${elapsed.toFixed(0)}s acked ${acked.toLocaleString('en-US')} spans, errors ${errors}, collector RSS ${mib(memory.at(-1)!.rss)}`);
      nextReport += Math.max(10, SECONDS / 10);
    }
    const due = started + tick * TICK_MS;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
  }
  await Promise.all(inFlight);
  const seconds = (Date.now() - started) / 1000;
  memory.push({ at: seconds, rss: rssOf(pid) });
  const summary = await (
    await fetch(`${collector.url}/api/v1/summary?from=${new Date(started - 60_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`)
  ).json();
  const cpu = cpuSecondsOf(pid) - cpuAtStart;
  const health = await (await fetch(`${collector.url}/healthz`)).json();
  collector.child.kill('SIGTERM');
  await collector.exited;
  removeTestDir(dataDir);

  const middle = memory[Math.floor(memory.length / 2)]!;
  const end = memory.at(-1)!;
  // Start is taken after warm-up (the first report), when caches and pools exist.
  const warm = memory[1] ?? memory[0]!;
  console.log(`soak — ${seconds.toFixed(0)} s at ${RATE} spans/s target, protobuf exports of ${SPANS_PER_TICK} spans every ${TICK_MS} ms`);
  console.log(
    `  sent ${sent.toLocaleString('en-US')} spans, acknowledged ${acked.toLocaleString('en-US')} (${(acked / seconds).toFixed(0)} spans/s), errors ${errors}`,
  );
  console.log(`  stored calls: ${summary.calls.toLocaleString('en-US')}`);
  console.log(
    `  collector CPU: ${cpu.toFixed(1)} s, ${((cpu / seconds) * 100).toFixed(1)}% of one core; ` +
      `${Number(health.writeAheadLog.lookedUpCalls).toLocaleString('en-US')} calls looked up before their insert`,
  );
  console.log(`  collector RSS: start ${mib(memory[0]!.rss)}, after warm-up ${mib(warm.rss)}, middle ${mib(middle.rss)}, end ${mib(end.rss)}`);
  console.log(`  end vs middle: ${(((end.rss - middle.rss) / middle.rss) * 100).toFixed(1)}%`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
