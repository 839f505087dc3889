// npm run bench:writer — where the writer's time goes, per stage, on the bench's rows (the same
// 512-span exports as bench:ingest): the log's read-back of an entry (an export decoded again, or
// rows deserialized), the Native
// encoding in JS, the dedup token's hash, the block file, chDB's INSERT … SELECT FROM file(), and
// insertBatches as a whole. Run under `node --cpu-prof` to see inside a stage.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { normalize } from '../../collector/src/normalize/normalize';
import type { AttemptRow, CallRow } from '../../collector/src/normalize/callRow';
import { decodeTraces } from '../../collector/src/otlp/decode';
import { loadPriceTable } from '../../collector/src/pricing/priceTable';
import { priceCalls } from '../../collector/src/pricing/priceCalls';
import { ATTEMPT_COLUMNS, ATTEMPTS_TABLE } from '../../collector/src/store/attemptsTable';
import { CALL_COLUMNS, CALLS_TABLE, NEW_CALL } from '../../collector/src/store/callsTable';
import { BULK_INSERT_SETTINGS, openGateway, type Gateway } from '../../collector/src/store/gateway';
import { insertBatches } from '../../collector/src/store/insertBatches';
import { migrate, MIGRATIONS } from '../../collector/src/store/migrations';
import { nativeBlock } from '../../collector/src/store/nativeBlock';
import { RecentCalls } from '../../collector/src/store/recentCalls';
import { RATE_LIMITS_HOURLY, ROLLUPS, rollupMigrations } from '../../collector/src/store/query/rollups';
import { decodePayload, encodeFrame, type ReceivedExport } from '../../collector/src/store/wal/frames';
import { readTracesExport } from '../../collector/src/ingest/tracesRoute';
import { freshExport, SPANS_PER_EXPORT, template } from './senderExports';
import { removeTestDir } from '../support/removeTestDir';

const EXPORTS = Number(process.env.BENCH_EXPORTS ?? 120);
const BATCH_EXPORTS = Number(process.env.BENCH_BATCH_EXPORTS ?? 40); // 20,480 calls: the writer's default batch
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (n: number) => Math.round(n).toLocaleString('en-US').padStart(10);

interface Batch {
  calls: CallRow[];
  attempts: AttemptRow[];
}

async function main() {
  console.log(
    `bench:writer — load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'burnrate-bench-writer-'));
  const startNs = BigInt(Date.now() - 600_000) * 1_000_000n;
  const t = template(startNs);
  const prices = loadPriceTable({});
  const entries: Batch[] = [];
  const bodies: Buffer[] = [];
  for (let i = 0; i < EXPORTS; i++) {
    const body = freshExport(t);
    bodies.push(body);
    const batch = normalize(decodeTraces(body, 'protobuf'));
    priceCalls(prices, batch.calls);
    entries.push({ calls: batch.calls, attempts: batch.attempts });
  }
  const received = (body: Buffer): ReceivedExport => ({ body, encoding: 'protobuf', receivedAtMs: Date.now() });
  const price = (calls: CallRow[]) => priceCalls(prices, calls);
  const frames = entries.map((batch, i) => Buffer.concat(encodeFrame(i + 1, Date.now(), batch.calls.length, { source: 'traces', batch }).parts));
  const batches: Batch[][] = [];
  for (let i = 0; i < entries.length; i += BATCH_EXPORTS) batches.push(entries.slice(i, i + BATCH_EXPORTS));
  const calls = EXPORTS * SPANS_PER_EXPORT;

  // The collector's tables with every module's views; and twins without them (the raw tables alone).
  const viewed = await openGateway({ kind: 'embedded', dataDir: join(dir, 'data'), database: 'bench_views' });
  await migrate(viewed, [...MIGRATIONS, ...DEFAULT_MODULES.flatMap((m) => m.migrations ?? [])]);
  const rawTable = (n: string) => `\`bench_raw\`.\`${n}\``;
  const raw: Gateway = { ...viewed, database: 'bench_raw', table: rawTable, localTable: rawTable };
  await migrate(raw, MIGRATIONS);

  const flat = batches.map((b) => ({ calls: b.flatMap((e) => e.calls).map((row) => ({ row, version: NEW_CALL })), attempts: b.flatMap((e) => e.attempts) }));
  const blocks = flat.map((b) => ({ calls: nativeBlock(CALL_COLUMNS, b.calls), attempts: nativeBlock(ATTEMPT_COLUMNS, b.attempts) }));
  const files = blocks.map((b, i) => {
    const c = join(dir, `calls-${i}.native`);
    const a = join(dir, `attempts-${i}.native`);
    writeFileSync(c, b.calls);
    writeFileSync(a, b.attempts);
    return { calls: c, attempts: a };
  });
  const fileInsert = (g: Gateway) => async () => {
    for (const f of files) {
      await g.command(
        'bench',
        `INSERT INTO ${g.table(CALLS_TABLE)} (${CALL_COLUMNS.map((c) => `\`${c.name}\``).join(', ')}) SELECT * FROM file({f:String}, 'Native')`,
        { f: f.calls },
        BULK_INSERT_SETTINGS,
      );
      await g.command(
        'bench',
        `INSERT INTO ${g.table(ATTEMPTS_TABLE)} (${ATTEMPT_COLUMNS.map((c) => `\`${c.name}\``).join(', ')}) SELECT * FROM file({f:String}, 'Native')`,
        { f: f.attempts },
        BULK_INSERT_SETTINGS,
      );
    }
  };

  const stages: [string, () => Promise<void> | void][] = [
    ['log read-back, an export as received (decode + normalize + price)', () => void bodies.forEach((body) => readTracesExport(received(body), price))],
    ['log read-back, rows (V8 deserialize; claude-code, older logs)', () => void frames.forEach((f) => decodePayload(f))],
    ['Native encode, calls + attempts (JS)', () => void flat.forEach((b) => (nativeBlock(CALL_COLUMNS, b.calls), nativeBlock(ATTEMPT_COLUMNS, b.attempts)))],
    [
      'dedup token: sha256 of both blocks',
      () => void blocks.forEach((b) => (createHash('sha256').update(b.calls).digest(), createHash('sha256').update(b.attempts).digest())),
    ],
    [
      'block files written (writeFileSync)',
      () => void blocks.forEach((b, i) => (writeFileSync(files[i]!.calls, b.calls), writeFileSync(files[i]!.attempts, b.attempts))),
    ],
    ['pre-encoded files → chDB, no views (physical)', fileInsert(raw)],
    ['pre-encoded files → chDB, rollup views on', fileInsert(viewed)],
    [
      'gateway.insertColumns, no views',
      async () => {
        for (const b of flat) {
          await raw.insertColumns('bench', raw.table(CALLS_TABLE), CALL_COLUMNS, b.calls, { deduplicate: true });
          await raw.insertColumns('bench', raw.table(ATTEMPTS_TABLE), ATTEMPT_COLUMNS, b.attempts, { deduplicate: true });
        }
      },
    ],
    [
      'insertBatches (the writer), no views',
      async () => {
        const recent = new RecentCalls();
        recent.startAt(Number.NEGATIVE_INFINITY);
        for (const b of batches) await insertBatches(raw, b, { recentCalls: recent, deduplicate: true });
      },
    ],
    [
      'insertBatches (the writer), rollup views on',
      async () => {
        const recent = new RecentCalls();
        recent.startAt(Number.NEGATIVE_INFINITY);
        // No deduplication token here: the views' tables keep a window of recent blocks (migration
        // 130), so the same rows again in the next round would be skipped, not inserted.
        for (const b of batches) await insertBatches(viewed, b, { recentCalls: recent, deduplicate: false });
      },
    ],
  ];
  async function ratesOf(run: () => Promise<void> | void): Promise<number[]> {
    const rates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      await run();
      rates.push(calls / ((performance.now() - t0) / 1000));
    }
    return rates;
  }
  console.log(
    `  ${calls.toLocaleString('en-US')} calls (+ their attempts) in ${batches.length} batches of ${(BATCH_EXPORTS * SPANS_PER_EXPORT).toLocaleString('en-US')}; median of ${ROUNDS} rounds, calls/s:`,
  );
  for (const [name, run] of stages) {
    const rates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      await run();
      rates.push(calls / ((performance.now() - t0) / 1000));
    }
    console.log(`  ${name.padEnd(50)} ${rate(median(rates))}`);
  }
  // What each rollup view over raw rows costs alone (as each was before rollups shared feeds, and
  // as the three feeds' views and the rate-limit view are): the same pre-encoded files into fresh
  // raw tables with that one view, against fresh raw tables with none (measured first and last).
  if (process.env.BENCH_VIEWS !== '0') {
    const defs = [...ROLLUPS, RATE_LIMITS_HOURLY];
    const freshStore = async (name: string, view?: number): Promise<Gateway> => {
      const only: Gateway = { ...viewed, database: name, table: (n) => `\`${name}\`.\`${n}\``, localTable: (n) => `\`${name}\`.\`${n}\`` };
      await migrate(only, MIGRATIONS);
      // The rollup migration renders 4 statements per definition, in order: its table and its view come first.
      if (view !== undefined) for (const sql of rollupMigrations[0]!.statements(only).slice(view * 4, view * 4 + 2)) await only.command('bench', sql);
      return only;
    };
    const before = median(await ratesOf(fileInsert(await freshStore('bench_no_view_a'))));
    const perView: [string, number][] = [];
    for (const [i, def] of defs.entries()) perView.push([def.table, median(await ratesOf(fileInsert(await freshStore(`bench_view_${i}`, i))))]);
    const after = median(await ratesOf(fileInsert(await freshStore('bench_no_view_b'))));
    const base = (before + after) / 2;
    console.log(`  each rollup view alone (pre-encoded files into fresh tables; none: ${rate(before).trim()} then ${rate(after).trim()} calls/s):`);
    for (const [table, r] of perView) console.log(`    ${table.padEnd(46)} ${rate(r)} calls/s  (${(1e6 / r - 1e6 / base).toFixed(1)} µs a call more)`);
  }
  console.log(
    `  load average now: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
  await viewed.close();
  removeTestDir(dir);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
