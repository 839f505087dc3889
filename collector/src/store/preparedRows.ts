// An export's rows made ready, once, for the common insert: its calls all new, as Native blocks,
// and the hashes memory checks them by (recentCalls.ts). The log keeps an unstored export like this
// instead of as rows (wal/writeAheadLog.ts): ~1 KB of row objects a call would live on the V8 heap
// until the insert, be copied by every young-generation collection on the way, and be encoded at
// the insert in one long run on the main thread. Prepared in the append that brings the export
// (before its sync), the rows die young, the encoded rows are off the heap, and an insert of
// 100,000 calls joins them into one block.
// Whether the calls really are new is decided per batch (planPrepared, below); a batch that is not
// certain is planned from rows (insertBatches.planBatches), read back from the log.
import { randomUUID } from 'node:crypto';
import { ATTEMPT_COLUMNS, ATTEMPTS_TABLE, uniqueAttempts } from './attemptsTable';
import { CALL_COLUMNS, CALLS_TABLE, NEW_CALL, storedCallsLike } from './callsTable';
import type { Gateway } from './gateway';
import type { RowBatch, WriteResult } from './insertBatches';
import { encodeParts, joinParts, sectionOf, stringsAt, type BlockParts } from './nativeBlock';
import { hashCalls, RepeatCheck, type CallHashes, type RememberedCall } from './recentCalls';
import { recentCallsOf } from './recentCallsOfStore';
import { TimeSlices } from './timeSlices';

export interface PreparedRows {
  /** Its calls, hashed; `hashes.count` is how many. */
  hashes: CallHashes;
  /** Absent when the export has no call (or no attempt). */
  callsBlock?: BlockParts;
  attemptsBlock?: BlockParts;
}

export function prepareRows(batch: RowBatch): PreparedRows {
  const attempts = uniqueAttempts(batch.attempts, new Set());
  return {
    hashes: hashCalls(batch.calls),
    callsBlock:
      batch.calls.length > 0
        ? encodeParts(
            CALL_COLUMNS,
            batch.calls.map((row) => ({ row, version: NEW_CALL })),
          )
        : undefined,
    attemptsBlock: attempts.length > 0 ? encodeParts(ATTEMPT_COLUMNS, attempts) : undefined,
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
 * read back from the encoded block rather than kept as strings on the heap for every call (a
 * quarter of a kilobyte a call, until the insert).
 */
function identitiesAt(block: BlockParts, rows: number[]): RememberedCall[] {
  const column = (section: number) => stringsAt(block, section, rows);
  const [callKeys, traceIds, spanIds, parentSpanIds] = [IDENTITY.callKey, IDENTITY.traceId, IDENTITY.spanId, IDENTITY.parentSpanId].map(column);
  const starts = block.sections[IDENTITY.start]!;
  const startOf = (row: number) => starts.readBigInt64LE(block.sameInEveryRow[IDENTITY.start] ? 0 : row * 8);
  return rows.map((row, i) => ({
    callKey: callKeys![i]!,
    traceId: traceIds![i]!,
    spanId: spanIds![i]!,
    parentSpanId: parentSpanIds![i]!,
    // DateTime64(6): microseconds; the lookup's window is an hour either side.
    startTimeNs: startOf(row) * 1000n,
  }));
}

/** A batch of prepared exports, planned: the blocks to send and their deduplication tokens. */
export interface PreparedInsert {
  results: WriteResult[];
  /** Calls looked up in ClickHouse (memory could not prove them new; none was found stored). */
  lookedUp: number;
  /** Each table's rows as one Native block, in chunks (joinParts). */
  calls: Buffer[];
  attempts: Buffer[];
  callsToken: string;
  attemptsToken: string;
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
  if (!recent) return undefined;
  const repeats = new RepeatCheck(batch.reduce((n, p) => n + p.hashes.count, 0));
  const slices = new TimeSlices();
  const maybeStored: RememberedCall[] = [];
  for (const p of batch) {
    if (repeats.add(p.hashes)) return undefined;
    const indices = recent.lookupIndices(p.hashes);
    if (indices.length > 0) maybeStored.push(...identitiesAt(p.callsBlock!, indices));
    await slices.turn();
  }
  if (maybeStored.length > 0 && (await storedCallsLike(gateway, maybeStored)).length > 0) return undefined;
  // Remembered before the insert, as planBatches does: a replay of a half-done insert is looked up.
  for (const p of batch) {
    recent.remember(p.hashes);
    await slices.turn();
  }
  await recent.forgetRetired(() => slices.turn());
  const calls = batch.flatMap((p) => p.callsBlock ?? []);
  const attempts = batch.flatMap((p) => p.attemptsBlock ?? []);
  return {
    results: batch.map((p) => ({ inserted: p.hashes.count, duplicates: 0, merged: 0 })),
    lookedUp: maybeStored.length,
    calls: calls.length > 0 ? joinParts(CALL_COLUMNS, calls) : [],
    attempts: attempts.length > 0 ? joinParts(ATTEMPT_COLUMNS, attempts) : [],
    // A token of the plan, not of its bytes: only a resend of this very plan (the writer keeps a
    // failed one) may be taken for a repeat, and every call in it is new, so nothing else can
    // carry the same rows. Hashing every export's blocks cost half a microsecond a call.
    callsToken: randomUUID(),
    attemptsToken: randomUUID(),
  };
}

/** Calls before their attempts, as sendPlanned; a resend of the same plan stores each row once. */
export async function sendPrepared(gateway: Gateway, planned: PreparedInsert): Promise<void> {
  await gateway.insertBlocks('calls-insert', gateway.table(CALLS_TABLE), CALL_COLUMNS, planned.calls, planned.callsToken);
  await gateway.insertBlocks('attempts-insert', gateway.table(ATTEMPTS_TABLE), ATTEMPT_COLUMNS, planned.attempts, planned.attemptsToken);
}
