// The query API's request and response types. The dashboard imports these as types, so a
// change on one side fails the other's type check.

export interface TimeRange {
  /** ISO 8601, inclusive. */
  from: string;
  /** ISO 8601, exclusive. */
  to: string;
}

export interface TokenTotals {
  inputTokens: number; // uncached input
  outputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
}

export interface CostTotals {
  /** Exact to the nano-dollar (see collector/src/money.ts). */
  costUsd: number;
  /** The same amount as an exact integer string of nano-dollars. */
  costNanoUsd: string;
  /** Calls whose model has no price: not in costUsd, never counted as $0. */
  unpricedCalls: number;
}

export interface SummaryResponse extends TimeRange, TokenTotals, CostTotals {
  calls: number;
  errors: number;
  attempts: number;
  /** Attempts after the first of their call (the SDK's retries). */
  retriedAttempts: number;
  rateLimitedAttempts: number; // HTTP 429
  overloadedAttempts: number; // HTTP 529
  /** Attempts whose status the instrumentation did not report (only resends were counted). */
  unknownStatusAttempts: number;
  unpricedModels: string[];
}

export const BREAKDOWN_DIMENSIONS = ['model', 'service', 'team', 'project', 'feature', 'user', 'route'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export interface BreakdownRow extends TokenTotals, CostTotals {
  key: string;
  calls: number;
  errors: number;
}

export interface BreakdownResponse extends TimeRange {
  by: BreakdownDimension;
  rows: BreakdownRow[];
}

export interface ApiError {
  error: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Query API (/api/v1/timeseries, /api/v1/calls, /api/v1/ratelimits). A widget asks for
// {metric, groupBy, filters, interval, from, to}; every list below is the whole set a parameter
// may take, so the dashboard's pickers and the server's validation cannot drift apart.

/** Metrics over calls (llm_calls) and over HTTP attempts (llm_attempts); one request uses one kind. */
export const CALL_METRICS = [
  'calls',
  'errors',
  'error_rate',
  'cost_usd',
  'unpriced_calls',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'cache_write_5m_tokens',
  'cache_write_1h_tokens',
  'total_tokens',
  'cache_savings_usd',
  'retries_per_call',
  'fallback_rate',
  'latency_p50_ms',
  'latency_p95_ms',
  'latency_p99_ms',
  'ttft_p50_ms',
  'ttft_p95_ms',
  'ttft_p99_ms',
] as const;
export const ATTEMPT_METRICS = [
  'attempts',
  'retried_attempts',
  'rate_limited_attempts',
  'overloaded_attempts',
  'unknown_status_attempts',
  'rate_limited_rate',
  'overloaded_rate',
] as const;
export const METRICS = [...CALL_METRICS, ...ATTEMPT_METRICS] as const;
export type CallMetric = (typeof CALL_METRICS)[number];
export type AttemptMetric = (typeof ATTEMPT_METRICS)[number];
export type Metric = (typeof METRICS)[number];

/** What a series can be split by. Attempt metrics take service, team, model, status_code and error_type. */
export const GROUP_DIMENSIONS = [...BREAKDOWN_DIMENSIONS, 'requested_model', 'status_code', 'error_type'] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];
export const MAX_GROUP_BY = 2;

/** Filters select calls; an attempt metric counts the attempts of the selected calls. */
// session: the conversation or agent session id (withContext({ session }), gen_ai.conversation.id, session.id).
export const FILTER_NAMES = ['service', 'team', 'project', 'feature', 'user', 'model', 'route', 'status', 'session'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
/** A call's outcome: rate_limited and overloaded are errors that ended in HTTP 429 / 529. */
export const CALL_STATUSES = ['ok', 'error', 'rate_limited', 'overloaded'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
/** Each filter is a set of accepted values (repeat the parameter: ?team=a&team=b); '' matches "not set". */
export type Filters = Partial<Record<FilterName, string[]>>;

export const INTERVALS = ['1m', '5m', '15m', '1h', '6h', '1d'] as const;
export type Interval = (typeof INTERVALS)[number];

/** Counts are whole numbers; *_usd are dollars; *_rate are 0..1; *_ms are milliseconds. null = no data. */
export type MetricValues = Partial<Record<Metric, number | null>>;
export type MetricSeries = Partial<Record<Metric, (number | null)[]>>;

export interface SeriesData {
  /** One value per groupBy dimension; [] for the folded "everything else" series. */
  key: string[];
  /** True for the series that folds every group beyond the top `limit`. */
  other: boolean;
  /** Aligned with TimeseriesResponse.buckets. */
  values: MetricSeries;
  /** Over the whole range (quantiles merged, not averaged). */
  totals: MetricValues;
}

/** GET /api/v1/timeseries?metric=…&groupBy=…&interval=…&limit=…&from=…&to=…&<filters> */
export interface TimeseriesResponse extends TimeRange {
  interval: Interval;
  metrics: Metric[];
  groupBy: GroupDimension[];
  /** ISO start of every bucket in the range, empty ones included. */
  buckets: string[];
  /** Everything selected, not split. */
  total: Omit<SeriesData, 'key' | 'other'>;
  /** The top `limit` groups by the first metric, then an `other` series if more exist; [] without groupBy. */
  series: SeriesData[];
}

export const CALL_SORTS = ['time', 'cost', 'tokens', 'latency'] as const;
export type CallSort = (typeof CALL_SORTS)[number];

export interface CallListRow {
  traceId: string;
  spanId: string;
  startTime: string;
  service: string;
  team: string;
  project: string;
  feature: string;
  user: string;
  model: string;
  route: string;
  statusCode: number;
  errorType: string;
  /** null when the model has no price. */
  costUsd: number | null;
  costNanoUsd: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  durationMs: number;
  ttftMs: number | null;
  retryCount: number;
  /** The conversation or agent session the call belongs to; '' when none was set. */
  sessionId: string;
}

/** GET /api/v1/calls?q=…&sort=…&order=…&offset=…&limit=…&from=…&to=…&<filters> */
export interface CallsResponse extends TimeRange {
  rows: CallListRow[];
  /** Calls matching the filters and search in the range. */
  total: number;
  offset: number;
  limit: number;
  sort: CallSort;
  order: 'asc' | 'desc';
}

export interface AttemptDetail {
  attempt: number;
  startTime: string;
  durationMs: number | null;
  /** 0 when the instrumentation did not report it. */
  statusCode: number;
  errorType: string;
  retryAfterMs: number | null;
  requestId: string;
}

export interface CallDetail extends CallListRow {
  parentSpanId: string;
  environment: string;
  scopeName: string;
  instrumentation: string;
  provider: string;
  operation: string;
  requestModel: string;
  responseModel: string;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  serviceTier: string;
  stream: boolean;
  stopReason: string;
  requestId: string;
  batch: boolean;
  dataResidency: boolean;
  speed: string;
  tenant: string;
  routeReason: string;
  routeRequestedModel: string;
  routeFallbackFrom: string;
  resourceAttributes: Record<string, string>;
  rateLimits: Record<string, string>;
  webSearchRequests: number;
  webFetchRequests: number;
  /** The price row behind the cost: 'default' (list price) or 'file' (the price file); '' when unpriced. */
  priceSource: string;
  priceFrom: string;
  /** The cost's lines in exact nano-dollars (they sum to costNanoUsd); null when unpriced. */
  costLines: { tokens: string; fastMode: string; usOnly: string; webSearch: string } | null;
}

/** GET /api/v1/calls/:traceId/:spanId (optionally ?at=<the call's start time> to narrow the search) */
export interface CallDetailResponse {
  call: CallDetail;
  attempts: AttemptDetail[];
}

export interface RateLimitHeadroom {
  /** requests, tokens, input_tokens or output_tokens (anthropic-ratelimit-<kind>-*). */
  kind: string;
  limit: number | null;
  remaining: number | null;
  /** ISO 8601, as the API sent it. */
  reset: string | null;
  /** At the current rate (store/query/headroomForecast.ts); null when the headers give no limit or the kind is unknown. */
  forecast?: HeadroomForecast | null;
}

/** A rate-limit bucket at the current rate: a token bucket refilled at its limit per minute. */
export interface HeadroomForecast {
  /** Use per minute, averaged over the response's forecast window. */
  ratePerMinute: number;
  /** ratePerMinute / limit: "input tokens per minute at 95%". */
  rateShare: number;
  /** What is left now: the last reading, refilled and drained since it was seen. */
  remainingNow: number;
  /** Minutes until the bucket is empty at this rate; null when the rate is within the limit (it refills as fast). */
  minutesToEmpty: number | null;
  emptyAt: string | null;
}

export interface RateLimitRow {
  service: string;
  model: string;
  /** When these headers were seen (the last call in the range that carried any). */
  seenAt: string;
  limits: RateLimitHeadroom[];
}

/** GET /api/v1/ratelimits?from=…&to=…&<filters> */
export interface RateLimitsResponse extends TimeRange {
  rows: RateLimitRow[];
  /** The moment forecasts are for (the range's end, or now if sooner) and the minutes the rate is averaged over. */
  forecast: { asOf: string; windowMinutes: number };
}

/** One bucket's worst minute for one status: the count in that minute and when it began. */
export interface AttemptPeak {
  perMinute: number;
  /** ISO start of the worst minute; null when the bucket had none. */
  at: string | null;
}

/**
 * GET /api/v1/attempts/peaks?from=…&to=…[&interval=…]&<filters>: per bucket, the worst minute of
 * 429s and of 529s, to show beside the bucket's average (a 3-hour storm averaged over a day
 * reads as a trickle). Buckets as the timeseries API gives them for the same range.
 */
export interface AttemptPeaksResponse extends TimeRange {
  interval: Interval;
  buckets: string[];
  rateLimited: AttemptPeak[];
  overloaded: AttemptPeak[];
}

// ---------------------------------------------------------------------------------------------
// Budgets and alerts (/api/v1/budgets, /api/v1/alerts). Money follows CostTotals: a JSON number
// in USD beside the exact integer nano-dollars as a string.

export const BUDGET_SCOPE_KINDS = ['all', 'service', 'team', 'project', 'feature', 'model', 'user'] as const;
export type BudgetScopeKind = (typeof BUDGET_SCOPE_KINDS)[number];
export const BUDGET_PERIODS = ['day', 'month'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export interface BudgetScope {
  kind: BudgetScopeKind;
  /** The team, service, … name; '' when kind is 'all'. A model is kept in its canonical id. */
  value: string;
}

export interface Budget {
  id: string;
  name: string;
  scope: BudgetScope;
  period: BudgetPeriod;
  /** IANA time zone the period's day or month is counted in. */
  timeZone: string;
  amountUsd: number;
  amountNanoUsd: string;
  /** Percent of the amount, ascending. */
  thresholdsPercent: number[];
  createdAt: string;
  updatedAt: string;
}

/** POST /api/v1/budgets; PATCH takes any subset. */
export interface BudgetInput {
  name: string;
  scope: BudgetScope;
  period: BudgetPeriod;
  /** Default 'UTC'. */
  timeZone?: string;
  /** At most 9 decimals. */
  amountUsd: number;
  /** Default [50, 80, 100]. */
  thresholdsPercent?: number[];
}

export interface BudgetListResponse {
  budgets: Budget[];
}

export interface BudgetStatus {
  budget: Budget;
  /** ISO 8601: this period's first instant (inclusive) and the next period's (exclusive). */
  periodStart: string;
  periodEnd: string;
  spentUsd: number;
  spentNanoUsd: string;
  /** amount − spent, never below 0. */
  remainingUsd: number;
  remainingNanoUsd: string;
  /** spent / amount (1 = the whole budget). */
  usedRatio: number;
  /** spent + burn rate × time left in the period. */
  projectedUsd: number;
  projectedNanoUsd: string;
  projectedRatio: number;
  /** Spend over the trailing window (1 h for a day budget, 24 h for a month budget), per hour. */
  burnRateUsdPerHour: number;
  burnRateWindowStart: string;
  /** spent ≥ amount. */
  exceeded: boolean;
  /** projected ≥ amount. */
  projectedToExceed: boolean;
  /** When the spend will reach the amount at the current burn rate; null if not this period or already reached. */
  projectedExceedAt: string | null;
  /** Thresholds (percent) the spend has reached this period. */
  thresholdsCrossed: number[];
  calls: number;
  /** Calls in scope whose model has no price: not in spentUsd. */
  unpricedCalls: number;
}

/** GET /api/v1/budgets/status */
export interface BudgetStatusResponse {
  at: string;
  budgets: BudgetStatus[];
}

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

// ---------------------------------------------------------------------------------------------
// Reconciliation with Anthropic's own bill (GET /api/v1/reconciliation). Per UTC day and model:
// burnrate's estimate from its calls, Anthropic's figure from its Usage and Cost Analytics API,
// and the drift between them. Money as everywhere: USD number beside exact nano-dollar text.

export interface ReconciliationEstimate extends TokenTotals, CostTotals {
  calls: number;
}

export interface ReconciliationReported extends TokenTotals {
  /** Token cost Anthropic reports, after discounts and before credits. */
  costUsd: number;
  costNanoUsd: string;
  /** The same tokens at list price (before discounts). */
  listCostUsd: number;
  listCostNanoUsd: string;
  /** Not tokens (web search, code execution, Managed Agents session time): not in burnrate's estimate. */
  otherCostUsd: number;
  otherCostNanoUsd: string;
  requests: number;
}

export interface ReconciliationRow {
  /** YYYY-MM-DD, UTC (Anthropic's report buckets are UTC days). */
  day: string;
  /** Canonical model id; '' for cost Anthropic does not attribute to a model. */
  model: string;
  estimate: ReconciliationEstimate;
  /** null when Anthropic's report for the day has not been pulled yet. */
  reported: ReconciliationReported | null;
  /** (estimate − reported) / reported × 100 on token cost, 2 decimals; null when not pulled, or $0 reported against spend. */
  driftPercent: number | null;
  /** The day is over and Anthropic's data for it was refreshed after it ended: its drift is final. */
  complete: boolean;
}

export interface ReconciliationPull {
  at: string;
  ok: boolean;
  error: string | null;
  /** UTC days the pull covered. */
  days: number;
}

/** GET /api/v1/reconciliation?from&to (whole UTC days; default the last 30 days). */
export interface ReconciliationResponse extends TimeRange {
  /** Whether ANTHROPIC_ADMIN_KEY is set; without it nothing new is pulled and `reported` stays null. */
  anthropicConfigured: boolean;
  lastPull: ReconciliationPull | null;
  rows: ReconciliationRow[];
}

// --- Sign-in and first-run setup (collector/src/auth/authRoutes.ts)

export type Role = 'admin' | 'viewer';

/** GET /api/v1/session. With auth off (loopback only) everyone is an admin with no name. */
/** A viewer or admin limited to some teams, projects or tenants: every read is filtered to them, and an admin changes only what lies in them. */
export interface UserScope {
  dimension: 'team' | 'project' | 'tenant';
  values: readonly string[];
}

export interface SessionResponse {
  username: string | null;
  role: Role;
  authEnabled: boolean;
  /** null: the whole organisation. */
  scope: UserScope | null;
}

/** GET /api/v1/setup. */
export interface SetupStatusResponse {
  authEnabled: boolean;
  setupNeeded: boolean;
  /** Single sign-on is configured: the sign-in page offers it (GET /api/v1/sso/login). */
  sso: boolean;
  /** Username and password sign-in works (off when the IdP is the only way in). */
  localAccounts: boolean;
}

/** Passwords shorter than this are refused. */
export const MIN_PASSWORD_LENGTH = 12;

// ---------------------------------------------------------------------------------------------
// Prices and the bill's lines (issue 12). Money follows CostTotals: USD as a JSON number beside
// the exact integer nano-dollars as a string.

/** USD per million tokens, as the price row states them (exact decimal text). */
export interface PriceRowPrices {
  input: string;
  output: string;
  cacheWrite5m: string;
  cacheWrite1h: string;
  cacheRead: string;
}

export interface PriceRow {
  model: string;
  /** 'default' (built-in list prices) or 'file' (the BURNRATE_PRICING_FILE). */
  source: 'default' | 'file';
  from: string;
  /** File rows only: the first day the row no longer applies. */
  until: string | null;
  usdPerMTok: PriceRowPrices;
  /** Prompt-length bands: over `abovePromptTokens`, the whole request at these prices. */
  bands: { abovePromptTokens: number; usdPerMTok: PriceRowPrices }[];
  /** Exact multipliers as decimal text; null when the model has none. */
  batch: string;
  usOnly: string | null;
  fast: string | null;
  webSearchUsdPerThousand: string;
}

/** GET /api/v1/prices?model=…&at=… : for each model (or the one asked), the row in force at `at`. */
export interface PricesResponse {
  at: string;
  rows: PriceRow[];
}

/** The bill's lines over a range: tokens (standard speed and residency), then each charge on top. */
export interface CostLinesTotals {
  tokens: { costUsd: number; costNanoUsd: string };
  fastMode: { costUsd: number; costNanoUsd: string };
  usOnly: { costUsd: number; costNanoUsd: string };
  webSearch: { costUsd: number; costNanoUsd: string; requests: number };
  /** The sum of the lines: the range's cost. */
  total: { costUsd: number; costNanoUsd: string };
  unpricedCalls: number;
}

/** GET /api/v1/spend/lines?from=…&to=…&<filters> */
export interface CostLinesResponse extends TimeRange, CostLinesTotals {}

/** A model retiring soon that the app still called yesterday. */
export interface RetiringModelUse {
  model: string;
  calls: number;
  /** YYYY-MM-DD from which its requests fail. */
  retires: string;
  /** What Anthropic says to move to; null when it names none. */
  replacement: string | null;
}

/** GET /api/v1/retirements/notice : yesterday's (UTC) calls to models retiring within `withinDays`. */
export interface RetirementNoticeResponse {
  /** The UTC day counted, YYYY-MM-DD. */
  day: string;
  withinDays: number;
  calls: number;
  models: RetiringModelUse[];
}

/** POST /api/v1/admin/reprice body, and `burnrate reprice`'s arguments. */
export interface RepriceRequest {
  from: string;
  to: string;
  /** Only this model (any spelling); all models when absent. */
  model?: string;
  /** Report what would change without writing. */
  dryRun?: boolean;
}

/** What a re-pricing changed, per UTC day and model (only days and models that changed). */
export interface RepriceChange {
  day: string;
  model: string;
  calls: number;
  beforeNanoUsd: string;
  afterNanoUsd: string;
  unpricedBefore: number;
  unpricedAfter: number;
}

export interface RepriceReport {
  from: string;
  to: string;
  model: string | null;
  dryRun: boolean;
  scannedCalls: number;
  changedCalls: number;
  changes: RepriceChange[];
}

// --- Rollups against raw rows (POST /api/v1/admin/verify, `burnrate verify`)

/** One bucket's totals: calls (attempts for an attempts rollup), tokens, and nano-dollars (a decimal string, exact). */
export interface RollupBucketTotals {
  calls: number;
  tokens: number;
  costNanoUsd: string;
}

export interface RollupDriftEntry {
  rollup: string;
  /** The bucket's start, ISO 8601: an hour, or a UTC day for a daily rollup. */
  bucket: string;
  raw: RollupBucketTotals;
  rolled: RollupBucketTotals;
  repaired: boolean;
  /** What the rollup holds after the rebuild (equal to raw). */
  after?: RollupBucketTotals;
  /** Ended too recently to rebuild safely (an insert may be in flight); run again later. */
  unsettled?: boolean;
}

export interface RollupVerifyResponse {
  /** The range checked: the one asked for, widened to whole UTC days. */
  from: string;
  to: string;
  repair: boolean;
  rollups: string[];
  bucketsChecked: number;
  drift: RollupDriftEntry[];
}

// --- People (GET /api/v1/users, POST /api/v1/users/:username/disable)

/** A dashboard account. A disabled one keeps its name and role; a new password enables it again. */
export interface UserSummary {
  username: string;
  role: Role;
  createdAt: string;
  disabled: boolean;
  scope: UserScope | null;
}

/** GET /api/v1/keys: an ingest or metrics key as admins see it (never its secret). */
export interface KeySummary {
  id: string;
  name: string;
  project: string;
  scope: 'ingest' | 'metrics';
  createdAt: string;
  revokedAt: string | null;
  /** UTC 'YYYY-MM-DD hh:mm:ss.sss'; null: it does not expire. A rotated key's overlap ends here. */
  expiresAt: string | null;
  rotatedFrom: string;
  lastUsedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
  spend: { dayUsd: number; dayNanoUsd: string; dayCalls: number; callsPerHour: number; weekDailyMeanUsd: number };
}

export interface KeyListResponse {
  keys: KeySummary[];
}

export interface UserListResponse {
  users: UserSummary[];
}

// --- Ingest health (GET /api/v1/ingest-health)

/** GET /api/v1/ingest-health: what the OTLP traces endpoint made of what it received since the collector started. */
export interface IngestHealthResponse {
  since: string;
  /** API calls stored (each once, however many spans told of it). */
  callsStored: number;
  /** Spans merged into another span of the same call (a third-party span around the SDK's, the same message id). */
  duplicatesMerged: number;
  /** Spans received again (exporter retries): already stored, nothing new. */
  repeatsIgnored: number;
  spansRejected: number;
  scopes: { scope: string; spansReadAsCalls: number; spansNotUnderstood: number }[];
  rejectionReasons: { reason: string; spans: number }[];
}

export type * from './limitsApi';
