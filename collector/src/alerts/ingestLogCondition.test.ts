import { describe, expect, it } from 'vitest';
import type { WriterStatus } from '../store/writer';
import { ingestLogFindings } from './ingestLogCondition';
import { writeAheadLogFamilies } from './writeAheadLogMetrics';
import { conditionSchema } from './rule';

const MiB = 1024 * 1024;
const condition = conditionSchema.parse({ kind: 'ingest_log' }) as Extract<ReturnType<typeof conditionSchema.parse>, { kind: 'ingest_log' }>;

function status(over: { entries?: number; ageSeconds?: number; diskBytes?: number; freeBytes?: number; insertError?: string } = {}): WriterStatus {
  const refusals = { disk_below_floor: 3, log_full: 0, log_backlog: 0, no_space: 1, read_only: 0, io_error: 0, append_failed: 0, writer_busy: 0 };
  return {
    log: {
      entries: over.entries ?? 0,
      calls: (over.entries ?? 0) * 512,
      bytes: 0,
      diskBytes: over.diskBytes ?? 0,
      oldestAppendedAt: undefined,
      appends: 10,
      syncs: 4,
      syncMs: { p50: 2.5, p99: 40, max: 120 },
      oldestAgeSeconds: over.ageSeconds ?? 0,
    },
    admission: { freeBytes: over.freeBytes ?? 10_000 * MiB, minFreeBytes: 256 * MiB, maxLogBytes: 1024 * MiB, maxBacklogCalls: 100_000, refusals },
    insertError: over.insertError,
    storedEntries: 0,
    unreadableEntries: 0,
    lookedUpCalls: 1_536,
    recentCalls: null,
  };
}

describe('ingest_log condition', () => {
  it('defaults: 5 min, half the cap, twice the floor', () => {
    expect(condition).toEqual({ kind: 'ingest_log', maxAgeSeconds: 300, maxPercent: 50, freeSpaceFactor: 2 });
  });

  it('quiet while the log keeps up and the disk has room', () => {
    expect(ingestLogFindings(condition, status({ entries: 3, ageSeconds: 2, diskBytes: 10 * MiB }))).toEqual([]);
  });

  it('an old entry, a full log and a low disk are three alerts, each saying why', () => {
    const findings = ingestLogFindings(
      condition,
      status({
        entries: 40,
        ageSeconds: 900,
        diskBytes: 700 * MiB,
        freeBytes: 100 * MiB,
        insertError: 'ClickHouse calls-insert failed: Cannot reserve 1.00 MiB',
      }),
    );
    expect(findings.map((f) => f.subject)).toEqual(['ingest_log:age', 'ingest_log:size', 'ingest_log:free_space']);
    expect(findings[0]!.summary).toContain('Cannot reserve 1.00 MiB');
    expect(findings[2]!.summary).toContain('are being refused');
  });

  it('free space under twice the floor warns before refusals start', () => {
    const [finding] = ingestLogFindings(condition, status({ freeBytes: 400 * MiB }));
    expect(finding!.subject).toBe('ingest_log:free_space');
    expect(finding!.summary).toContain('will be refused');
  });
});

it('/metrics families: depth, age, free space against the floor, refusals by cause, group commit, durable-write time', () => {
  const families = writeAheadLogFamilies(status({ entries: 2, ageSeconds: 7, freeBytes: 300 * MiB }));
  const value = (name: string, labels: Record<string, string> = {}) =>
    families.find((f) => f.name === name)?.samples.find((s) => JSON.stringify(s.labels) === JSON.stringify(labels))?.value;
  expect([
    value('burnrate_wal_entries'),
    value('burnrate_wal_oldest_entry_age_seconds'),
    value('burnrate_wal_free_bytes'),
    value('burnrate_wal_min_free_bytes'),
  ]).toEqual([2, 7, 300 * MiB, 256 * MiB]);
  expect([value('burnrate_ingest_refusals_total', { cause: 'disk_below_floor' }), value('burnrate_ingest_refusals_total', { cause: 'no_space' })]).toEqual([
    3, 1,
  ]);
  expect([value('burnrate_wal_appends_total'), value('burnrate_wal_syncs_total')]).toEqual([10, 4]);
  expect(value('burnrate_writer_looked_up_calls_total')).toBe(1_536);
  // Memory of recent calls: no sample until it has forgotten some (and none on a server), then the minutes it held.
  expect(families.find((f) => f.name === 'burnrate_writer_recent_calls_held_minutes')?.samples).toEqual([]);
  expect(families.find((f) => f.name === 'burnrate_writer_recent_calls_needed_minutes')?.samples).toEqual([]);
  const short = { capacity: 1_000_000, heldMinutes: 0.5, neededMinutes: 1.2, enough: false, suggestedCapacity: 2_400_000 };
  const shortFamilies = writeAheadLogFamilies({ ...status(), recentCalls: short });
  const sampleOf = (name: string) => shortFamilies.find((f) => f.name === name)?.samples;
  expect(sampleOf('burnrate_writer_recent_calls_held_minutes')).toEqual([{ labels: {}, value: 0.5 }]);
  expect(sampleOf('burnrate_writer_recent_calls_needed_minutes')).toEqual([{ labels: {}, value: 1.2 }]);
  expect(['0.5', '0.99', '1'].map((quantile) => value('burnrate_wal_sync_seconds', { quantile }))).toEqual([0.0025, 0.04, 0.12]);
});
