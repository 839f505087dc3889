// Spend limits as data: the usage tier's monthly cap and the organisation or workspace limits
// set in Anthropic's Console, entered here (dashboard) or in BURNRATE_SPEND_LIMITS_FILE.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SpendLimit, SpendLimitKind } from '@burnrate/contract';

export const SPEND_LIMIT_KINDS = ['tier_cap', 'org_limit', 'workspace_limit'] as const satisfies readonly SpendLimitKind[];
export const DEFAULT_THRESHOLDS = [50, 80, 95];

export const spendLimitInputSchema = z
  .object({
    kind: z.enum(SPEND_LIMIT_KINDS),
    workspace: z.string().trim().max(128).default(''),
    amountUsd: z.number().positive().max(100_000_000),
    thresholdsPercent: z.array(z.number().gt(0).max(100)).max(10).default(DEFAULT_THRESHOLDS),
  })
  .strict()
  .refine((l) => (l.kind === 'workspace_limit') === (l.workspace !== ''), {
    message: 'a workspace limit names its workspace; the tier cap and organisation limit do not',
  });

/** A stable id per what the limit is for: one tier cap, one organisation limit, one limit per workspace. */
export function spendLimitId(kind: SpendLimitKind, workspace: string): string {
  return kind === 'workspace_limit' ? `workspace:${workspace}` : kind;
}

export interface FileLimits {
  limits: SpendLimit[];
  problems: string[];
}

/** `{ "limits": [{ "kind": "tier_cap", "amountUsd": 1000 }, …] }`; each bad entry is named, the rest kept. */
export function readSpendLimitsFile(path: string | undefined): FileLimits {
  if (!path) return { limits: [], problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { limits: [], problems: [`${path}: ${(error as Error).message}`] };
  }
  const entries = (parsed as { limits?: unknown })?.limits;
  if (!Array.isArray(entries)) return { limits: [], problems: [`${path}: expected { "limits": [...] }`] };
  const limits: SpendLimit[] = [];
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    const result = spendLimitInputSchema.safeParse(entry);
    if (!result.success) problems.push(`${path}: limits[${i}]: ${result.error.issues.map((x) => x.message).join('; ')}`);
    else limits.push({ ...result.data, id: spendLimitId(result.data.kind, result.data.workspace), source: 'file' });
  });
  return { limits, problems };
}

export const KIND_NAMES: Record<SpendLimitKind, string> = {
  tier_cap: 'monthly spend cap of the usage tier',
  org_limit: 'organisation spend limit',
  workspace_limit: 'workspace spend limit',
};
