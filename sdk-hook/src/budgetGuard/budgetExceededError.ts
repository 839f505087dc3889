// Thrown by a guard in block mode before any request is sent. It names the budgets, so the
// app can tell its user which limit was reached and when it resets.
import type { BudgetSnapshot } from './statusSnapshot';

export interface ExceededBudget {
  id: string;
  name: string;
  scope: { kind: string; value: string };
  amountUsd: number;
  spentUsd: number;
  /** ISO 8601: when the period ends and the budget starts afresh. */
  resetsAt: string;
}

export function exceededBudget(s: BudgetSnapshot): ExceededBudget {
  return { id: s.id, name: s.name, scope: s.scope, amountUsd: s.amountUsd, spentUsd: s.spentUsd, resetsAt: new Date(s.periodEndMs).toISOString() };
}

export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';

  constructor(readonly budgets: readonly ExceededBudget[]) {
    super(
      `burnrate budget exceeded: ${budgets
        .map(
          (b) =>
            `"${b.name}" ($${b.spentUsd} of $${b.amountUsd} spent${b.scope.kind === 'all' ? '' : ` by ${b.scope.kind} ${b.scope.value}`}, resets ${b.resetsAt})`,
        )
        .join('; ')}`,
    );
  }
}
