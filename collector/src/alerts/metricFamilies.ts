// What /metrics shows, as data: usage counters by service/team/model, budget gauges by budget,
// and firing alerts by rule. Names follow Prometheus conventions (base units, _total counters).
import { type BudgetStatus, nanoToUsd } from '@burnrate/contract';
import type { attemptCounters, callCounters } from './metricsQueries';
import type { MetricFamily } from './prometheus';
import type { AlertStateRecord } from './stateTable';

type CallCounter = Awaited<ReturnType<typeof callCounters>>[number];
type AttemptCounter = Awaited<ReturnType<typeof attemptCounters>>[number];

export interface MetricsInput {
  since: Date;
  calls: CallCounter[];
  attempts: AttemptCounter[];
  budgets: BudgetStatus[];
  firing: AlertStateRecord[];
}

const SINCE = 'since the collector started';
const TOKEN_TYPES = [
  ['input', 'input_tokens'],
  ['output', 'output_tokens'],
  ['cache_read', 'cache_read_tokens'],
  ['cache_write_5m', 'cache_write_5m_tokens'],
  ['cache_write_1h', 'cache_write_1h_tokens'],
] as const;

const seriesLabels = (r: { service: string; team: string; model: string }) => ({ service: r.service, team: r.team, model: r.model });

function budgetLabels(s: BudgetStatus) {
  const b = s.budget;
  return { budget_id: b.id, budget_name: b.name, scope_kind: b.scope.kind, scope_value: b.scope.value, period: b.period };
}

function counter(name: string, help: string, samples: MetricFamily['samples']): MetricFamily {
  return { name, help, type: 'counter', samples };
}

function gauge(name: string, help: string, samples: MetricFamily['samples']): MetricFamily {
  return { name, help, type: 'gauge', samples };
}

export function metricFamilies(input: MetricsInput): MetricFamily[] {
  const { calls, attempts, budgets } = input;
  const firingByRule = new Map<string, { labels: Record<string, string>; value: number }>();
  for (const s of input.firing) {
    const entry = firingByRule.get(s.ruleId) ?? { labels: { rule_id: s.ruleId, rule_name: s.ruleName, rule_kind: s.ruleKind, severity: s.severity }, value: 0 };
    entry.value++;
    firingByRule.set(s.ruleId, entry);
  }
  return [
    gauge('burnrate_counters_start_time_seconds', 'When the counters below started counting (the collector start), in Unix seconds.', [
      { labels: {}, value: input.since.getTime() / 1000 },
    ]),
    counter(
      'burnrate_calls_total',
      `Claude API calls ${SINCE}.`,
      calls.map((r) => ({ labels: seriesLabels(r), value: r.calls })),
    ),
    counter(
      'burnrate_call_errors_total',
      `Calls that failed (HTTP error status or an error type) ${SINCE}.`,
      calls.map((r) => ({ labels: seriesLabels(r), value: r.errors })),
    ),
    counter(
      'burnrate_spend_usd_total',
      `Spend in USD of priced calls ${SINCE}.`,
      calls.map((r) => ({ labels: seriesLabels(r), value: nanoToUsd(r.cost_nano) })),
    ),
    counter(
      'burnrate_unpriced_calls_total',
      `Calls to models with no price (not in spend) ${SINCE}.`,
      calls.map((r) => ({ labels: seriesLabels(r), value: r.unpriced_calls })),
    ),
    counter(
      'burnrate_tokens_total',
      `Tokens ${SINCE}, by type (input is uncached input; cache reads and writes are their own types).`,
      calls.flatMap((r) => TOKEN_TYPES.map(([type, column]) => ({ labels: { ...seriesLabels(r), type }, value: r[column] }))),
    ),
    counter(
      'burnrate_attempts_total',
      `HTTP attempts (retries included) ${SINCE}.`,
      attempts.map((r) => ({ labels: seriesLabels(r), value: r.attempts })),
    ),
    counter(
      'burnrate_rate_limited_attempts_total',
      `Attempts answered 429 ${SINCE}.`,
      attempts.map((r) => ({ labels: seriesLabels(r), value: r.rate_limited })),
    ),
    counter(
      'burnrate_overloaded_attempts_total',
      `Attempts answered 529 ${SINCE}.`,
      attempts.map((r) => ({ labels: seriesLabels(r), value: r.overloaded })),
    ),
    gauge(
      'burnrate_budget_amount_usd',
      'The budget amount for its period, in USD.',
      budgets.map((s) => ({ labels: budgetLabels(s), value: s.budget.amountUsd })),
    ),
    gauge(
      'burnrate_budget_spent_usd',
      'Spend in the budget scope this period, in USD.',
      budgets.map((s) => ({ labels: budgetLabels(s), value: s.spentUsd })),
    ),
    gauge(
      'burnrate_budget_used_ratio',
      'Spend this period divided by the budget amount (1 = all used).',
      budgets.map((s) => ({ labels: budgetLabels(s), value: s.usedRatio })),
    ),
    gauge(
      'burnrate_budget_projected_ratio',
      'Projected spend at the period end (spend + trailing-window burn rate x time left) divided by the amount.',
      budgets.map((s) => ({ labels: budgetLabels(s), value: s.projectedRatio })),
    ),
    gauge('burnrate_alerts_firing', 'Alerts firing now, by rule.', [...firingByRule.values()]),
  ];
}
