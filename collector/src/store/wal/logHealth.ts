// The write-ahead log as /healthz shows it: depth, the oldest entry's age, free space against the
// floor, refusals by cause, and whether ClickHouse is taking the log's entries.
import type { WriterStatus } from '../writer';
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
  refusals: Record<RefusalCause, number>;
  insertError: string | null;
}

export function writeAheadLogHealth(status: WriterStatus): WriteAheadLogHealth {
  const { log, admission } = status;
  const belowFloor = admission.freeBytes !== undefined && admission.freeBytes < admission.minFreeBytes;
  return {
    accepting: !belowFloor && log.diskBytes < admission.maxLogBytes,
    entries: log.entries,
    calls: log.calls,
    bytes: log.bytes,
    diskBytes: log.diskBytes,
    oldestEntryAgeSeconds: Math.round(log.oldestAgeSeconds * 10) / 10,
    freeBytes: admission.freeBytes ?? null,
    minFreeBytes: admission.minFreeBytes,
    maxBytes: admission.maxLogBytes,
    refusals: admission.refusals,
    insertError: status.insertError ?? null,
  };
}
