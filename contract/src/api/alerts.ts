// Alerts (/api/v1/alerts): rules and their conditions, channels, firing, acks, silences, history, deliveries.
import type { TimeRange } from './common';

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
] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** What a rule watches. budgetIds [] means every budget; service/model '' means any. */
export type AlertCondition =
  | { kind: 'budget_threshold'; budgetIds: string[] }
  | { kind: 'budget_forecast'; budgetIds: string[] }
  /** Multi-window burn rate: 'fast' pages (e.g. 2% of a month's budget in 1 h, still burning over 5 min), 'slow' tickets (5% in 6 h over 30 min). */
  | { kind: 'budget_burn_rate'; budgetIds: string[]; pace: 'fast' | 'slow' }
  | { kind: 'rate_limited_ratio'; thresholdPercent: number; windowMinutes: number; minAttempts: number; service: string; model: string }
  /** Spend per (team, model, service, feature) in the last hour against the same hour of recent weeks (median and MAD). */
  | { kind: 'spend_anomaly'; weeks: number; minUsd: number; factor: number; minScore: number }
  /** Per model and status (429 rate-limited, 529 overloaded): the share of attempts so answered, with the retry-after seen. */
  | { kind: 'model_throttled'; thresholdPercent: number; windowMinutes: number; minAttempts: number }
  /**
   * Per service, model and rate-limit bucket (requests, input tokens, output tokens): at the current
   * rate the bucket empties within withinMinutes, or the rate uses percentOfLimit% of the limit.
   * windowMinutes: how far back the last headers are read.
   */
  | { kind: 'rate_limit_headroom'; withinMinutes: number; percentOfLimit: number; windowMinutes: number }
  | { kind: 'error_ratio'; thresholdPercent: number; windowMinutes: number; minCalls: number; service: string; model: string }
  | { kind: 'latency_p95'; thresholdMs: number; windowMinutes: number; minCalls: number; model: string }
  | { kind: 'unpriced_model'; windowMinutes: number }
  | { kind: 'deprecated_model'; windowMinutes: number; models: string[] }
  /** burnrate's estimate and Anthropic's report differ by more than the threshold on a complete day. */
  | { kind: 'reconcile_drift'; thresholdPercent: number; lookbackDays: number; minReportedUsd: number }
  /** The collector's write-ahead log: its oldest entry older than maxAgeSeconds, fuller than maxPercent of its cap, or free disk space under freeSpaceFactor × the floor. */
  | { kind: 'ingest_log'; maxAgeSeconds: number; maxPercent: number; freeSpaceFactor: number }
  /** One ingest key spends `factor` times its usual rate over the window (a leaked key's first sign). */
  | { kind: 'key_spend_spike'; windowMinutes: number; factor: number; minUsd: number }
  /** A spend cap or limit refuses calls: fires at the first refusal, names when access resumes, resolves when calls succeed. */
  | { kind: 'spend_limit_refused' }
  /** Month-to-date spend against each spend limit (its own thresholds), and the forecast crossing day. */
  | { kind: 'spend_limit_threshold'; forecast: boolean }
  /** A subscription's unified usage window is at or above the threshold. */
  | { kind: 'usage_window'; thresholdPercent: number; windowMinutes: number };

export interface AlertRule {
  id: string;
  name: string;
  enabled: boolean;
  severity: AlertSeverity;
  /** Channels to notify; [] means every enabled channel. */
  channelIds: string[];
  condition: AlertCondition;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/v1/alerts/rules; PATCH takes any subset (a condition is replaced whole). */
export interface AlertRuleInput {
  name: string;
  enabled?: boolean;
  severity?: AlertSeverity;
  channelIds?: string[];
  /** Fields other than kind take their defaults when left out. */
  condition: { kind: AlertRuleKind } & Record<string, unknown>;
}

export const ALERT_CHANNEL_KINDS = ['webhook', 'slack', 'pagerduty'] as const;
export type AlertChannelKind = (typeof ALERT_CHANNEL_KINDS)[number];

export interface AlertChannel {
  id: string;
  name: string;
  kind: AlertChannelKind;
  /** Slack webhook URLs are secrets, so they are shown with their path cut. */
  url: string;
  enabled: boolean;
  /** A webhook's HMAC secret or a PagerDuty routing key is stored (and never returned). */
  hasSecret: boolean;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/v1/alerts/channels; PATCH takes any subset. */
export interface AlertChannelInput {
  name: string;
  kind: AlertChannelKind;
  /** Required for webhook and slack; PagerDuty defaults to its Events API v2. */
  url?: string;
  /** webhook: the HMAC-SHA256 secret (≥ 16 characters); pagerduty: the routing key. */
  secret?: string;
  enabled?: boolean;
}

export interface AlertRuleListResponse {
  rules: AlertRule[];
}

export interface AlertChannelListResponse {
  channels: AlertChannel[];
}

export interface ActiveAlert {
  ruleId: string;
  ruleName: string;
  ruleKind: AlertRuleKind;
  severity: AlertSeverity;
  subject: string;
  summary: string;
  value: number;
  startedAt: string;
  labels: Record<string, string>;
  /** Set on the active list and the history once someone acknowledged this firing. */
  acknowledged?: AlertAck | null;
  /** The dashboard route (#/screen?…) that shows the cause; on the active list and the history. */
  view?: string;
}

/** Someone is on it: who acknowledged this firing, and when. */
export interface AlertAck {
  by: string;
  at: string;
  note: string;
}

/** POST /api/v1/alerts/ack: acknowledges the firing alert of that rule and subject. */
export interface AlertAckInput {
  ruleId: string;
  subject: string;
  note?: string;
}

export interface AlertSilence {
  id: string;
  /** '' matches every rule. */
  ruleId: string;
  /** '' matches every subject. */
  subject: string;
  endsAt: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  active: boolean;
}

/** POST /api/v1/alerts/silences */
export interface AlertSilenceInput {
  ruleId?: string;
  subject?: string;
  /** ISO 8601, in the future, at most 90 days ahead. */
  endsAt: string;
  reason: string;
}

/** GET /api/v1/alerts/silences: running ones and those that ended in the last 7 days. */
export interface AlertSilenceListResponse {
  silences: AlertSilence[];
}

/** GET /api/v1/alerts/active */
export interface ActiveAlertsResponse {
  alerts: ActiveAlert[];
}

export interface AlertEvent extends ActiveAlert {
  id: string;
  status: 'firing' | 'resolved';
  at: string;
}

export const ALERT_HISTORY_FILTERS = ['ruleId', 'severity', 'status', 'kind'] as const;

/** GET /api/v1/alerts/history?from&to[&ruleId][&severity][&status][&kind][&limit]: as far back as 400 days (the history's retention). */
export interface AlertHistoryResponse extends TimeRange {
  events: AlertEvent[];
}

export interface AlertDelivery {
  at: string;
  eventId: string;
  channelId: string;
  channelKind: AlertChannelKind;
  attempt: number;
  /** sent; retrying (this attempt failed, another follows); failed (gave up). */
  outcome: 'sent' | 'retrying' | 'failed';
  /** 0 when no HTTP answer came. */
  httpStatus: number;
  error: string;
  durationMs: number;
}

/** GET /api/v1/alerts/deliveries */
export interface AlertDeliveriesResponse extends TimeRange {
  deliveries: AlertDelivery[];
}
