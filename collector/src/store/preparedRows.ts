// An export's rows made ready, once, for the common insert: its calls all new, as Native blocks,
// and the hashes memory checks them by (recentCalls.ts). The log keeps an unstored export like this
// instead of as rows (wal/writeAheadLog.ts): ~1 KB of row objects a call would live on the V8 heap
// until the insert, be copied by every young-generation collection on the way, and be encoded at
// the insert in one long run on the main thread. Prepared in the append that brings the export
// (before its sync), the rows die young; the blocks wait on disk (partFiles.ts), the hashes
// (60 bytes a call) in memory, and an insert of 100,000 calls joins the blocks into one.
// Whether the calls really are new is decided per batch (planPrepared, below); a batch that is not
// certain is planned from rows (insertBatches.planBatches), read back from the log.
import { rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ATTEMPT_COLUMNS, ATTEMPTS_TABLE, uniqueAttempts } from './attemptsTable';
import { CALL_COLUMNS, CALLS_TABLE, NEW_CALL, storedCallsLike } from './callsTable';
import type { Gateway } from './gateway';
import type { RowBatch, WriteResult } from './insertBatches';
import type { NativeType } from './nativeBlock';
import { encodeParts, sectionOf, stringsAt, type BlockParts } from './nativeParts';
import { joinParts, readPart, type ExportFiles, type SpilledPart } from './partFiles';
import { hashCalls, RepeatCheck, type CallHashes, type CallIds } from './recentCalls';
import { recentCallsOf } from './recentCallsOfStore';
import { TimeSlices } from './timeSlices';

export interface PreparedRows {
  /** Its calls, hashed; `hashes.count` is how many. */
  hashes: CallHashes;
  /** Absent when the export has no call (or no attempt). */
  calls?: SpilledPart;
  attempts?: SpilledPart;
}

/** The export of log entry `entryId`, prepared: its blocks being written to `files`. */
export function prepareRows(batch: RowBatch, entryId: number, files: ExportFiles): PreparedRows {
  const attempts = uniqueAttempts(batch.attempts, new Set());
  const calls = batch.calls.map((row) => ({ row, version: NEW_CALL }));
  return {
    hashes: hashCalls(batch.calls),
    calls: calls.length > 0 ? files.write(entryId, CALLS_TABLE, CALL_COLUMNS, encodeParts(CALL_COLUMNS, calls)) : undefined,
    attempts: attempts.length > 0 ? files.write(entryId, ATTEMPTS_TABLE, ATTEMPT_COLUMNS, encodeParts(ATTEMPT_COLUMNS, attempts)) : undefined,
  };
}

const IDENTITY = {
  callKey: sectionOf(CALL_COLUMNS, 'call_key'),
  traceId: sectionOf(CALL_COLUMNS, 'trace_id'),
  spanId: sectionOf(CALL_COLUMNS, 'span_id'),
  parentSpanId: sectionOf(CALL_COLUMNS, 'parent_span_id'),
  start: sectionOf(CALL_COLUMNS, 'start_time'),
};

/**
 * What a lookup needs of some calls (their ids and start), for the few memory cannot prove new:
 * read back from the export's spill file (readPart: every section whole, a value the same in every
 * row written in every row) rather than kept as strings on the heap for every call (a quarter of a
 * kilobyte a call, until the insert).
 */
function identitiesAt(block: BlockParts, rows: number[]): CallIds[] {
  const column = (section: number) => stringsAt(block, section, rows);
  const [callKeys, traceIds, spanIds, parentSpanIds] = [IDENTITY.callKey, IDENTITY.traceId, IDENTITY.spanId, IDENTITY.parentSpanId].map(column);
  const starts = block.sections[IDENTITY.start]!;
  const startOf = (row: number) => starts.readBigInt64LE(row * 8);
  return rows.map((row, i) => ({
    callKey: callKeys![i]!,
    traceId: traceIds![i]!,
    spanId: spanIds![i]!,
    parentSpanId: parentSpanIds![i]!,
    // DateTime64(6): microseconds; the lookup's window is an hour either side.
    startTimeNs: startOf(row) * 1000n,
  }));
}

/** A batch of prepared exports, planned: each table's block file and its deduplication token. */
export interface PreparedInsert {
  results: WriteResult[];
  /** Calls looked up in ClickHouse (memory could not prove them new; none was found stored). */
  lookedUp: number;
  /** Each table's rows as one Native block in a file (joinParts); absent when the batch has none. */
  calls?: string;
  attempts?: string;
  callsToken: string;
  attemptsToken: string;
}

/** The parts' files joined into one batch file of the table, in `dir`; undefined when there are none. */
async function joinedFile(
  dir: string,
  table: string,
  columns: readonly { name: string; type: NativeType }[],
  parts: SpilledPart[],
): Promise<string | undefined> {
  if (parts.length === 0) return undefined;
  const path = join(dir, `batch-${randomUUID()}.${table}.native`);
  try {
    await joinParts(columns, parts, path);
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return path;
}

/**
 * The batch as prepared, when every call is new and no two calls of it can be spans of one call
 * (the checks planBatches makes of rows); else undefined, and the batch is planned from its rows.
 * Memory proves most calls new; the few it cannot (a Bloom filter's false positive, a call near
 * what it forgot) are looked up by their ids, and only if one is found stored is the batch planned
 * from rows. Only where memory can be trusted: the embedded store, whose one writer this is.
 */
export async function planPrepared(gateway: Gateway, batch: readonly PreparedRows[]): Promise<PreparedInsert | undefined> {
  const recent = await recentCallsOf(gateway);
  const dir = gateway.blockDir;
  if (!recent || !dir) return undefined;
  const calls = batch.flatMap((p) => p.calls ?? []);
  const attempts = batch.flatMap((p) => p.attempts ?? []);
  const written = await Promise.all([...calls, ...attempts].map((f) => f.written));
  if (!written.every(Boolean)) return undefined; // a file the disk did not take: the log has the rows
  const repeats = new RepeatCheck(batch.reduce((n, p) => n + p.hashes.count, 0));
  const slices = new TimeSlices();
  const maybeStored: CallIds[] = [];
  for (const p of batch) {
    if (repeats.add(p.hashes)) return undefined;
    const indices = recent.lookupIndices(p.hashes);
    if (indices.length > 0) maybeStored.push(...identitiesAt(await readPart(p.calls!), indices));
    await slices.turn();
  }
  if (maybeStored.length > 0 && (await storedCallsLike(gateway, maybeStored)).length > 0) return undefined;
  let callsFile: string | undefined;
  let attemptsFile: string | undefined;
  try {
    callsFile = await joinedFile(dir, CALLS_TABLE, CALL_COLUMNS, calls);
    attemptsFile = await joinedFile(dir, ATTEMPTS_TABLE, ATTEMPT_COLUMNS, attempts);
  } catch {
    if (callsFile) await rm(callsFile, { force: true });
    return undefined; // the disk would not take the batch's file: planned from the log's rows
  }
  // Remembered before the insert, as planBatches does: a replay of a half-done insert is looked up.
  for (const p of batch) {
    recent.remember(p.hashes);
    await slices.turn();
  }
  await recent.forgetRetired(() => slices.turn());
  return {
    results: batch.map((p) => ({ inserted: p.hashes.count, duplicates: 0, merged: 0 })),
    lookedUp: maybeStored.length,
    calls: callsFile,
    attempts: attemptsFile,
    // A token of the plan, not of its bytes: only a resend of this very plan (the writer keeps a
    // failed one) may be taken for a repeat, and every call in it is new, so nothing else can
    // carry the same rows. Hashing every export's blocks cost half a microsecond a call.
    callsToken: randomUUID(),
    attemptsToken: randomUUID(),
  };
}

/**
 * Calls before their attempts, as sendPlanned; a resend of the same plan stores each row once.
 * The files go once both are in: a failed send is retried with them.
 */
export async function sendPrepared(gateway: Gateway, planned: PreparedInsert): Promise<void> {
  if (!gateway.insertFile) throw new Error('prepared blocks are inserted from files: the embedded store only');
  if (planned.calls) await gateway.insertFile('calls-insert', gateway.table(CALLS_TABLE), CALL_COLUMNS, planned.calls, planned.callsToken);
  if (planned.attempts) await gateway.insertFile('attempts-insert', gateway.table(ATTEMPTS_TABLE), ATTEMPT_COLUMNS, planned.attempts, planned.attemptsToken);
  await Promise.all([planned.calls, planned.attempts].map((path) => path && rm(path, { force: true })));
}
