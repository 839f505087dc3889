// Any other exporter that follows the OTel GenAI conventions for an Anthropic call.
// New spelling (gen_ai.provider.name, dotted cache names): input_tokens includes cache, as the
// current conventions define it. Old spelling (gen_ai.system, prompt_tokens, underscore cache
// names): those instrumentations copied Anthropic's usage, whose input excludes cache.
import { Anthropic, GenAi } from '../../../semconv';
import { boolAttr, firstStringAttr, numberAttr, stringAttr, tokenAttr } from '../../attributes';
import { isClaudeModel, type Adapter } from '../../callFacts';
import { errorDetails } from '../../errorDetails';

const ANTHROPIC_PROVIDERS = new Set(['anthropic', 'aws.bedrock', 'gcp.vertex_ai', 'azure.ai.inference']);

export const genAiAdapter: Adapter = (span) => {
  const a = span.attributes;
  const newProvider = stringAttr(a, GenAi.providerName);
  const provider = newProvider ?? stringAttr(a, GenAi.system);
  const requestModel = stringAttr(a, GenAi.requestModel);
  const responseModel = stringAttr(a, GenAi.responseModel) ?? '';
  if (provider === undefined || requestModel === undefined) return undefined;
  const claude = provider === 'anthropic' || (ANTHROPIC_PROVIDERS.has(provider) && isClaudeModel(requestModel || responseModel));
  if (!claude) return undefined;
  const oldSpelling = newProvider === undefined || a.has(GenAi.promptTokens);
  const ttfcSeconds = numberAttr(a, GenAi.timeToFirstChunk);
  const failure = errorDetails(span);
  return {
    instrumentation: 'genai',
    provider,
    operation: stringAttr(a, GenAi.operationName) ?? 'chat',
    requestModel,
    responseModel,
    usage: {
      input: tokenAttr(a, GenAi.inputTokens, GenAi.promptTokens),
      inputIncludesCache: !oldSpelling,
      output: tokenAttr(a, GenAi.outputTokens, GenAi.completionTokens),
      cacheRead: tokenAttr(a, GenAi.cacheReadTokens, GenAi.cacheReadTokensOld),
      cacheWriteTotal: tokenAttr(a, GenAi.cacheCreationTokens, GenAi.cacheWriteTokens, GenAi.cacheCreationTokensOld),
      cacheWrite5m: tokenAttr(a, Anthropic.cacheWrite5m),
      cacheWrite1h: tokenAttr(a, Anthropic.cacheWrite1h),
    },
    stream: boolAttr(a, GenAi.requestStream) ?? false,
    ttftMs: ttfcSeconds !== undefined && Number.isFinite(ttfcSeconds) ? ttfcSeconds * 1000 : null,
    stopReason: stringAttr(a, Anthropic.stopReason) ?? firstStringAttr(a, GenAi.finishReasons) ?? '',
    serviceTier: stringAttr(a, Anthropic.serviceTier) ?? '',
    requestId: stringAttr(a, Anthropic.requestId) ?? failure.requestId ?? '',
    responseId: stringAttr(a, GenAi.responseId) ?? '',
    statusCode: failure.statusCode,
    errorType: failure.errorType,
  };
};
