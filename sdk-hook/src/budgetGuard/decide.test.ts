// The guard matches a model-scoped budget with the collector's canonical id, so every spelling the
// collector counts under a model is also enforced under it (issue 12: the guard's own copy missed
// Bedrock, Vertex, gateway and Claude Code spellings, so such budgets were counted, never enforced).
import { canonicalModelId } from '@burnrate/contract';
import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import type { BudgetSnapshot } from './statusSnapshot';

const NOW = Date.UTC(2026, 11, 6, 12);

function modelBudget(value: string): BudgetSnapshot {
  return { id: 'b1', name: `model ${value}`, scope: { kind: 'model', value }, amountUsd: 10, spentUsd: 12, exceeded: true, periodEndMs: NOW + 3_600_000 };
}

describe('a model budget is enforced under every spelling the collector counts it under', () => {
  it.each([
    ['us.anthropic.claude-opus-4-6-v1', 'claude-opus-4-6'],
    ['claude-opus-4-6@20260101', 'claude-opus-4-6'],
    ['anthropic/claude-sonnet-4.6', 'claude-sonnet-4-6'],
    ['claude-opus-4-6[1m]', 'claude-opus-4-6'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
  ])('%s blocks under a budget on %s', (called, budgeted) => {
    // The collector stores the call under this id; the guard must land on the same one.
    expect(canonicalModelId(called)).toBe(budgeted);
    const decision = decide([modelBudget(budgeted)], { model: called }, 'block', undefined, NOW);
    expect(decision.action).toBe('block');
  });

  it('another model passes', () => {
    expect(decide([modelBudget('claude-opus-4-6')], { model: 'us.anthropic.claude-sonnet-4-6' }, 'block', undefined, NOW).action).toBe('allow');
  });
});
