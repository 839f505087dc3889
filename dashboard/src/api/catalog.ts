// Runtime lists the dashboard's pickers offer. The contract's own lists are values in a
// collector module, so they are restated here and checked against its types: adding a filter
// or a dimension there fails this file's type check until it is listed here too.
import type { AlertChannelKind, AlertRuleKind, AlertSeverity, BudgetPeriod, BudgetScopeKind, CallStatus, FilterName, GroupDimension, Interval } from './types';

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { missing: Exclude<All, Listed> };
const exhaustive = <All, Listed>(check: Exhaustive<All, Listed>) => check;

export const FILTER_NAMES = ['service', 'team', 'project', 'feature', 'user', 'model', 'route', 'status', 'session'] as const satisfies readonly FilterName[];
exhaustive<FilterName, (typeof FILTER_NAMES)[number]>(true);

export const CALL_STATUSES = ['ok', 'error', 'rate_limited', 'overloaded'] as const satisfies readonly CallStatus[];
exhaustive<CallStatus, (typeof CALL_STATUSES)[number]>(true);

export const INTERVALS = ['1m', '5m', '15m', '1h', '6h', '1d'] as const satisfies readonly Interval[];
exhaustive<Interval, (typeof INTERVALS)[number]>(true);

export const BUDGET_SCOPE_KINDS = ['all', 'service', 'team', 'project', 'feature', 'model', 'user'] as const satisfies readonly BudgetScopeKind[];
exhaustive<BudgetScopeKind, (typeof BUDGET_SCOPE_KINDS)[number]>(true);

export const BUDGET_PERIODS = ['day', 'month'] as const satisfies readonly BudgetPeriod[];
exhaustive<BudgetPeriod, (typeof BUDGET_PERIODS)[number]>(true);

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const satisfies readonly AlertSeverity[];
exhaustive<AlertSeverity, (typeof ALERT_SEVERITIES)[number]>(true);

/** In the order the Budgets screen lists rules: spend first, then reliability, then hygiene. */
export const ALERT_RULE_KINDS = [
  'budget_threshold',
  'budget_forecast',
  'budget_burn_rate',
  'spend_anomaly',
  'rate_limited_ratio',
  'model_throttled',
  'rate_limit_headroom',
  'error_ratio',
  'latency_p95',
  'unpriced_model',
  'deprecated_model',
  'reconcile_drift',
  'ingest_log',
  'key_spend_spike',
  'spend_limit_refused',
  'spend_limit_threshold',
  'usage_window',
] as const satisfies readonly AlertRuleKind[];
exhaustive<AlertRuleKind, (typeof ALERT_RULE_KINDS)[number]>(true);

export const ALERT_CHANNEL_KINDS = ['webhook', 'slack', 'pagerduty'] as const satisfies readonly AlertChannelKind[];
exhaustive<AlertChannelKind, (typeof ALERT_CHANNEL_KINDS)[number]>(true);

/** What spend can be stacked by (the Spend screen's picker). */
export const SPEND_DIMENSIONS = ['model', 'team', 'project', 'feature', 'user', 'service'] as const satisfies readonly GroupDimension[];
export type SpendDimension = (typeof SPEND_DIMENSIONS)[number];

export const FILTER_LABELS: Record<FilterName, string> = {
  service: 'Service',
  team: 'Team',
  project: 'Project',
  feature: 'Feature',
  user: 'User',
  model: 'Model',
  route: 'Route',
  status: 'Status',
  session: 'Session',
};

export const STATUS_LABELS: Record<CallStatus, string> = { ok: 'OK', error: 'Error', rate_limited: 'Rate limited (429)', overloaded: 'Overloaded (529)' };

export const DIMENSION_LABELS: Record<GroupDimension, string> = {
  model: 'Model',
  service: 'Service',
  team: 'Team',
  project: 'Project',
  feature: 'Feature',
  user: 'User',
  route: 'Route',
  requested_model: 'Requested model',
  status_code: 'HTTP status',
  error_type: 'Error type',
};
