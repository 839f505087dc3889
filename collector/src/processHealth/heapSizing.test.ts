// Who sized the JavaScript heap, and the start-up line when it is small enough to slow ingest.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { COLLECTOR_NODE_FLAGS, FAST_OLD_SPACE_MIB, heapSizing, startupMemoryNotices } from './heapSizing';

const MIB = 1024 * 1024;
const NO_LIMIT = 2 ** 64; // what libuv answers without a cgroup limit

it('a --max-old-space-size in the flags or in NODE_OPTIONS (either spelling) is the operator choosing; otherwise V8 chose', () => {
  expect(heapSizing(['--max-old-space-size=256'], '', 300 * MIB, NO_LIMIT).heapSizedBy).toBe('flag');
  expect(heapSizing([], '--max_old_space_size=256 --trace-warnings', 300 * MIB, NO_LIMIT).heapSizedBy).toBe('flag');
  expect(heapSizing(['--max-semi-space-size=16'], '--trace-warnings', 300 * MIB, NO_LIMIT).heapSizedBy).toBe('v8');
});

it('a memory limit is reported only when there is one', () => {
  expect(heapSizing([], '', 300 * MIB, 512 * MIB).memoryLimitBytes).toBe(512 * MIB);
  for (const none of [NO_LIMIT, 0, undefined]) expect(heapSizing([], '', 300 * MIB, none)).not.toHaveProperty('memoryLimitBytes');
});

it('a heap V8 sized small is a warning that says the limit and the flag; one the operator chose is a note; a large one, nothing', () => {
  const [chosenByV8, ...more] = startupMemoryNotices(heapSizing([], '', 560 * MIB, 1024 * MIB), true);
  expect(more).toEqual([]);
  expect(chosenByV8!.level).toBe('warn');
  expect(chosenByV8!.message).toContain('560 MiB from the 1024 MiB memory limit');
  expect(chosenByV8!.message).toContain(`--max-old-space-size=${FAST_OLD_SPACE_MIB}`);
  const chosenByOperator = startupMemoryNotices(heapSizing(['--max-old-space-size=512'], '', 560 * MIB, 1024 * MIB), true);
  expect(chosenByOperator.map((n) => n.level)).toEqual(['info']);
  expect(chosenByOperator[0]!.message).toContain('560 MiB by --max-old-space-size, as given');
  expect(startupMemoryNotices(heapSizing([], '', 4144 * MIB, NO_LIMIT), true)).toEqual([]);
});

it('a memory limit under 1 GiB is a warning for the embedded store, not for a ClickHouse server', () => {
  const small = heapSizing(COLLECTOR_NODE_FLAGS, '', 2096 * MIB, 512 * MIB);
  const [notice, ...more] = startupMemoryNotices(small, true);
  expect(more).toEqual([]);
  expect(notice!.level).toBe('warn');
  expect(notice!.message).toContain('512 MiB memory limit is below the 1 GiB');
  expect(startupMemoryNotices(small, false)).toEqual([]);
  expect(startupMemoryNotices(heapSizing(COLLECTOR_NODE_FLAGS, '', 2096 * MIB, 1024 * MIB), true)).toEqual([]);
});

it("node started with the collector's flags gets a heap that is not slow, and says so itself", () => {
  const module = fileURLToPath(new URL('./heapSizing.ts', import.meta.url));
  const script = `import(${JSON.stringify(module)}).then((m) => { const s = m.heapSizing(); console.log(JSON.stringify({ s, notices: m.startupMemoryNotices(s, true) })); })`;
  const run = (flags: readonly string[]) =>
    JSON.parse(execFileSync(process.execPath, [...flags, '--import', 'tsx', '-e', script], { env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8' }));
  const fast = run(COLLECTOR_NODE_FLAGS);
  expect(fast.s.heapSizedBy).toBe('flag');
  expect(fast.s.heapLimitBytes).toBeGreaterThanOrEqual(FAST_OLD_SPACE_MIB * MIB);
  expect(fast.notices).toEqual([]);
  const small = run(['--max-old-space-size=256']);
  expect(small.s.heapLimitBytes).toBeLessThan(FAST_OLD_SPACE_MIB * MIB);
  expect(small.notices.map((n: { level: string }) => n.level)).toEqual(['info']);
});
