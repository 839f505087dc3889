// Every span attribute name the collector reads. The gen_ai.* names are copied from the OTel
// GenAI semantic conventions (old and new spellings both, since exporters in the wild send
// both); the incubating conventions package can break in a minor release, so we copy, not import.
// Our own names live under burnrate.* and must match sdk-hook/src/semconv.ts.
import { AttemptAttributes } from '@burnrate/contract';

export { unifiedWindowAttribute } from '@burnrate/contract';

export const GenAi = {
  /** Every GenAI conventions name starts so. */
  prefix: 'gen_ai.',
  providerName: 'gen_ai.provider.name',
  system: 'gen_ai.system', // old spelling of providerName
  operationName: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  requestStream: 'gen_ai.request.stream',
  responseModel: 'gen_ai.response.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  responseId: 'gen_ai.response.id',
  finishReasons: 'gen_ai.response.finish_reasons',
  timeToFirstChunk: 'gen_ai.response.time_to_first_chunk', // seconds
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  promptTokens: 'gen_ai.usage.prompt_tokens', // old spelling of inputTokens
  completionTokens: 'gen_ai.usage.completion_tokens', // old spelling of outputTokens
  cacheReadTokens: 'gen_ai.usage.cache_read.input_tokens',
  cacheWriteTokens: 'gen_ai.usage.cache_write.input_tokens',
  cacheCreationTokens: 'gen_ai.usage.cache_creation.input_tokens', // OpenLLMetry's spelling
  cacheReadTokensOld: 'gen_ai.usage.cache_read_input_tokens',
  cacheCreationTokensOld: 'gen_ai.usage.cache_creation_input_tokens',
  /** The conversation (session, thread) a call belongs to. */
  conversationId: 'gen_ai.conversation.id',
} as const;

/** OTel's general session attribute, which OpenInference also sets on every span of a session. */
export const Session = {
  id: 'session.id',
} as const;

export const Anthropic = {
  scopePrefix: 'com.anthropic.sdk',
  /** Set by the SDK's native tracing from the response headers: whose cap or limit refused a call. */
  organizationId: 'anthropic.organization.id',
  workspaceId: 'anthropic.workspace.id',
  requestId: 'anthropic.request.id',
  serviceTier: 'anthropic.response.service_tier',
  stopReason: 'anthropic.message.stop_reason',
  cacheWrite5m: 'anthropic.usage.cache_creation.ephemeral_5m_input_tokens',
  cacheWrite1h: 'anthropic.usage.cache_creation.ephemeral_1h_input_tokens',
} as const;

export const Http = {
  statusCode: 'http.response.status_code',
  resendCount: 'http.request.resend_count',
  errorType: 'error.type',
  /** The API host: Google Cloud names its global and regional endpoints by it. */
  serverAddress: 'server.address',
} as const;

export const OpenInference = {
  /** OpenInference's model-call names start so. */
  llmPrefix: 'llm.',
  spanKind: 'openinference.span.kind',
  modelName: 'llm.model_name',
  requestModelName: 'llm.request.model_name',
  responseModelName: 'llm.response.model_name',
  system: 'llm.system',
  provider: 'llm.provider',
  finishReason: 'llm.finish_reason',
  promptTokens: 'llm.token_count.prompt',
  completionTokens: 'llm.token_count.completion',
  cacheReadTokens: 'llm.token_count.prompt_details.cache_read',
  cacheWriteTokens: 'llm.token_count.prompt_details.cache_write',
  invocationParameters: 'llm.invocation_parameters',
  outputValue: 'output.value',
} as const;

/** The Vercel AI SDK's experimental_telemetry (package `ai`): ai.* names from its source. */
export const VercelAi = {
  /** Every Vercel AI SDK name starts so. */
  prefix: 'ai.',
  operationId: 'ai.operationId',
  modelProvider: 'ai.model.provider',
  modelId: 'ai.model.id',
  responseModel: 'ai.response.model',
  responseId: 'ai.response.id',
  finishReason: 'ai.response.finishReason',
  msToFirstChunk: 'ai.response.msToFirstChunk',
  providerMetadata: 'ai.response.providerMetadata',
  inputTokens: 'ai.usage.inputTokens', // includes cache reads and writes
  outputTokens: 'ai.usage.outputTokens',
  noCacheTokens: 'ai.usage.inputTokenDetails.noCacheTokens',
  cacheReadTokens: 'ai.usage.inputTokenDetails.cacheReadTokens',
  cacheWriteTokens: 'ai.usage.inputTokenDetails.cacheWriteTokens',
  /** The call as the app made it (one per generateText/streamText/generateObject…). */
  callOperations: ['ai.generateText', 'ai.streamText', 'ai.generateObject', 'ai.streamObject'],
  /** One per HTTP attempt, children of the call span. */
  attemptOperations: ['ai.generateText.doGenerate', 'ai.streamText.doStream', 'ai.generateObject.doGenerate', 'ai.streamObject.doStream'],
} as const;

/** OpenLLMetry's scopes: @traceloop/instrumentation-anthropic (JS), and its Python twin. */
export const OpenLlmetry = {
  scopeMarker: 'traceloop',
  pythonScopePrefix: 'opentelemetry.instrumentation.anthropic',
} as const;

/** OpenLIT's names where they differ from the GenAI conventions (its JS and Python SDKs share them). */
export const OpenLit = {
  scope: '@openlit/instrumentation-anthropic',
  pythonScopePrefix: 'openlit.instrumentation.anthropic',
  sdkName: 'telemetry.sdk.name', // 'openlit' on every span it makes
  isStream: 'gen_ai.request.is_stream',
  timeToFirstToken: 'gen_ai.server.time_to_first_token', // seconds
} as const;

/**
 * The OpenTelemetry Python GenAI instrumentations built on opentelemetry-util-genai (the contrib
 * Anthropic one among them): their spans' scope is the util's handler module.
 */
export const OtelPythonGenAi = {
  scope: 'opentelemetry.util.genai.handler',
} as const;

/** Logfire (pydantic): its LLM integrations' own names beside gen_ai.*. */
export const Logfire = {
  scopePrefix: 'logfire.',
  spanType: 'logfire.span_type', // 'span', or 'log' for a zero-length log record
  messageTemplate: 'logfire.msg_template',
  /** A stream's usage comes in a log whose template starts so, not on the request's span. */
  streamLogTemplatePrefix: 'streaming response from',
  requestData: 'request_data', // the request body, as JSON text
  usageRaw: 'gen_ai.usage.raw', // the API's usage object, as JSON text
  streamSeconds: 'duration',
} as const;

/** Laminar (@lmnr-ai/lmnr, lmnr on PyPI): its span processor stamps every span it exports so. */
export const Laminar = {
  sdkVersion: 'lmnr.span.sdk_version',
  instrumentationSource: 'lmnr.span.instrumentation_source', // 'javascript' or 'python'
} as const;

/** Langtrace (@langtrase/typescript-sdk): its own names beside a few gen_ai.* ones, no provider name. */
export const Langtrace = {
  scope: '@langtrase/typescript-sdk',
  sdkName: 'langtrace.sdk.name',
  version: 'langtrace.version',
  serviceName: 'langtrace.service.name', // the vendor: 'anthropic'
  /** Added when a stream starts; each chunk then adds a completion event. */
  streamStartEvent: 'stream.start',
  completionEvent: 'gen_ai.content.completion',
} as const;

/** The OTel exception event, where instrumentations put a failed call's error message. */
export const Exception = {
  event: 'exception',
  type: 'exception.type',
  message: 'exception.message',
} as const;

export const Resource = {
  serviceName: 'service.name',
  environment: 'deployment.environment.name',
  environmentOld: 'deployment.environment', // the name before semconv 1.27
} as const;

/** Attribution and routing, set by @burnrate/sdk-hook (or by any app that sets them itself). */
export const Burnrate = {
  team: 'burnrate.team',
  project: 'burnrate.project',
  feature: 'burnrate.feature',
  user: 'burnrate.user',
  tenant: 'burnrate.tenant',
  /** The conversation or agent session a call belongs to, set by withContext({ session }). */
  session: 'burnrate.session',
  routeName: 'burnrate.route.name',
  routeReason: 'burnrate.route.reason',
  routeRequestedModel: 'burnrate.route.requested_model',
  routeChosenModel: 'burnrate.route.chosen_model',
  routeFallbackFrom: 'burnrate.route.fallback_from',
  /** The attempt event and its attributes, shared with the other side (@burnrate/contract). */
  ...AttemptAttributes,
  /** anthropic-ratelimit-* headers of the last attempt: burnrate.ratelimit.<kind>.<field>. */
  rateLimitPrefix: 'burnrate.ratelimit.',
  batch: 'burnrate.batch',
  /** `<batch id>/<custom_id>` of a Message Batches result (sdk-hook): the call's identity. */
  batchResultId: 'burnrate.batch.result_id',
  dataResidency: 'burnrate.data_residency',
  speed: 'burnrate.speed',
  // Billing facts the sdk-hook records (its semconv.ts): the request's asks and the response
  // usage's answers; the usage, when present, says what was served and billed.
  requestSpeed: 'burnrate.request.speed',
  requestInferenceGeo: 'burnrate.request.inference_geo',
  usageSpeed: 'burnrate.usage.speed',
  usageInferenceGeo: 'burnrate.usage.inference_geo',
  webSearchRequests: 'burnrate.usage.server_tool_use.web_search_requests',
  webFetchRequests: 'burnrate.usage.server_tool_use.web_fetch_requests',
  guardAction: 'burnrate.guard.action',
  /** The sdk-hook's own instrumentation scope (its fallback span for 0.x SDKs). */
  sdkHookScope: '@burnrate/sdk-hook',
} as const;

// Claude Code's log events (claudeCode/): every name its telemetry uses that burnrate reads. Source: Claude Code's monitoring documentation,
// https://code.claude.com/docs/en/monitoring-usage ("Standard attributes", "API request event",
// "API error event", "Multi-team organization support", "Service information").

/** Log records: the event is named in the body ("claude_code.api_request"), in event.name
 * ("api_request") and, from SDKs that have the field, in LogRecord.event_name. */
export const ClaudeCodeEvent = {
  bodyPrefix: 'claude_code.',
  apiRequest: 'api_request',
  apiError: 'api_error',
} as const;

export const ClaudeCodeAttr = {
  eventName: 'event.name',
  eventTimestamp: 'event.timestamp', // ISO 8601
  eventSequence: 'event.sequence', // monotonically increasing within a session
  sessionId: 'session.id',
  model: 'model',
  costUsd: 'cost_usd', // Claude Code's own estimate; burnrate prices from its own table
  durationMs: 'duration_ms',
  inputTokens: 'input_tokens', // the API usage block's input_tokens: uncached input
  outputTokens: 'output_tokens',
  cacheReadTokens: 'cache_read_tokens',
  cacheCreationTokens: 'cache_creation_tokens', // 5-minute and 1-hour writes together
  requestId: 'request_id',
  clientRequestId: 'client_request_id',
  speed: 'speed', // "fast" or "normal"
  querySource: 'query_source', // repl_main_thread, compact, a subagent name, …
  statusCode: 'status_code', // api_error only
  attempt: 'attempt', // api_error only: attempts made, 1 = no retry
  userId: 'user.id', // anonymous per-installation id
  userEmail: 'user.email', // when signed in with OAuth
  userAccountId: 'user.account_id',
  userAccountUuid: 'user.account_uuid',
  enduserId: 'enduser.id', // what its documentation suggests for API-key and cloud deployments
  // Team names its documentation's OTEL_RESOURCE_ATTRIBUTES examples use.
  teamId: 'team.id',
  team: 'team',
  department: 'department',
} as const;

/** Resource: service.name is "claude-code", or "claude-code-desktop" for the desktop Code tab. */
export const CLAUDE_CODE_SERVICE_PREFIX = 'claude-code';
export const CLAUDE_CODE_SCOPE_PREFIX = 'com.anthropic.claude_code';

/**
 * Where a team comes from, first match wins. Claude Code copies OTEL_RESOURCE_ATTRIBUTES onto
 * every event as well as the resource; its documentation's example for teams is
 * `department=engineering,team.id=platform`. burnrate's own name comes first so an
 * administrator can set it explicitly.
 */
export const TEAM_KEYS = [Burnrate.team, ClaudeCodeAttr.teamId, ClaudeCodeAttr.team, ClaudeCodeAttr.department] as const;

/**
 * Who made the request, first match wins: an explicit burnrate.user, the signed-in email, the
 * `enduser.id` the documentation suggests setting for API-key and cloud-provider deployments
 * (which have no Claude account), the account ids, and last the anonymous installation id.
 */
export const USER_KEYS = [
  Burnrate.user,
  ClaudeCodeAttr.userEmail,
  ClaudeCodeAttr.enduserId,
  ClaudeCodeAttr.userAccountId,
  ClaudeCodeAttr.userAccountUuid,
  ClaudeCodeAttr.userId,
] as const;
