// npm run bench:insert-paths — the same llm_calls rows (realistic SDK call spans, decoded,
// normalized and priced) into the same table through each way chDB 3.4 takes rows from Node, to
// choose the writer's insert path by measurement. Each figure counts the JS side too (building the
// payload) unless it says "engine only". Medians of a few rounds of BENCH_ROWS rows in batches.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalize } from '../../collector/src/normalize/normalize';
import { decodeTraces, encodeTraceRequestFromJson } from '../../collector/src/otlp/decode';
import { loadPriceTable } from '../../collector/src/pricing/priceTable';
import { priceCalls } from '../../collector/src/pricing/priceCalls';
import { CALL_COLUMNS, CALLS_TABLE, NEW_CALL, toCallInsertRow, type VersionedCall } from '../../collector/src/store/callsTable';
import { openGateway } from '../../collector/src/store/gateway';
import { migrate, MIGRATIONS } from '../../collector/src/store/migrations';
import { nativeBlock } from '../../collector/src/store/nativeBlock';
import { syntheticExport } from '../support/syntheticSpans';
import { removeTestDir } from '../support/removeTestDir';

const ROWS = Number(process.env.BENCH_ROWS ?? 60_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function callRows(): VersionedCall[] {
  const prices = loadPriceTable({});
  const start = BigInt(Date.now() - 3_600_000) * 1_000_000n;
  const rows: VersionedCall[] = [];
  for (let e = 0; rows.length < ROWS; e++) {
    const batch = normalize(decodeTraces(encodeTraceRequestFromJson(syntheticExport(512, e * 512, start + BigInt(e) * 1_000_000_000n)), 'protobuf'));
    priceCalls(prices, batch.calls);
    rows.push(...batch.calls.map((row) => ({ row, version: NEW_CALL })));
  }
  return rows.slice(0, ROWS);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'burnrate-insert-paths-'));
  const gateway = await openGateway({ kind: 'embedded', dataDir: join(dir, 'data'), database: 'bench' });
  await migrate(gateway, MIGRATIONS);
  const table = gateway.table(CALLS_TABLE);
  const rows = callRows();
  const batches = Array.from({ length: Math.ceil(rows.length / BATCH) }, (_, i) => rows.slice(i * BATCH, (i + 1) * BATCH));
  const columns = CALL_COLUMNS.map((c) => `\`${c.name}\``).join(', ');
  // Files in other formats, written by the engine from the Native block: their rate is the engine's only.
  const files = new Map<string, string[]>();
  const fileOf = (format: string, i: number) => join(dir, `batch-${i}.${format.toLowerCase()}`);
  batches.forEach((batch, i) => writeFileSync(fileOf('Native', i), nativeBlock(CALL_COLUMNS, batch)));
  for (const format of ['Arrow', 'Parquet', 'JSONEachRow']) {
    files.set(format, []);
    for (let i = 0; i < batches.length; i++) {
      await gateway.command('bench', `INSERT INTO FUNCTION file({out:String}, '${format}') SELECT * FROM file({in:String}, 'Native')`, {
        out: fileOf(format, i),
        in: fileOf('Native', i),
      });
      files.get(format)!.push(fileOf(format, i));
    }
  }

  const paths: [string, string, () => Promise<void>][] = [
    [
      'JSONCompactEachRow via @clickhouse/client (the writer before)',
      'gateway.insert',
      async () => {
        for (const batch of batches)
          await gateway.insert(
            'bench',
            table,
            batch.map((c) => toCallInsertRow(c.row, c.version)),
          );
      },
    ],
    [
      'Native block, INSERT … SELECT FROM file() (chosen)',
      'gateway.insertColumns',
      async () => {
        for (const batch of batches) await gateway.insertColumns('bench', table, CALL_COLUMNS, batch);
      },
    ],
    [
      'Native block encode only (JS)',
      'nativeBlock()',
      async () => {
        for (const batch of batches) nativeBlock(CALL_COLUMNS, batch);
      },
    ],
    [
      'JSONEachRow text encode only (JS)',
      'JSON.stringify per row',
      async () => {
        for (const batch of batches) batch.map((c) => JSON.stringify(toCallInsertRow(c.row, c.version))).join('\n');
      },
    ],
  ];
  for (const format of ['Native', 'Arrow', 'Parquet', 'JSONEachRow']) {
    paths.push([
      `${format} file, INSERT … SELECT FROM file() (engine only)`,
      `file(…, '${format}')`,
      async () => {
        for (let i = 0; i < batches.length; i++) {
          await gateway.command('bench', `INSERT INTO ${table} (${columns}) SELECT * FROM file({f:String}, '${format}')`, { f: fileOf(format, i) });
        }
      },
    ]);
  }

  console.log(
    `bench:insert-paths — ${rows.length.toLocaleString('en-US')} llm_calls rows (${CALL_COLUMNS.length} columns) in batches of ${BATCH.toLocaleString('en-US')}, median of ${ROUNDS} rounds, embedded chDB`,
  );
  for (const [name, how, run] of paths) {
    const rates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await gateway.command('bench', `TRUNCATE TABLE ${table}`);
      const t0 = performance.now();
      await run();
      rates.push(rows.length / ((performance.now() - t0) / 1000));
    }
    console.log(`  ${name.padEnd(62)} ${Math.round(median(rates)).toLocaleString('en-US').padStart(11)} rows/s   (${how})`);
  }
  await gateway.close();
  removeTestDir(dir);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
