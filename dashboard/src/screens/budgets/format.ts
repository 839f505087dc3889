// How the Budgets screen writes times, scopes and rule conditions (money and ratios use the
// dashboard's own formatters in ../../format). Pure.
import type { AlertCondition, BudgetScope } from '../../api/types';

/** 2026-11-21 22:36 UTC */
export function when(iso: string | null): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function scopeLabel(scope: BudgetScope): string {
  return scope.kind === 'all' ? 'everything' : `${scope.kind} ${scope.value}`;
}

export function conditionLabel(c: AlertCondition): string {
  switch (c.kind) {
    case 'budget_threshold':
      return `a budget reaches one of its thresholds${c.budgetIds.length ? ` (${c.budgetIds.length} budgets)` : ''}`;
    case 'budget_forecast':
      return `a budget is projected to be exceeded${c.budgetIds.length ? ` (${c.budgetIds.length} budgets)` : ''}`;
    case 'budget_burn_rate':
      return `a budget burns ${c.pace === 'fast' ? 'fast (a month: 2% in 1 h; a day: 25% in 1 h; still burning over 5 min)' : 'steadily (a month: 5% in 6 h; a day: 50% in 6 h; still burning over 30 min)'}${c.budgetIds.length ? ` (${c.budgetIds.length} budgets)` : ''}`;
    case 'rate_limited_ratio':
      return `429s above ${c.thresholdPercent}% of attempts over ${c.windowMinutes} min`;
    case 'spend_anomaly':
      return `a team · model · service · feature spends ${c.factor}× its usual hour (median of the same hour over ${c.weeks} weeks; at least $${c.minUsd})`;
    case 'model_throttled':
      return `a model's 429s or 529s above ${c.thresholdPercent}% of its attempts over ${c.windowMinutes} min, with the retry-after seen`;
    case 'rate_limit_headroom':
      return `a rate-limit bucket (requests, input or output tokens) empties within ${c.withinMinutes} min at the current rate, or runs at ${c.percentOfLimit}% of its limit`;
    case 'error_ratio':
      return `failed calls above ${c.thresholdPercent}% over ${c.windowMinutes} min`;
    case 'latency_p95':
      return `p95 latency above ${c.thresholdMs / 1000} s over ${c.windowMinutes} min${c.model ? ` for ${c.model}` : ', per model'}`;
    case 'unpriced_model':
      return `a call to a model with no price (last ${c.windowMinutes} min)`;
    case 'deprecated_model':
      return `a call to a deprecated model (${c.models.length} listed, last ${c.windowMinutes} min)`;
    case 'key_spend_spike':
      return `a key spending ${c.factor}× its usual rate (at least $${c.minUsd}) over ${c.windowMinutes} min`;
    case 'reconcile_drift':
      return `estimate off Anthropic's report by more than ${c.thresholdPercent}% on a day (last ${c.lookbackDays} days)`;
    case 'ingest_log':
      return `accepted spans waiting over ${c.maxAgeSeconds} s, the log over ${c.maxPercent}% full, or free disk under ${c.freeSpaceFactor}× the floor`;
    case 'spend_limit_refused':
      return 'a spend cap or limit refuses calls (pages at the first refusal, names when access resumes)';
    case 'spend_limit_threshold':
      return `month-to-date spend reaches a spend limit's thresholds${c.forecast ? ', or is forecast to cross it this month' : ''}`;
    case 'usage_window':
      return `a usage window is ${c.thresholdPercent}% used (readings of the last ${c.windowMinutes} min)`;
    default: {
      const never: never = c;
      return String(never);
    }
  }
}
