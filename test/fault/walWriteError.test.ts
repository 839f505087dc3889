// A write error in the middle of a group commit: the log's file system (a small tmpfs) runs out
// while a group of concurrent appends is being written, so part of the group reaches the file.
// Every append of that group must fail (none was synced), the torn bytes must not stay in the
// segment, and after the space comes back the log holds exactly the appends that succeeded, in
// order, also when reopened (a restart). Needs root for mount; says why when it skips.
import { statfsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { RowBatch } from '../../collector/src/store/insertBatches';
import { LogAdmission } from '../../collector/src/store/wal/admission';
import { WriteAheadLog } from '../../collector/src/store/wal/writeAheadLog';
import { normalize } from '../../collector/src/normalize/normalize';
import { decodeTraces } from '../../collector/src/otlp/decode';
import { syntheticExport } from '../support/syntheticSpans';
import { mountTmpfs, tmpfsRefusal, unmountTmpfs } from '../support/tmpfs';

const refusal = tmpfsRefusal();
const mountPoint = refusal === undefined ? mountTmpfs('2m') : '';
afterAll(() => unmountTmpfs());

const START_NS = BigInt(Date.now() - 600_000) * 1_000_000n;
function batch(first: number): RowBatch {
  const { calls, attempts } = normalize(
    decodeTraces(Buffer.from(JSON.stringify(syntheticExport(20, first, START_NS + BigInt(first) * 1_000_000_000n))), 'json'),
  );
  return { calls, attempts };
}
const freeBytes = () => Number(statfsSync(mountPoint).bavail) * Number(statfsSync(mountPoint).bsize);
const ids = (log: WriteAheadLog) => log.peek(1e9).map((e) => log.rowsOf(e).calls[0]!.spanId);

it('ENOSPC in the middle of a group: the whole group fails, nothing torn stays, the rest is intact after a restart', async (ctx) => {
  if (refusal !== undefined) {
    console.warn(`walWriteError.test: skipped: ${refusal}`);
    ctx.skip();
  }
  const dir = join(mountPoint, 'wal');
  const log = new WriteAheadLog(dir, { segmentBytes: 64 * 1024 * 1024, memoryCalls: 1e9 });
  const acked: RowBatch[] = [];
  for (let i = 0; i < 3; i++) {
    const b = batch(i * 100);
    await log.append('traces', b);
    acked.push(b);
  }
  // Leave room for about one and a half entries, then append eight at once: the first is written
  // alone (no sync was in flight), the other seven gather behind it into one group, which
  // runs out of space part-way through.
  const entryBytes = log.depth().bytes / 3;
  const filler = join(mountPoint, 'filler');
  writeFileSync(filler, Buffer.alloc(Math.max(0, freeBytes() - Math.round(entryBytes * 1.5))));
  const sizeBefore = log.depth().diskBytes;
  const batches = Array.from({ length: 8 }, (_, i) => batch(1000 + i * 100));
  const outcomes = await Promise.allSettled(batches.map((b) => log.append('traces', b)));
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', ...Array(7).fill('rejected')]);
  acked.push(batches[0]!);
  expect(freeBytes()).toBeLessThan(entryBytes); // the group did run out of space part-way
  expect((outcomes[1] as PromiseRejectedResult).reason.code).toBe('ENOSPC');
  const admission = new LogAdmission(dir, { minFreeBytes: 0, maxLogBytes: 1e12, maxBacklogCalls: 1e12 }, () => undefined);
  expect(admission.appendFailed((outcomes[1] as PromiseRejectedResult).reason).refusal).toBe('no_space');
  admission.close();
  // The torn group was cut off the file itself, not only forgotten.
  const expected = sizeBefore + (outcomes[0] as PromiseFulfilledResult<{ bytes: number }>).value.bytes;
  expect(log.depth().diskBytes).toBe(expected);
  expect(log.segmentFiles().reduce((n, name) => n + statSync(join(dir, name)).size, 0)).toBe(expected);
  expect(log.depth().entries).toBe(4);

  unlinkSync(filler); // the space comes back
  const after = batch(5000);
  await log.append('traces', after);
  acked.push(after);
  expect(ids(log)).toEqual(acked.map((b) => b.calls[0]!.spanId));
  log.close();

  const reopened = new WriteAheadLog(dir, { segmentBytes: 64 * 1024 * 1024, memoryCalls: 1e9 });
  expect(reopened.recovered).toBe(5);
  expect(ids(reopened)).toEqual(acked.map((b) => b.calls[0]!.spanId));
  expect(reopened.rowsOf(reopened.peek(1e9)[4]!)).toEqual(after); // bigint costs and times exact
  reopened.close();
});
