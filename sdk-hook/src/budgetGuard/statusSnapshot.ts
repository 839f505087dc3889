// What the guard keeps from GET /api/v1/budgets/status: per budget, its scope and whether it is
// used up, until when. Checked by hand (the hook has no schema library): a budget entry that
// does not have the expected shape is skipped, never trusted.

export const BUDGET_STATUS_PATH = '/api/v1/budgets/status';

export type ScopeKind = 'all' | 'service' | 'team' | 'project' | 'feature' | 'model' | 'user';
const SCOPE_KINDS = new Set<string>(['all', 'service', 'team', 'project', 'feature', 'model', 'user']);

export interface BudgetSnapshot {
  id: string;
  name: string;
  scope: { kind: ScopeKind; value: string };
  amountUsd: number;
  spentUsd: number;
  exceeded: boolean;
  /** Epoch ms; after it the spend counts toward a new period, so the budget no longer stands exceeded. */
  periodEndMs: number;
}

/** The part of the collector's BudgetStatusResponse the guard reads (the test checks they agree). */
export interface StatusBody {
  budgets: {
    budget: { id: string; name: string; scope: { kind: string; value: string }; amountUsd: number };
    spentUsd: number;
    exceeded: boolean;
    periodEnd: string;
  }[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function snapshotOf(entry: unknown): BudgetSnapshot | undefined {
  if (!isObject(entry) || !isObject(entry.budget) || !isObject(entry.budget.scope)) return undefined;
  const { budget } = entry;
  const scope = budget.scope as Record<string, unknown>;
  const periodEndMs = typeof entry.periodEnd === 'string' ? Date.parse(entry.periodEnd) : NaN;
  if (
    typeof budget.id !== 'string' ||
    typeof budget.name !== 'string' ||
    typeof scope.kind !== 'string' ||
    !SCOPE_KINDS.has(scope.kind) ||
    typeof scope.value !== 'string' ||
    typeof budget.amountUsd !== 'number' ||
    typeof entry.spentUsd !== 'number' ||
    typeof entry.exceeded !== 'boolean' ||
    Number.isNaN(periodEndMs)
  ) {
    return undefined;
  }
  return {
    id: budget.id,
    name: budget.name,
    scope: { kind: scope.kind as ScopeKind, value: scope.value },
    amountUsd: budget.amountUsd,
    spentUsd: entry.spentUsd,
    exceeded: entry.exceeded,
    periodEndMs,
  };
}

/** undefined when the body is not a status answer at all. */
export function parseStatus(body: unknown): BudgetSnapshot[] | undefined {
  if (!isObject(body) || !Array.isArray(body.budgets)) return undefined;
  return body.budgets.map(snapshotOf).filter((s): s is BudgetSnapshot => s !== undefined);
}
