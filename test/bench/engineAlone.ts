// The floor under the collector's RSS in bench:ingest: a process that does nothing but the
// engine's share of ingest. It opens the store as the collector does (createCollector: the same
// tables, rollup views, allocator and merge settings), and inserts the same rows, pre-encoded as
// Native files by the parent, through the writer's own file insert, paced at the rate the
// collector stored them. What the collector holds above this process's peak is its JS: decode,
// the write-ahead log, memory of recent calls, the HTTP server. Forked by ingest.bench.ts with
// the collector's Node flags; it answers `ready` when the store is open and `done` at the end.
// With `freshRoundSeconds` it is the sustained limit instead: unpaced, for as long as the
// collector's full rounds, every row given fresh ids and a current start by the engine itself
// (INSERT … SELECT * REPLACE (…) FROM file()), so the table grows and merges as the collector's does.
import { loadConfig } from '../../collector/src/config';
import { createCollector } from '../../collector/src/app';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { ATTEMPT_COLUMNS, ATTEMPTS_TABLE } from '../../collector/src/store/attemptsTable';
import { CALL_COLUMNS, CALLS_TABLE } from '../../collector/src/store/callsTable';
import { BULK_INSERT_SETTINGS, columnNames, type Gateway } from '../../collector/src/store/gateway';

export interface EngineAloneJob {
  dataDir: string;
  /** Native files of one batch each: calls and their attempts. */
  files: { calls: string; attempts: string; callsInFile: number }[];
  callsPerSecond: number;
  seconds: number;
  /** Unpaced with fresh rows, its rate measured in rounds of this many seconds (the sustained limit). */
  freshRoundSeconds?: number;
}

/** What the child answers at the end: its rate, and with freshRoundSeconds each round's. */
export interface EngineAloneDone {
  done: true;
  callsPerSecond: number;
  rounds?: number[];
}

/** A new trace and span for every row (the attempts' unrelated to the calls'), started in the last 1.4 s. */
const FRESH = `lower(hex(randomString(16))) AS trace_id, lower(hex(randomString(8))) AS span_id, now64(6) - toIntervalMillisecond(rand() % 1400) AS start_time`;

async function sustained(gateway: Gateway, job: EngineAloneJob, roundSeconds: number): Promise<EngineAloneDone> {
  const insert = (table: string, columns: readonly { name: string }[], replace: string, file: string) =>
    gateway.command(
      'engine-alone',
      `INSERT INTO ${gateway.table(table)} (${columnNames(columns)}) SELECT * REPLACE (${replace}) FROM file({f:String}, 'Native')`,
      { f: file },
      BULK_INSERT_SETTINGS,
    );
  const rounds: number[] = [];
  let total = 0;
  let next = 0;
  const started = performance.now();
  while (performance.now() - started < job.seconds * 1000) {
    const roundStarted = performance.now();
    let calls = 0;
    while (performance.now() - roundStarted < roundSeconds * 1000) {
      const batch = job.files[next++ % job.files.length]!;
      await insert(CALLS_TABLE, CALL_COLUMNS, `${FRESH}, concat('req:', lower(hex(randomString(12)))) AS call_key`, batch.calls);
      await insert(ATTEMPTS_TABLE, ATTEMPT_COLUMNS, FRESH, batch.attempts);
      calls += batch.callsInFile;
    }
    rounds.push(calls / ((performance.now() - roundStarted) / 1000));
    total += calls;
  }
  return { done: true, callsPerSecond: total / ((performance.now() - started) / 1000), rounds };
}

async function run(job: EngineAloneJob): Promise<void> {
  const collector = await createCollector(loadConfig({ BURNRATE_DATA_DIR: job.dataDir, BURNRATE_SERVE_DASHBOARD: 'false' }), { modules: DEFAULT_MODULES });
  const { gateway } = collector;
  if (!gateway.insertFile) throw new Error('the engine-alone floor needs the embedded store');
  process.send!({ ready: true });
  if (job.freshRoundSeconds) {
    const done = await sustained(gateway, job, job.freshRoundSeconds);
    await collector.close();
    process.send!(done);
    return;
  }
  const started = Date.now();
  let calls = 0;
  for (let i = 0; Date.now() - started < job.seconds * 1000; i++) {
    const batch = job.files[i % job.files.length]!;
    // A token per insert, as the writer sends: repeated files must not be deduplicated away.
    await gateway.insertFile('calls-insert', gateway.table(CALLS_TABLE), CALL_COLUMNS, batch.calls, `alone-${i}-calls`);
    await gateway.insertFile('attempts-insert', gateway.table(ATTEMPTS_TABLE), ATTEMPT_COLUMNS, batch.attempts, `alone-${i}-attempts`);
    calls += batch.callsInFile;
    const due = started + (calls * 1000) / job.callsPerSecond;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
  }
  const seconds = (Date.now() - started) / 1000;
  await collector.close();
  process.send!({ done: true, callsPerSecond: calls / seconds });
}

process.once('message', (job: EngineAloneJob) => {
  run(job).catch((error: unknown) => {
    process.send!({ error: String(error instanceof Error ? error.stack : error) });
    process.exitCode = 1;
  });
});
