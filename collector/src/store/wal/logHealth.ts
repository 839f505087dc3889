// The write-ahead log as /healthz shows it: depth, the oldest entry's age, free space against the
// floor, refusals by cause, and whether ClickHouse is taking the log's entries.
import type { RecentCallsCoverage } from '../recentCalls';
import type { WriterStatus } from '../writer';
import type { LogDepth } from './writeAheadLog';
import type { RefusalCause } from './admission';

export interface WriteAheadLogHealth {
  accepting: boolean;
  entries: number;
  calls: number;
  bytes: number;
  diskBytes: number;
  oldestEntryAgeSeconds: number;
  freeBytes: number | null;
  minFreeBytes: number;
  maxBytes: number;
  /** Unstored calls beyond which exports are refused while ClickHouse takes writes (BURNRATE_LOG_MAX_BACKLOG_CALLS). */
  maxBacklogCalls: number;
  refusals: Record<RefusalCause, number>;
  /** A durable write's time over the last minute (ms): every 200 waits for one, so a slow disk shows here first. */
  syncMs: LogDepth['syncMs'];
  /** Calls looked up in ClickHouse before their insert since start: memory could not prove them new (writer.ts WriterStatus). */
  lookedUpCalls: number;
  /** Whether memory of recent calls holds the calls new ones may overlap, and what BURNRATE_RECENT_CALLS would (memoryHoles.ts); null on a server. */
  recentCalls: RecentCallsCoverage | null;
  insertError: string | null;
}

/** What a public /healthz says instead of ClickHouse's own message (which names tables and paths). */
export const INSERT_ERROR_WITHHELD = "ClickHouse is not taking the log's entries; the collector's log says why";

/**
 * `detail`: ClickHouse's error text as it is. /healthz is public for orchestrators; with sign-in
 * on, it says only that inserts fail (the collector's log line and an admin's /metrics say more).
 */
export function writeAheadLogHealth(status: WriterStatus, detail = true): WriteAheadLogHealth {
  const { log, admission } = status;
  const belowFloor = admission.freeBytes !== undefined && admission.freeBytes < admission.minFreeBytes;
  return {
    accepting: !belowFloor && log.diskBytes < admission.maxLogBytes && (status.insertError !== undefined || log.calls < admission.maxBacklogCalls),
    entries: log.entries,
    calls: log.calls,
    bytes: log.bytes,
    diskBytes: log.diskBytes,
    oldestEntryAgeSeconds: Math.round(log.oldestAgeSeconds * 10) / 10,
    freeBytes: admission.freeBytes ?? null,
    minFreeBytes: admission.minFreeBytes,
    maxBytes: admission.maxLogBytes,
    maxBacklogCalls: admission.maxBacklogCalls,
    refusals: admission.refusals,
    syncMs: log.syncMs,
    lookedUpCalls: status.lookedUpCalls,
    recentCalls: status.recentCalls,
    insertError: status.insertError === undefined ? null : detail ? status.insertError : INSERT_ERROR_WITHHELD,
  };
}
