// The operator's file wins: a limit set in BURNRATE_SPEND_LIMITS_FILE is listed as the file's, a
// dashboard edit of the same limit is refused with a message naming the file, other limits can
// still be entered, and a bad entry in the file is named in the answer, not silently dropped.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SpendLimitsResponse } from '@burnrate/contract';
import { startCollector, type RunningCollector } from '../../../test/support/collector';
import { limitsModule } from './module';
import { removeTestDir } from '../../../test/support/removeTestDir';

const dir = mkdtempSync(join(tmpdir(), 'burnrate-limits-file-'));
const file = join(dir, 'limits.json');
let running: RunningCollector;

beforeAll(async () => {
  writeFileSync(
    file,
    JSON.stringify({
      limits: [
        { kind: 'tier_cap', amountUsd: 500 },
        { kind: 'org_limit', amountUsd: -3 },
      ],
    }),
  );
  running = await startCollector({ BURNRATE_SPEND_LIMITS_FILE: file }, [limitsModule()]);
});
afterAll(async () => {
  await running?.stop();
  removeTestDir(dir);
});

const put = (body: unknown) =>
  fetch(`${running.url}/api/v1/limits/spend`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

it('lists the file limit as the file one, refuses a dashboard edit of it naming the file, names the bad entry', async () => {
  const refused = await put({ kind: 'tier_cap', amountUsd: 5000 });
  expect(refused.status).toBe(400);
  expect(await refused.text()).toContain(`BURNRATE_SPEND_LIMITS_FILE (${file})`);
  expect((await put({ kind: 'workspace_limit', workspace: 'search', amountUsd: 200 })).status).toBe(200);

  const listed = (await (await fetch(`${running.url}/api/v1/limits/spend`)).json()) as SpendLimitsResponse;
  expect(listed.limits.map((s) => [s.limit.id, s.limit.source, s.limit.amountUsd])).toEqual([
    ['tier_cap', 'file', 500],
    ['workspace:search', 'dashboard', 200],
  ]);
  expect(listed.fileProblems).toEqual([expect.stringContaining(`${file}: limits[1]`)]);
});
