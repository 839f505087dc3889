// The attribute names the Python instrumentations' source writes, copied from that source (the
// files each shape names), not from the collector's semconv.ts: the hand-made exports must not
// be made from the code they test.
export const PyGenAi = {
  operationName: 'gen_ai.operation.name',
  system: 'gen_ai.system',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  finishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  cacheCreationTokens: 'gen_ai.usage.cache_creation.input_tokens',
  cacheReadTokens: 'gen_ai.usage.cache_read.input_tokens',
  usageRaw: 'gen_ai.usage.raw', // Logfire's
  toolDefinitions: 'gen_ai.tool.definitions',
} as const;

/** A Python app's resource, as its OTel SDK sends it. */
export const PyResource = {
  serviceName: 'service.name',
  environment: 'deployment.environment.name',
} as const;
