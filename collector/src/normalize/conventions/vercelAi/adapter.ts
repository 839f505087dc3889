// The Vercel AI SDK (`ai` with `@ai-sdk/anthropic`, experimental_telemetry on). One
// ai.generateText / ai.streamText span is the call the app made; each HTTP attempt is a child
// ai.*.doGenerate / doStream span, so retries are the children beyond the first. Its provider is
// "anthropic.messages" (gen_ai.system), not "anthropic". Its ai.usage.inputTokens includes the
// cache; the split is in ai.usage.inputTokenDetails.*, and the 5m/1h write split only in the raw
// usage of ai.response.providerMetadata. Its spans carry no HTTP status.
import { VercelAi } from '../../../semconv';
import { numberAttr, stringAttr, tokenAttr } from '../../attributes';
import { isClaudeModel, type Adapter } from '../../callFacts';
import { errorDetails, exceptionType } from '../../errorDetails';
import { providerMetadataUsage } from '../../rawUsage';

const STOP_REASONS: Record<string, string> = { stop: 'end_turn', 'tool-calls': 'tool_use', length: 'max_tokens' };

export const isVercelAiAttempt = (operationId: string | undefined) => (VercelAi.attemptOperations as readonly string[]).includes(operationId ?? '');

export const vercelAiAdapter: Adapter = (span, _scopeName, context) => {
  const a = span.attributes;
  const operation = stringAttr(a, VercelAi.operationId);
  if (!(VercelAi.callOperations as readonly string[]).includes(operation ?? '')) return undefined;
  const provider = stringAttr(a, VercelAi.modelProvider) ?? '';
  const requestModel = stringAttr(a, VercelAi.modelId) ?? '';
  if (!provider.startsWith('anthropic') && !isClaudeModel(requestModel)) return undefined;
  const attempts = context.children(span).filter((child) => isVercelAiAttempt(stringAttr(child.attributes, VercelAi.operationId)));
  const last = attempts.sort((x, y) => Number(x.startTimeNs - y.startTimeNs)).at(-1);
  const firstChunkMs = last ? numberAttr(last.attributes, VercelAi.msToFirstChunk) : undefined;
  const failure = errorDetails(span);
  const split = providerMetadataUsage(stringAttr(a, VercelAi.providerMetadata));
  const reason = stringAttr(a, VercelAi.finishReason) ?? '';
  return {
    instrumentation: 'vercel-ai',
    provider: 'anthropic',
    operation: 'chat',
    requestModel,
    responseModel: (last && stringAttr(last.attributes, VercelAi.responseModel)) ?? '',
    usage: split ?? {
      input: tokenAttr(a, VercelAi.noCacheTokens),
      inputIncludesCache: false,
      output: tokenAttr(a, VercelAi.outputTokens),
      cacheRead: tokenAttr(a, VercelAi.cacheReadTokens),
      cacheWriteTotal: tokenAttr(a, VercelAi.cacheWriteTokens),
    },
    stream: operation === 'ai.streamText' || operation === 'ai.streamObject',
    ttftMs: firstChunkMs !== undefined && Number.isFinite(firstChunkMs) ? firstChunkMs : null,
    stopReason: STOP_REASONS[reason] ?? reason,
    serviceTier: '',
    requestId: failure.requestId ?? '',
    responseId: (last && stringAttr(last.attributes, VercelAi.responseId)) ?? '',
    statusCode: failure.statusCode ?? (span.statusCode === 2 ? undefined : 200),
    errorType: failure.errorType ?? (span.statusCode === 2 ? exceptionType(span) : undefined),
    retryCount: Math.max(0, attempts.length - 1),
  };
};
