// The embedded engine's merge threads run at a lower priority than the rest of the process, read
// back from /proc as the kernel has them (the real engine, in this test's own process).
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postTraces, startCollector, type RunningCollector } from '../../../test/support/collector';
import { syntheticExport } from '../../../test/support/syntheticSpans';
import { MERGE_THREAD_NAME, MergePriority } from './mergePriority';

interface ThreadNow {
  tid: number;
  name: string;
  nice: number;
}

/** Every thread of this process, its name and its nice value (the 19th field of its stat). */
function threads(): ThreadNow[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [{ tid: Number(tid), name: readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(), nice: Number(fields[16]) }];
    } catch {
      return []; // ended since the listing
    }
  });
}

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector();
  // Parts to merge: a few inserts of their own.
  for (let k = 0; k < 4; k++) {
    const res = await postTraces(running.url, JSON.stringify(syntheticExport(20, k * 100, BigInt(Date.now() - 600_000) * 1_000_000n)), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(200);
  }
}, 60_000);
afterAll(() => running?.stop());

it.runIf(process.platform === 'linux')('gives every merge thread the nice value, and no other thread', async () => {
  const before = new Map(threads().map((t) => [t.tid, t.nice]));
  const warnings: string[] = [];
  const priority = new MergePriority(7, (line) => warnings.push(line));
  await priority.scanOnce();
  const after = threads();
  const merges = after.filter((t) => t.name === MERGE_THREAD_NAME);
  expect(merges.length).toBeGreaterThan(0);
  // A merge thread made after the scan would keep the process's own value; none is made in between here.
  expect(merges.map((t) => t.nice)).toEqual(merges.map(() => 7));
  for (const t of after.filter((t) => t.name !== MERGE_THREAD_NAME))
    expect({ name: t.name, nice: t.nice }).toEqual({ name: t.name, nice: before.get(t.tid) ?? t.nice });
  expect(priority.status()).toEqual({ nice: 7, lowered: merges.length, failed: 0 });
  expect(warnings).toEqual([]);
});

it.runIf(process.platform === 'linux')('the collector lowers its merge threads by default and shows it on /healthz', async () => {
  const health = await (await fetch(`${running.url}/healthz`)).json();
  expect(health.process.mergeThreads).toMatchObject({ nice: 5, failed: 0 });
  expect(health.process.mergeThreads.lowered).toBeGreaterThan(0);
});

it('a process whose threads cannot be listed says so once and counts every failure', async () => {
  const warnings: string[] = [];
  const priority = new MergePriority(10, (line) => warnings.push(line), '/nonexistent/task');
  await priority.scanOnce();
  await priority.scanOnce();
  expect(priority.status()).toMatchObject({ nice: 10, lowered: 0, failed: 2, lastError: expect.stringMatching(/cannot list the process's threads/) });
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/BURNRATE_MERGE_NICE/);
});
