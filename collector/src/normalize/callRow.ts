// The typed shape of one Claude API call and one HTTP attempt, as every stage after the OTLP
// edge sees them. Token rule (ARCHITECTURE.md): inputTokens is *uncached* input; cache reads and
// the two cache-write TTLs are their own counts.

export type Instrumentation =
  'anthropic-sdk' | 'genai' | 'openllmetry' | 'openinference' | 'vercel-ai' | 'openlit' | 'langtrace' | 'laminar' | 'otel-python' | 'logfire' | 'claude-code';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
}

export interface Attribution {
  team: string;
  project: string;
  feature: string;
  user: string;
  tenant: string;
  route: string;
  routeReason: string;
  routeRequestedModel: string;
  routeFallbackFrom: string;
}

export interface CallRow extends TokenUsage, Attribution {
  /**
   * The API call this row describes, the same for every span that describes it (callIdentity.ts):
   * `msg:<response id>`, else `req:<request id>`, else `span:<trace id>:<span id>`.
   */
  callKey: string;
  /** How specific the source is; when spans of one call merge, the higher rank's facts win. */
  sourceRank: number;
  traceId: string; // 32 lowercase hex; with spanId, the span that stands for the call in the store
  spanId: string; // 16 lowercase hex
  parentSpanId: string; // '' for a root span
  startTimeNs: bigint; // unix epoch nanoseconds
  durationMs: number;
  serviceName: string;
  environment: string;
  resourceAttributes: Record<string, string>;
  scopeName: string;
  instrumentation: Instrumentation;
  provider: string;
  operation: string;
  requestModel: string;
  responseModel: string;
  /** Served model (else requested) without its date suffix: the id prices and charts group by. */
  model: string;
  serviceTier: string;
  stream: boolean;
  ttftMs: number | null;
  stopReason: string;
  statusCode: number; // 0 when the span does not say
  errorType: string;
  retryCount: number;
  requestId: string;
  batch: boolean;
  dataResidency: boolean;
  speed: string;
  /** usage.server_tool_use counts (0 when the span does not say). */
  webSearchRequests?: number;
  webFetchRequests?: number;
  /** Bedrock / Google Cloud endpoint: 'global', 'regional' or '' (not a cloud call, or not known). */
  cloudEndpoint?: string;
  /** The id of the ingest key that sent the call ('' with auth off); stamped at the route. */
  keyId?: string;
  /** The conversation or agent session the call belongs to (normalize/sessionId.ts); '' when none is set. */
  sessionId?: string;
  rateLimits: Record<string, string>;
  /** Exact cost in nano-dollars (1e-9 USD); null when the model has no price (unpriced). */
  costNanoUsd: bigint | null;
  /** The cost's lines and the price row behind it, set by the pricing stage with the cost. */
  pricing?: CallPricing | null;
}

/** How a priced call was priced: its cost lines (they sum to costNanoUsd) and the row used. */
export interface CallPricing {
  fastModeNanoUsd: bigint;
  usOnlyNanoUsd: bigint;
  webSearchNanoUsd: bigint;
  /** 'default' (built-in list price) or 'file' (the user's price file). */
  source: string;
  /** The row's `from` day. */
  from: string;
}

export interface AttemptRow {
  traceId: string;
  spanId: string;
  attempt: number; // 1-based
  startTimeNs: bigint;
  durationMs: number | null;
  statusCode: number; // 0 when unknown (the SDK's span counts resends but not their status)
  errorType: string;
  retryAfterMs: number | null;
  requestId: string;
  serviceName: string;
  model: string;
  team: string;
  /** Optional so batches spooled before these columns still replay (normalize/limitClass.ts). */
  limitClass?: string;
  limitDetail?: string;
  /** ISO time access resumes, when the API said or the class implies it. */
  resumesAt?: string | null;
  errorCode?: string;
  /** A retry that could not have succeeded: the attempt before it was refused by a cap, limit or full window. */
  wasted?: boolean;
  failFast?: boolean;
  /** Whose limits these are: the Anthropic organization id, else the attributed user. */
  account?: string;
  unifiedStatus?: string;
  unified5hUtilization?: number | null;
  unified5hReset?: string | null;
  unified7dUtilization?: number | null;
  unified7dReset?: string | null;
}
