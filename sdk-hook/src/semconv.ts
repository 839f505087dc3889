// Every attribute, event, header and scope name the hook writes or reads. No other source file
// spells one (test fixtures that play the API send its headers as the API spells them). The gen_ai.* / http / url names are copied from the OTel semantic
// conventions exactly as @anthropic-ai/sdk's native tracing spells them (verified against
// 1.12.0's internal/tracing.ts); the incubating conventions package may break in a minor
// release, so we copy, not import. Ours live under burnrate.* and must match the collector's
// collector/src/semconv.ts.
import { AttemptAttributes } from '@burnrate/contract';

export { unifiedWindowAttribute } from '@burnrate/contract';

/** The tracer scope of the spans burnrate creates itself (SDKs without native tracing). */
export const SCOPE_NAME = '@burnrate/sdk-hook';
export const SCOPE_VERSION = '0.1.0';

/** Names of the native SDK spans that the fallback wrapper reproduces. */
export const SpanName = {
  messagesCreate: 'anthropic.messages.create',
  countTokens: 'anthropic.messages.count_tokens',
} as const;

export const GenAi = {
  providerName: 'gen_ai.provider.name',
  operationName: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestStream: 'gen_ai.request.stream',
  responseId: 'gen_ai.response.id',
  responseModel: 'gen_ai.response.model',
  timeToFirstChunk: 'gen_ai.response.time_to_first_chunk', // seconds
  // Like the SDK's: uncached input + cache reads + cache writes (the collector unfolds it).
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  cacheReadTokens: 'gen_ai.usage.cache_read.input_tokens',
  cacheWriteTokens: 'gen_ai.usage.cache_write.input_tokens',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
} as const;

export const GenAiValue = {
  providerAnthropic: 'anthropic',
  providerBedrock: 'aws.bedrock',
  providerVertex: 'gcp.vertex_ai',
  operationChat: 'chat',
} as const;

export const Anthropic = {
  requestId: 'anthropic.request.id',
  /** The request's `service_tier`, named as the SDK's native tracing names it. */
  requestServiceTier: 'anthropic.request.service_tier',
  serviceTier: 'anthropic.response.service_tier',
  stopReason: 'anthropic.message.stop_reason',
  cacheWrite5m: 'anthropic.usage.cache_creation.ephemeral_5m_input_tokens',
  cacheWrite1h: 'anthropic.usage.cache_creation.ephemeral_1h_input_tokens',
  countTokensInput: 'anthropic.message.count_tokens.input_tokens',
  contentTruncated: 'anthropic.content.truncated',
} as const;

export const Http = {
  statusCode: 'http.response.status_code',
  resendCount: 'http.request.resend_count',
  errorType: 'error.type',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  // Set by the SDK's native tracing only; named here so tests can assert the whole set.
  route: 'http.route',
  requestMethod: 'http.request.method',
} as const;

/** Set by the SDK's native tracing only (burnrate's fallback span leaves URLs out). */
export const Url = {
  scheme: 'url.scheme',
  path: 'url.path',
  full: 'url.full',
} as const;

/** `error.type` values, as the SDK's native tracing names them. */
export const ErrorTypeValue = {
  timeout: 'client_timeout_error',
  connection: 'connection_error',
  client: 'client_error',
  streamCut: 'api_error',
  /** burnrate's own: the budget guard refused the call before any request (block mode). */
  budgetExceeded: 'budget_exceeded',
} as const;

export const Resource = {
  serviceName: 'service.name',
} as const;

export const Burnrate = {
  team: 'burnrate.team',
  project: 'burnrate.project',
  feature: 'burnrate.feature',
  user: 'burnrate.user',
  tenant: 'burnrate.tenant',
  /** The conversation or agent session a call belongs to: runs group by it. */
  session: 'burnrate.session',
  routeName: 'burnrate.route.name',
  routeReason: 'burnrate.route.reason',
  routeRequestedModel: 'burnrate.route.requested_model',
  routeChosenModel: 'burnrate.route.chosen_model',
  routeFallbackFrom: 'burnrate.route.fallback_from',
  /** The attempt event and its attributes, shared with the other side (@burnrate/contract). */
  ...AttemptAttributes,
  /** The failFast kinds the app opted into, on every call span (absent: off, the default). */
  failFast: 'burnrate.fail_fast',
  /** What the budget guard did to the call: warn, block or downgrade (absent when it let it be). */
  guardAction: 'burnrate.guard.action',
  // What the bill depends on beyond tokens, which the SDK's native tracing does not record: the
  // request's asks and the response usage's answers (the response says what was really served,
  // e.g. a fast request that ran at standard speed).
  requestSpeed: 'burnrate.request.speed',
  requestInferenceGeo: 'burnrate.request.inference_geo',
  usageSpeed: 'burnrate.usage.speed',
  usageInferenceGeo: 'burnrate.usage.inference_geo',
  /** Where every request-side (`burnrate.request.*`) and usage-side (`burnrate.usage.*`) billing fact lives. */
  requestPrefix: 'burnrate.request.',
  usagePrefix: 'burnrate.usage.',
  /** A call made through the Message Batches API (priced at batch rates). */
  batch: 'burnrate.batch',
  batchId: 'burnrate.batch.id',
  /** `<batch id>/<custom_id>`: one batch result, the same however often the app reads it. */
  batchResultId: 'burnrate.batch.result_id',
  /** usage.server_tool_use.<field> (web_search_requests, web_fetch_requests, …): `serverToolUse(field)`. */
  serverToolUsePrefix: 'burnrate.usage.server_tool_use.',
} as const;

export function serverToolUseAttribute(field: string): string {
  return `${Burnrate.serverToolUsePrefix}${field}`;
}

export const BurnrateValue = {
  /** `burnrate.route.name` of a call the budget guard downgraded. */
  guardRouteName: 'budget-guard',
} as const;

/** The attribution keys a user passes to withContext(), each with its attribute/baggage name. */
export const AttributionKeys = {
  team: Burnrate.team,
  project: Burnrate.project,
  feature: Burnrate.feature,
  user: Burnrate.user,
  tenant: Burnrate.tenant,
  session: Burnrate.session,
} as const;

/** Rate-limit kinds and fields: header `anthropic-ratelimit-<kind, dashed>-<field>`. */
export const RATE_LIMIT_KINDS = ['requests', 'tokens', 'input_tokens', 'output_tokens'] as const;
export const RATE_LIMIT_FIELDS = ['limit', 'remaining', 'reset'] as const;
export type RateLimitKind = (typeof RATE_LIMIT_KINDS)[number];
export type RateLimitField = (typeof RATE_LIMIT_FIELDS)[number];

export function rateLimitAttribute(kind: RateLimitKind, field: RateLimitField): string {
  return `burnrate.ratelimit.${kind}.${field}`;
}

export function rateLimitHeader(kind: RateLimitKind, field: RateLimitField): string {
  return `anthropic-ratelimit-${kind.replace('_', '-')}-${field}`;
}

export const Header = {
  requestId: 'request-id',
  retryAfter: 'retry-after',
  retryAfterMs: 'retry-after-ms',
  /** The SDK obeys it before its own retry rules (client.js shouldRetry, 0.39 to 1.x). */
  shouldRetry: 'x-should-retry',
  unifiedPrefix: 'anthropic-ratelimit-unified-',
  unifiedStatus: 'anthropic-ratelimit-unified-status',
  unifiedClaim: 'anthropic-ratelimit-unified-representative-claim',
  ingestKey: 'x-burnrate-key',
} as const;

export const Env = {
  endpoint: 'BURNRATE_ENDPOINT',
  ingestKey: 'BURNRATE_INGEST_KEY',
  otlpEndpoint: 'OTEL_EXPORTER_OTLP_ENDPOINT',
  // The OTLP spec's protocol variables: the traces one wins over the generic one.
  otlpTracesProtocol: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  otlpProtocol: 'OTEL_EXPORTER_OTLP_PROTOCOL',
  serviceName: 'OTEL_SERVICE_NAME',
} as const;
