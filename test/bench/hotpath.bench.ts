// npm run bench:hotpath — the JS-only cost of ingest, per span: protobuf decode, normalize,
// price, and preparing the rows for the insert (Native parts, hashes; store/preparedRows.ts), on the same realistic exports bench:ingest sends (512 SDK call spans each, an attempt
// event, attribution and rate-limit attributes). Each export goes through the stages in turn, as
// the route runs them, so the garbage one stage leaves is collected where it would be in the
// collector. Prints medians over rounds, with protobufjs's generic decoder of the same bytes as the
// baseline measured in the same run. Times are the process's CPU time (process.cpuUsage), not the
// wall clock: on a shared machine the wall clock also counts the time other programs ran.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalize } from '../../collector/src/normalize/normalize';
import { decodeTraces, encodeTraceRequestFromJson } from '../../collector/src/otlp/decode';
import { otlpType } from '../../collector/src/otlp/exportMessages';
import { priceCalls } from '../../collector/src/pricing/priceCalls';
import { loadPriceTable } from '../../collector/src/pricing/priceTable';
import { ExportFiles } from '../../collector/src/store/partFiles';
import { prepareRows } from '../../collector/src/store/preparedRows';
import { syntheticExport } from '../support/syntheticSpans';

const SPANS_PER_EXPORT = 512;
// Where prepared exports' blocks go, as in the collector (their writes finish after the rounds).
const filesDir = mkdtempSync(join(tmpdir(), 'burnrate-hotpath-'));
const files = new ExportFiles(filesDir);
let entryIds = 0;
const EXPORTS_PER_ROUND = Number(process.env.BENCH_EXPORTS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP_ROUNDS = 3;

/** CPU time of this process (user + system), in milliseconds. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const microsPerSpan = (ms: number) => (ms * 1000) / (EXPORTS_PER_ROUND * SPANS_PER_EXPORT);

function makeExports(): Buffer[] {
  const base = BigInt(Date.now() - 3_600_000) * 1_000_000n;
  return Array.from({ length: EXPORTS_PER_ROUND }, (_, e) =>
    encodeTraceRequestFromJson(syntheticExport(SPANS_PER_EXPORT, e * SPANS_PER_EXPORT, base + BigInt(e) * 600_000_000n)),
  );
}

interface Round {
  generic: number;
  decode: number;
  normalize: number;
  price: number;
  prepare: number;
}

function runRound(bodies: Buffer[], prices: ReturnType<typeof loadPriceTable>): Round {
  const requestType = otlpType('ExportTraceServiceRequest');
  const ms: Round = { generic: 0, decode: 0, normalize: 0, price: 0, prepare: 0 };
  let calls = 0;
  let t = cpuMs();
  for (const body of bodies) requestType.decode(body);
  ms.generic = cpuMs() - t;
  for (const body of bodies) {
    t = cpuMs();
    const decoded = decodeTraces(body, 'protobuf');
    const t1 = cpuMs();
    const batch = normalize(decoded);
    const t2 = cpuMs();
    priceCalls(prices, batch.calls);
    const t3 = cpuMs();
    prepareRows(batch, ++entryIds, files);
    const t4 = cpuMs();
    ms.decode += t1 - t;
    ms.normalize += t2 - t1;
    ms.price += t3 - t2;
    ms.prepare += t4 - t3;
    calls += batch.calls.filter((call) => call.costNanoUsd !== null).length;
  }
  // Guards the figures: a stage that silently dropped or failed to price spans would look fast.
  if (calls !== bodies.length * SPANS_PER_EXPORT) throw new Error(`priced ${calls} calls, expected ${bodies.length * SPANS_PER_EXPORT}`);
  return {
    generic: microsPerSpan(ms.generic),
    decode: microsPerSpan(ms.decode),
    normalize: microsPerSpan(ms.normalize),
    price: microsPerSpan(ms.price),
    prepare: microsPerSpan(ms.prepare),
  };
}

function main() {
  const bodies = makeExports();
  const prices = loadPriceTable();
  const rounds: Round[] = [];
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const result = runRound(bodies, prices);
    if (round >= WARMUP_ROUNDS) rounds.push(result);
  }
  const of = (stage: keyof Round) => median(rounds.map((r) => r[stage]));
  const total = median(rounds.map((r) => r.decode + r.normalize + r.price));
  const fmt = (us: number) => `${us.toFixed(2).padStart(6)} µs/span`;
  const bytes = bodies.reduce((sum, body) => sum + body.length, 0) / (EXPORTS_PER_ROUND * SPANS_PER_EXPORT);
  console.log(
    `bench:hotpath — ${ROUNDS} rounds (after ${WARMUP_ROUNDS} warm-up) × ${EXPORTS_PER_ROUND} exports × ${SPANS_PER_EXPORT} spans, ${bytes.toFixed(0)} protobuf bytes/span; medians of CPU time`,
  );
  console.log(`  baseline, protobufjs generic decode: ${fmt(of('generic'))}`);
  console.log(`  decode (readTracesProtobuf):         ${fmt(of('decode'))}`);
  console.log(`  normalize:                           ${fmt(of('normalize'))}`);
  console.log(`  price:                               ${fmt(of('price'))}`);
  console.log(`  total decode + normalize + price:    ${fmt(total)}  (${Math.round(1e6 / total).toLocaleString('en-US')} spans/s on one core)`);
  // On a shared machine every figure moves with the load; this ratio, taken in the same rounds, much less.
  console.log(`  total / baseline:                    ${median(rounds.map((r) => (r.decode + r.normalize + r.price) / r.generic)).toFixed(2)}`);
  // What the main thread does next with every span, once the export is answered (the log keeps it prepared).
  console.log(`  prepare for the insert (preparedRows): ${fmt(of('prepare'))}  (its blocks' files written by the thread pool)`);
  process.on('exit', () => rmSync(filesDir, { recursive: true, force: true }));
}

main();
