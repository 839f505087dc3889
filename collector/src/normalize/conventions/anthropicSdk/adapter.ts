// The Anthropic TypeScript SDK's own tracing (1.x, scope com.anthropic.sdk.*), and the
// sdk-hook's fallback span for 0.x SDKs, which copies its attribute names. Its input count
// includes cache reads and writes.
import { Anthropic, Burnrate, GenAi } from '../../../semconv';
import { boolAttr, firstStringAttr, numberAttr, stringAttr, tokenAttr } from '../../attributes';
import type { Adapter } from '../../callFacts';

export const anthropicSdkAdapter: Adapter = (span, scopeName) => {
  if (!scopeName.startsWith(Anthropic.scopePrefix) && scopeName !== Burnrate.sdkHookScope) return undefined;
  const a = span.attributes;
  const requestModel = stringAttr(a, GenAi.requestModel);
  if (requestModel === undefined) return undefined;
  const ttfcSeconds = numberAttr(a, GenAi.timeToFirstChunk);
  return {
    instrumentation: 'anthropic-sdk',
    provider: stringAttr(a, GenAi.providerName) ?? 'anthropic',
    operation: stringAttr(a, GenAi.operationName) ?? 'chat',
    requestModel,
    responseModel: stringAttr(a, GenAi.responseModel) ?? '',
    usage: {
      input: tokenAttr(a, GenAi.inputTokens),
      inputIncludesCache: true,
      output: tokenAttr(a, GenAi.outputTokens),
      cacheRead: tokenAttr(a, GenAi.cacheReadTokens),
      cacheWriteTotal: tokenAttr(a, GenAi.cacheWriteTokens),
      cacheWrite5m: tokenAttr(a, Anthropic.cacheWrite5m),
      cacheWrite1h: tokenAttr(a, Anthropic.cacheWrite1h),
    },
    stream: boolAttr(a, GenAi.requestStream) ?? false,
    ttftMs: ttfcSeconds !== undefined && Number.isFinite(ttfcSeconds) ? ttfcSeconds * 1000 : null,
    stopReason: stringAttr(a, Anthropic.stopReason) ?? firstStringAttr(a, GenAi.finishReasons) ?? '',
    serviceTier: stringAttr(a, Anthropic.serviceTier) ?? '',
    requestId: stringAttr(a, Anthropic.requestId) ?? stringAttr(a, Burnrate.attemptRequestId) ?? '',
    responseId: stringAttr(a, GenAi.responseId) ?? '',
  };
};
