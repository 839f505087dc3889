// The write-ahead log on /metrics: how much waits for ClickHouse, how old the oldest entry is,
// free space against the floor, and exports refused by cause.
import type { MetricFamily } from './prometheus';
import type { WriterStatus } from '../store/writer';

const gauge = (name: string, help: string, value: number): MetricFamily => ({ name, help, type: 'gauge', samples: [{ labels: {}, value }] });

export function writeAheadLogFamilies(status: WriterStatus): MetricFamily[] {
  const { log, admission } = status;
  const families = [
    gauge('burnrate_wal_entries', 'Accepted exports in the write-ahead log not yet stored in ClickHouse.', log.entries),
    gauge('burnrate_wal_calls', 'Calls in the write-ahead log not yet stored in ClickHouse.', log.calls),
    gauge('burnrate_wal_bytes', 'Bytes of write-ahead log entries not yet stored in ClickHouse.', log.bytes),
    gauge('burnrate_wal_disk_bytes', 'Bytes the write-ahead log files take on disk.', log.diskBytes),
    gauge('burnrate_wal_max_bytes', 'The write-ahead log size beyond which exports are refused (BURNRATE_LOG_MAX_BYTES).', admission.maxLogBytes),
    gauge(
      'burnrate_wal_max_backlog_calls',
      'Unstored calls beyond which exports are refused while ClickHouse takes writes (BURNRATE_LOG_MAX_BACKLOG_CALLS).',
      admission.maxBacklogCalls,
    ),
    gauge('burnrate_wal_oldest_entry_age_seconds', 'Age of the oldest write-ahead log entry not yet stored (0 when empty).', log.oldestAgeSeconds),
    gauge('burnrate_wal_min_free_bytes', 'The free-space floor below which exports are refused (BURNRATE_LOG_MIN_FREE_BYTES).', admission.minFreeBytes),
    {
      name: 'burnrate_wal_appends_total',
      help: 'Exports appended to the write-ahead log (synced) since the collector started.',
      type: 'counter',
      samples: [{ labels: {}, value: log.appends }],
    },
    {
      name: 'burnrate_wal_syncs_total',
      help: 'fdatasync calls of the write-ahead log since the collector started (group commit: one serves many appends).',
      type: 'counter',
      samples: [{ labels: {}, value: log.syncs }],
    },
    {
      name: 'burnrate_wal_sync_seconds',
      help: 'Time of a durable write (write + sync) of the write-ahead log over the last minute, by quantile: every acknowledgement waits for one.',
      type: 'gauge',
      samples: [
        { labels: { quantile: '0.5' }, value: log.syncMs.p50 / 1000 },
        { labels: { quantile: '0.99' }, value: log.syncMs.p99 / 1000 },
        { labels: { quantile: '1' }, value: log.syncMs.max / 1000 },
      ],
    },
    {
      name: 'burnrate_wal_stored_entries_total',
      help: 'Write-ahead log entries stored in ClickHouse since the collector started.',
      type: 'counter',
      samples: [{ labels: {}, value: status.storedEntries }],
    },
    {
      name: 'burnrate_writer_looked_up_calls_total',
      help: 'Calls looked up in ClickHouse before their insert because memory could not prove them new: a replay, calls that may overlap those stored before a restart, a second span of a stored call, or calls that may overlap calls memory forgot.',
      type: 'counter',
      samples: [{ labels: {}, value: status.lookedUpCalls }],
    },
    {
      name: 'burnrate_writer_recent_calls_held_minutes',
      help: 'Minutes of calls memory of recent calls held when it last forgot some (none until it has). Below burnrate_writer_recent_calls_needed_minutes, new calls that may overlap those forgotten are looked up in ClickHouse and ingest slows: raise BURNRATE_RECENT_CALLS (/healthz writeAheadLog.recentCalls suggests a value).',
      type: 'gauge',
      samples: status.recentCalls?.heldMinutes == null ? [] : [{ labels: {}, value: status.recentCalls.heldMinutes }],
    },
    {
      name: 'burnrate_writer_recent_calls_needed_minutes',
      help: "Minutes of calls memory of recent calls needed to hold when it last forgot some: how far the forgotten calls reached past their start (the longest calls), and 30 s for two instrumentations' clocks.",
      type: 'gauge',
      samples: status.recentCalls?.neededMinutes == null ? [] : [{ labels: {}, value: status.recentCalls.neededMinutes }],
    },
    {
      name: 'burnrate_wal_unreadable_entries_total',
      help: 'Acknowledged write-ahead log entries that could not be read back (lost to disk corruption).',
      type: 'counter',
      samples: [{ labels: {}, value: status.unreadableEntries }],
    },
    {
      name: 'burnrate_ingest_refusals_total',
      help: 'Exports answered 503 + Retry-After by the write-ahead log, by cause.',
      type: 'counter',
      samples: Object.entries(admission.refusals).map(([cause, value]) => ({ labels: { cause }, value })),
    },
  ] satisfies MetricFamily[];
  if (admission.freeBytes !== undefined)
    families.push(gauge('burnrate_wal_free_bytes', "Free bytes on the write-ahead log's file system.", admission.freeBytes));
  return families;
}
