// Stores batches of normalized rows in ClickHouse: decides per call whether it is new, a repeat,
// or another instrumentation's view of a stored call (merged), then inserts calls before their
// attempts, each as one Native block. The writer in front of it decides when; this decides how.
// Planning and sending are apart (planBatches, sendPlanned) so that a failed send can be retried
// with the very same blocks: re-planning after a send that stored the raw rows but not every
// rollup would find the calls stored and send nothing, and the rollups that missed them would
// never get them. The same blocks carry the same deduplication tokens, so each table and each
// dependent view takes a retried block exactly once.
// Calls that memory (recentCalls.ts) proves new skip the ClickHouse lookup; the rest (replays,
// after a restart, a second span of a stored call) are looked up. One call at a time per store.
import type { AttemptRow, CallRow } from '../normalize/callRow';
import { ATTEMPT_COLUMNS, ATTEMPTS_TABLE, storedAttemptKeys, uniqueAttempts } from './attemptsTable';
import { planCallWrites, type CallWritePlan } from './callMerge';
import { CALL_COLUMNS, CALLS_TABLE, callKey, NEW_CALL, storedCallsLike } from './callsTable';
import type { Gateway } from './gateway';
import { hashCalls, RepeatCheck, type CallHashes, type RecentCalls } from './recentCalls';
import { TimeSlices } from './timeSlices';
import { recentCallsOf } from './recentCallsOfStore';

export interface RowBatch {
  calls: CallRow[];
  attempts: AttemptRow[];
}

/** Per written batch: calls stored anew, and the rest (repeats, and spans merged into a stored call). */
export interface WriteResult {
  inserted: number;
  duplicates: number;
  /** Of the duplicates: spans that added to a stored call (another instrumentation of it). */
  merged: number;
}

function placedAttempt(attempt: AttemptRow, place: string | undefined): AttemptRow {
  if (!place || place === callKey(attempt)) return attempt;
  const [traceId, spanId] = place.split('/') as [string, string];
  return { ...attempt, traceId, spanId };
}

export interface InsertBatchesOptions {
  /** Which calls are certainly new; by default the store's own (recentCallsOf), none on a server. */
  recentCalls?: RecentCalls | null;
  /** From the write-ahead log: the batches may be partly stored already (a failed try, or a replay after a crash); every call is looked up. */
  replay?: boolean;
  /** For log entries: a retry of the same rows counts once in the tables and their rollups (gateway InsertOptions). */
  deduplicate?: boolean;
}

/** What a send writes: the call rows and attempt rows, decided once per batch. */
export interface PlannedInsert {
  results: WriteResult[];
  calls: CallWritePlan['rows'];
  attempts: AttemptRow[];
  deduplicate: boolean;
  /** Calls looked up in ClickHouse: those memory could not prove new (recentCalls.ts). */
  lookedUp: number;
}

export async function insertBatches(gateway: Gateway, batches: RowBatch[], options: InsertBatchesOptions = {}): Promise<WriteResult[]> {
  const planned = await planBatches(gateway, batches, options);
  await sendPlanned(gateway, planned);
  return planned.results;
}

/** Calls before their attempts; resending the same plan after a failure stores each row once. */
export async function sendPlanned(gateway: Gateway, planned: PlannedInsert): Promise<void> {
  const dedup = { deduplicate: planned.deduplicate };
  await gateway.insertColumns('calls-insert', gateway.table(CALLS_TABLE), CALL_COLUMNS, planned.calls, dedup);
  await gateway.insertColumns('attempts-insert', gateway.table(ATTEMPTS_TABLE), ATTEMPT_COLUMNS, planned.attempts, dedup);
}

export async function planBatches(gateway: Gateway, batches: RowBatch[], options: InsertBatchesOptions = {}): Promise<PlannedInsert> {
  const incoming = batches.flatMap((b) => b.calls);
  const recent = options.recentCalls !== undefined ? options.recentCalls : await recentCallsOf(gateway);
  // Batch by batch (an export each), giving the event loop a turn between (timeSlices.ts).
  const slices = new TimeSlices();
  const maybeStored: CallRow[] = [];
  const repeats = new RepeatCheck(incoming.length);
  let mayRepeat = false;
  // Each export's calls hashed once: for the lookup check, the repeat check and memory.
  const hashes: CallHashes[] = [];
  for (const { calls } of batches) {
    const batchHashes = hashCalls(calls);
    hashes.push(batchHashes);
    maybeStored.push(...(recent && !options.replay ? recent.needLookup(calls, batchHashes) : calls));
    mayRepeat = repeats.add(batchHashes);
    await slices.turn();
  }
  // The common case, planned without a lookup or a per-call index: memory proves every call new,
  // and no two calls of the batch can be spans of one call.
  const planned = maybeStored.length === 0 && !mayRepeat ? allNew(batches, incoming) : await againstStored(gateway, batches, incoming, maybeStored);
  // Remembered before the insert: if it fails half-way, the replay of these calls is looked up.
  for (const batchHashes of hashes) {
    recent?.remember(batchHashes);
    await slices.turn();
  }
  recent?.remember(planned.calls.filter((r) => r.version.revision && r.version.sign > 0).map((r) => r.row));
  await recent?.forgetRetired(() => slices.turn());
  return { ...planned, deduplicate: options.deduplicate ?? false, lookedUp: maybeStored.length };
}

type Plan = Omit<PlannedInsert, 'deduplicate' | 'lookedUp'>;

function allNew(batches: RowBatch[], incoming: CallRow[]): Plan {
  return {
    results: batches.map((batch) => ({ inserted: batch.calls.length, duplicates: 0, merged: 0 })),
    calls: incoming.map((row) => ({ row, version: NEW_CALL })),
    attempts: uniqueAttempts(
      batches.flatMap((b) => b.attempts),
      new Set(),
    ),
  };
}

async function againstStored(gateway: Gateway, batches: RowBatch[], incoming: CallRow[], maybeStored: CallRow[]): Promise<Plan> {
  const plan = planCallWrites(incoming, await storedCallsLike(gateway, maybeStored));
  const results = batches.map((batch) => {
    const result: WriteResult = { inserted: 0, duplicates: 0, merged: 0 };
    for (const call of batch.calls) {
      const outcome = plan.outcomes.get(call);
      if (outcome === 'new') result.inserted++;
      else {
        result.duplicates++;
        if (outcome === 'merged') result.merged++;
      }
    }
    return result;
  });
  // A call's attempts go where the call went (the stored row of the same call, if any). Calls are
  // written before their attempts, so attempts can already be stored only for calls stored before.
  const allAttempts = batches.flatMap((b) => b.attempts).map((attempt) => placedAttempt(attempt, plan.placeOf.get(callKey(attempt))));
  const newPlaces = new Set([...plan.outcomes].filter(([, outcome]) => outcome === 'new').map(([call]) => callKey(call)));
  const storedAttempts = await storedAttemptKeys(
    gateway,
    allAttempts.filter((a) => !newPlaces.has(callKey(a))),
  );
  return { results, calls: plan.rows, attempts: uniqueAttempts(allAttempts, storedAttempts) };
}
