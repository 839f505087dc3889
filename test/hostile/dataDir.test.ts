// The host's faults, on a real small tmpfs: a data directory that is read-only or full at start
// is refused at once with the cause and the setting to change; a disk that fills while the
// collector runs answers API changes with 503 + Retry-After (not a 500), keeps answering reads
// with everything acknowledged before, and takes changes again once space is freed. The ingest
// log's own behaviour on a full disk under load is the write-ahead log's tests (test/fault/).
// Needs root for mount(8); skipped with the reason where that is not allowed.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { startCollector, type RunningCollector } from '../support/collector';
import { postFinanceCalls } from '../support/financeCalls';
import { mountTmpfs, tmpfsRefusal, unmountTmpfs } from '../support/tmpfs';

const fill = (dir: string) => {
  // dd stops at ENOSPC with a non-zero status; the disk is then full, which is the point.
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=64k'], { stdio: 'pipe' });
  } catch {
    /* full */
  }
};

const mountRefusal = tmpfsRefusal();

afterAll(() => unmountTmpfs());

describe.skipIf(mountRefusal !== undefined)(`the data directory at start ${mountRefusal ?? ''}`, () => {
  it('read-only: refused at once, naming the directory, the setting and the cause', async () => {
    const dir = mountTmpfs('1m', 'ro');
    await expect(startCollector({}, [], { dataDir: dir })).rejects.toThrow(
      /cannot be written: EROFS.*BURNRATE_DATA_DIR|BURNRATE_DATA_DIR.*cannot be written: EROFS/s,
    );
  });

  it('full: refused at once with how much is free and how much is needed', async () => {
    const dir = mountTmpfs('4m');
    fill(dir);
    await expect(startCollector({}, [], { dataDir: dir })).rejects.toThrow(/BURNRATE_DATA_DIR.*(free; the collector needs at least|ENOSPC)/s);
  });
});

describe.skipIf(mountRefusal !== undefined)(`a disk that fills while the collector runs ${mountRefusal ?? ''}`, () => {
  let running: RunningCollector | undefined;
  afterAll(async () => {
    await running?.stop().catch(() => undefined);
  });

  it('changes answer 503 with Retry-After, reads keep every acknowledged call, and all recovers when space is freed', async () => {
    const dir = mountTmpfs('96m');
    running = await startCollector({ BURNRATE_MIN_FREE_MB: '8', BURNRATE_LOG_MIN_FREE_BYTES: String(8 * 1024 * 1024) }, DEFAULT_MODULES, { dataDir: dir });
    const range = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    const calls = Array.from({ length: 20 }, (_, i) => ({
      at: new Date(Date.now() - 60_000 - i * 1000),
      model: 'claude-sonnet-4-5',
      team: 'disk',
      input: 100,
      output: 10,
    }));
    await postFinanceCalls(running.url, calls);
    const stored = async () => (await (await fetch(`${running!.url}/api/v1/summary?${range}`)).json()).calls as number;
    await vi.waitFor(async () => expect(await stored()).toBe(20), { timeout: 10_000 });

    fill(dir);
    const budget = { name: 'disk', scope: { kind: 'all', value: '' }, period: 'day', amountUsd: 5 };
    const post = () =>
      fetch(`${running!.url}/api/v1/budgets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(budget) });
    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect((await refused.json()).message).toContain('disk is full or read-only');
    // Reads need no space: every call acknowledged before is still counted.
    expect(await stored()).toBe(20);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);

    rmSync(join(dir, 'filler'));
    const accepted = await post();
    expect(accepted.status).toBe(201);
    expect(await stored()).toBe(20);
  }, 120_000);
});
