// The guard's decision for one call, from the last budget snapshot: pure and synchronous, so it
// costs the call path nothing but a loop over a few budgets.
import { canonicalModelId } from '@burnrate/contract';
import { BudgetExceededError, exceededBudget, type ExceededBudget } from './budgetExceededError';
import type { BudgetSnapshot } from './statusSnapshot';

export type GuardMode = 'warn' | 'block' | 'downgrade';

/** Who is calling and with which model; what the budgets' scopes are matched against. */
export interface GuardCall {
  model: string;
  service?: string | undefined;
  team?: string | undefined;
  project?: string | undefined;
  feature?: string | undefined;
  user?: string | undefined;
}

export interface DowngradeOptions {
  /** One step down per entry, e.g. { 'claude-opus-4-6': 'claude-sonnet-4-6', 'claude-sonnet-4-6': 'claude-haiku-4-5' }. */
  models: Readonly<Record<string, string>>;
  /** When the model has no cheaper step: let the call through with a warning (default) or block it. */
  whenNoDowngrade?: 'warn' | 'block';
}

export type GuardDecision =
  | { action: 'allow'; reason: 'within-budget' | 'no-status-yet' | 'collector-unreachable' | 'guard-error' }
  | { action: 'warn'; budgets: ExceededBudget[]; reason: 'over-budget' | 'no-downgrade' }
  | { action: 'block'; budgets: ExceededBudget[]; error: BudgetExceededError }
  | { action: 'downgrade'; budgets: ExceededBudget[]; fromModel: string; toModel: string };

// The collector's own canonical id (one module, in the contract), so a budget on
// "claude-opus-4-6" covers every spelling the collector counts under it: "claude-opus-4-6-20260101",
// "us.anthropic.claude-opus-4-6-v1", "claude-opus-4-6@20260101", "claude-opus-4-6[1m]", …
export const canonicalModel: (model: string) => string = canonicalModelId;

function inScope(budget: BudgetSnapshot, call: GuardCall): boolean {
  const { kind, value } = budget.scope;
  switch (kind) {
    case 'all':
      return true;
    case 'model':
      return canonicalModel(call.model) === value;
    default:
      return call[kind] === value;
  }
}

function exceededFor(budgets: readonly BudgetSnapshot[], call: GuardCall, nowMs: number): BudgetSnapshot[] {
  // A budget exceeded last period is fresh again once its period ended, even before the next poll.
  return budgets.filter((b) => b.exceeded && nowMs < b.periodEndMs && inScope(b, call));
}

function nextModel(models: Readonly<Record<string, string>>, model: string): string | undefined {
  return models[model] ?? models[canonicalModel(model)];
}

export function decide(
  budgets: readonly BudgetSnapshot[],
  call: GuardCall,
  mode: GuardMode,
  downgrade: DowngradeOptions | undefined,
  nowMs: number,
): GuardDecision {
  const hit = exceededFor(budgets, call, nowMs);
  if (hit.length === 0) return { action: 'allow', reason: 'within-budget' };
  const named = hit.map(exceededBudget);
  const block = (): GuardDecision => ({ action: 'block', budgets: named, error: new BudgetExceededError(named) });
  switch (mode) {
    case 'warn':
      return { action: 'warn', budgets: named, reason: 'over-budget' };
    case 'block':
      return block();
    case 'downgrade': {
      const models = downgrade?.models ?? {};
      // A map may loop (a → b → a, or a → a): a model already on the path ends the walk, so the
      // result is never the requested model nor one passed through.
      const seen = new Set([canonicalModel(call.model)]);
      const unseen = (model: string | undefined) => (model === undefined || seen.has(canonicalModel(model)) ? undefined : model);
      let model = unseen(nextModel(models, call.model));
      if (model === undefined) return downgrade?.whenNoDowngrade === 'block' ? block() : { action: 'warn', budgets: named, reason: 'no-downgrade' };
      // One step, and further only while a budget on the cheaper model itself is used up: a team's
      // budget stays exceeded whatever the model, so it alone never walks down the whole chain.
      for (;;) {
        seen.add(canonicalModel(model));
        const modelBudgetHit = exceededFor(budgets, { ...call, model }, nowMs).some((b) => b.scope.kind === 'model');
        const next = unseen(nextModel(models, model));
        if (!modelBudgetHit || next === undefined) break;
        model = next;
      }
      return { action: 'downgrade', budgets: named, fromModel: call.model, toModel: model };
    }
    default: {
      const never: never = mode;
      throw new Error(`unknown guard mode ${String(never)}`);
    }
  }
}
