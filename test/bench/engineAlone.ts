// The floor under the collector's RSS in bench:ingest: a process that does nothing but the
// engine's share of ingest. It opens the store as the collector does (createCollector: the same
// tables, rollup views, allocator and merge settings), and inserts the same rows, pre-encoded as
// Native files by the parent, through the writer's own file insert, paced at the rate the
// collector stored them. What the collector holds above this process's peak is its JS: decode,
// the write-ahead log, memory of recent calls, the HTTP server. Forked by ingest.bench.ts with
// the collector's Node flags; it answers `ready` when the store is open and `done` at the end.
import { loadConfig } from '../../collector/src/config';
import { createCollector } from '../../collector/src/app';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { ATTEMPT_COLUMNS, ATTEMPTS_TABLE } from '../../collector/src/store/attemptsTable';
import { CALL_COLUMNS, CALLS_TABLE } from '../../collector/src/store/callsTable';

export interface EngineAloneJob {
  dataDir: string;
  /** Native files of one batch each: calls and their attempts. */
  files: { calls: string; attempts: string; callsInFile: number }[];
  callsPerSecond: number;
  seconds: number;
}

async function run(job: EngineAloneJob): Promise<void> {
  const collector = await createCollector(loadConfig({ BURNRATE_DATA_DIR: job.dataDir, BURNRATE_SERVE_DASHBOARD: 'false' }), { modules: DEFAULT_MODULES });
  const { gateway } = collector;
  if (!gateway.insertFile) throw new Error('the engine-alone floor needs the embedded store');
  process.send!({ ready: true });
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
