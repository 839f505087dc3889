// The ingest_log condition: the collector's write-ahead log (store/wal) read from memory, not
// from ClickHouse — it is the alert for when ClickHouse is the thing that is not keeping up.
// Each subject is its own alert: entries getting old, the log filling its cap, the disk
// running out under it (before the floor refuses exports, and while it does).
import type { AlertCondition } from '@burnrate/contract';
import type { WriterStatus } from '../store/writer';
import type { Finding } from './conditions';

type IngestLogCondition = Extract<AlertCondition, { kind: 'ingest_log' }>;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

export function ingestLogFindings(condition: IngestLogCondition, status: WriterStatus | undefined): Finding[] {
  if (!status) return [];
  const { log, admission } = status;
  const findings: Finding[] = [];
  const waiting = `${log.entries} export(s), ${log.calls} call(s) not yet in ClickHouse`;
  const why = status.insertError ? ` The last insert failed: ${status.insertError}` : ' ClickHouse is taking them more slowly than they arrive.';
  if (log.entries > 0 && log.oldestAgeSeconds > condition.maxAgeSeconds) {
    findings.push({
      subject: 'ingest_log:age',
      value: Math.round(log.oldestAgeSeconds),
      summary: `The oldest accepted export has waited ${Math.round(log.oldestAgeSeconds)} s in the write-ahead log (threshold ${condition.maxAgeSeconds} s): ${waiting}.${why}`,
      labels: { cause: 'age' },
    });
  }
  const percent = (100 * log.diskBytes) / admission.maxLogBytes;
  if (percent > condition.maxPercent) {
    findings.push({
      subject: 'ingest_log:size',
      value: Math.round(percent),
      summary: `The write-ahead log takes ${mib(log.diskBytes)}, ${Math.round(percent)}% of its cap of ${mib(admission.maxLogBytes)} (BURNRATE_LOG_MAX_BYTES; threshold ${condition.maxPercent}%); at the cap, exports are refused with 503. ${waiting}.`,
      labels: { cause: 'size' },
    });
  }
  if (admission.freeBytes !== undefined && admission.freeBytes < admission.minFreeBytes * condition.freeSpaceFactor) {
    const refusing = admission.freeBytes < admission.minFreeBytes;
    findings.push({
      subject: 'ingest_log:free_space',
      value: admission.freeBytes,
      summary:
        `${mib(admission.freeBytes)} free on the write-ahead log's disk; the floor is ${mib(admission.minFreeBytes)} (BURNRATE_LOG_MIN_FREE_BYTES). ` +
        (refusing ? 'Exports are being refused with 503 until space is freed.' : 'Below the floor, exports will be refused with 503.'),
      labels: { cause: 'free_space' },
    });
  }
  return findings;
}
