// The query API's request and response types: /api/v1/summary, /breakdown, /timeseries, /calls,
// /ratelimits, /attempts/peaks, and the lists their parameters take.
import type { CostTotals, TimeRange, TokenTotals } from './common';

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
