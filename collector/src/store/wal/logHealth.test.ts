import { expect, it } from 'vitest';
import { INSERT_ERROR_WITHHELD, writeAheadLogHealth } from './logHealth';
import type { WriterStatus } from '../writer';

const failing: WriterStatus = {
  log: {
    entries: 3,
    calls: 30,
    bytes: 900,
    diskBytes: 4096,
    oldestAppendedAt: 0,
    appends: 3,
    syncs: 1,
    syncMs: { p50: 2.5, p99: 9, max: 12 },
    oldestAgeSeconds: 12.345,
  },
  admission: {
    freeBytes: 10 << 20,
    minFreeBytes: 1 << 20,
    maxLogBytes: 1 << 30,
    maxBacklogCalls: 100_000,
    refusals: { disk_below_floor: 0, log_full: 0, log_backlog: 0, no_space: 0, read_only: 0, io_error: 0, append_failed: 0, writer_busy: 0 },
  },
  insertError: 'Cannot reserve 1.00 MiB, not enough space: while pushing to view burnrate.llm_calls_by_user_daily_mv (/var/lib/burnrate/store/…)',
  storedEntries: 7,
  unreadableEntries: 0,
  lookedUpCalls: 4_096,
  recentCalls: null,
};

it('a public /healthz says that inserts fail, not ClickHouse own words (tables, paths); with detail, the words', () => {
  expect(writeAheadLogHealth(failing, false).insertError).toBe(INSERT_ERROR_WITHHELD);
  expect(JSON.stringify(writeAheadLogHealth(failing, false))).not.toMatch(/llm_calls|\/var\/lib/);
  expect(writeAheadLogHealth(failing, true).insertError).toBe(failing.insertError);
  expect(writeAheadLogHealth({ ...failing, insertError: undefined }, false).insertError).toBeNull();
  expect(writeAheadLogHealth(failing).oldestEntryAgeSeconds).toBe(12.3);
  // Public as well: a slow disk is a reason for slow acks, not a secret.
  expect(writeAheadLogHealth(failing, false).syncMs).toEqual({ p50: 2.5, p99: 9, max: 12 });
  // So is how many calls memory could not prove new: the reason ingest slows past its capacity.
  expect(writeAheadLogHealth(failing, false).lookedUpCalls).toBe(4_096);
});
