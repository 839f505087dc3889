// Every span attribute name the collector reads. The gen_ai.* names are copied from the OTel
// GenAI semantic conventions (old and new spellings both, since exporters in the wild send
// both); the incubating conventions package can break in a minor release, so we copy, not import.
// Our own names live under burnrate.* and must match sdk-hook/src/semconv.ts.

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

/** OpenLIT's names where they differ from the GenAI conventions (its JS and Python SDKs share them). */
export const OpenLit = {
  scope: '@openlit/instrumentation-anthropic',
  pythonScopePrefix: 'openlit.instrumentation.anthropic',
  sdkName: 'telemetry.sdk.name', // 'openlit' on every span it makes
  isStream: 'gen_ai.request.is_stream',
  timeToFirstToken: 'gen_ai.server.time_to_first_token', // seconds
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
  /** One span event per HTTP attempt, added by the sdk-hook middleware. */
  attemptEvent: 'burnrate.attempt',
  attemptNumber: 'burnrate.attempt.number',
  attemptDurationMs: 'burnrate.attempt.duration_ms',
  attemptRetryAfterS: 'burnrate.attempt.retry_after_s',
  attemptRequestId: 'burnrate.attempt.request_id',
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
} as const;
