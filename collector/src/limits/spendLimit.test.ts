import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readSpendLimitsFile } from './spendLimit';
import { removeTestDir } from '../../../test/support/removeTestDir';

// BURNRATE_SPEND_LIMITS_FILE: good entries are kept, each bad one is named (never silently dropped).
const dir = mkdtempSync(join(tmpdir(), 'burnrate-limits-'));
afterAll(() => removeTestDir(dir));

it('config-file-limits-kept-and-bad-entries-named', () => {
  const path = join(dir, 'limits.json');
  writeFileSync(
    path,
    JSON.stringify({
      limits: [
        { kind: 'tier_cap', amountUsd: 1000 },
        { kind: 'workspace_limit', workspace: 'search', amountUsd: 250, thresholdsPercent: [90] },
        { kind: 'workspace_limit', amountUsd: 5 },
      ],
    }),
  );
  const read = readSpendLimitsFile(path);
  expect(read.limits).toEqual([
    { id: 'tier_cap', kind: 'tier_cap', workspace: '', amountUsd: 1000, thresholdsPercent: [50, 80, 95], source: 'file' },
    { id: 'workspace:search', kind: 'workspace_limit', workspace: 'search', amountUsd: 250, thresholdsPercent: [90], source: 'file' },
  ]);
  expect(read.problems).toEqual([`${path}: limits[2]: a workspace limit names its workspace; the tier cap and organisation limit do not`]);
  expect(readSpendLimitsFile(join(dir, 'missing.json')).problems[0]).toMatch(/missing\.json: ENOENT/);
});
