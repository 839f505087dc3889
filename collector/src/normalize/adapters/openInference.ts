// OpenInference (Arize): llm.* attributes; its prompt count includes cache reads and writes.
import { OpenInference } from '../../semconv';
import { stringAttr, tokenAttr } from '../attributes';
import { isClaudeModel, type Adapter } from './callFacts';

function isAnthropic(provider: string | undefined, model: string | undefined): boolean {
  return provider?.toLowerCase() === 'anthropic' || isClaudeModel(model);
}

export const openInferenceAdapter: Adapter = (span) => {
  const a = span.attributes;
  if (stringAttr(a, OpenInference.spanKind)?.toUpperCase() !== 'LLM') return undefined;
  const responseModel = stringAttr(a, OpenInference.responseModelName) ?? stringAttr(a, OpenInference.modelName) ?? '';
  const requestModel = stringAttr(a, OpenInference.requestModelName) ?? stringAttr(a, OpenInference.modelName) ?? responseModel;
  const provider = stringAttr(a, OpenInference.provider) ?? stringAttr(a, OpenInference.system);
  if (!isAnthropic(provider, requestModel || responseModel)) return undefined;
  return {
    instrumentation: 'openinference',
    provider: provider ?? 'anthropic',
    operation: 'chat',
    requestModel,
    responseModel,
    usage: {
      input: tokenAttr(a, OpenInference.promptTokens),
      inputIncludesCache: true,
      output: tokenAttr(a, OpenInference.completionTokens),
      cacheRead: tokenAttr(a, OpenInference.cacheReadTokens),
      cacheWriteTotal: tokenAttr(a, OpenInference.cacheWriteTokens),
    },
    stream: false,
    ttftMs: null,
    stopReason: stringAttr(a, OpenInference.finishReason) ?? '',
    serviceTier: '',
    requestId: '',
  };
};
