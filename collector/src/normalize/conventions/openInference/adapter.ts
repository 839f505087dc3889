// OpenInference (Arize): llm.* attributes; its prompt count includes cache reads and writes. Its
// own token attributes have no 5m/1h split, no stream flag and no ids, but output.value keeps the
// API's raw message (id and usage with the split) and llm.invocation_parameters the request's
// `stream`; a failure's status code, type and request id are in its exception message.
import { OpenInference } from '../../../semconv';
import { stringAttr, tokenAttr } from '../../attributes';
import { isClaudeModel, type Adapter } from '../../callFacts';
import { errorDetails } from '../../errorDetails';
import { jsonFlag, rawMessage } from '../../rawUsage';

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
  const raw = rawMessage(stringAttr(a, OpenInference.outputValue));
  const failure = errorDetails(span);
  return {
    instrumentation: 'openinference',
    provider: provider ?? 'anthropic',
    operation: 'chat',
    requestModel,
    responseModel,
    usage: raw.usage ?? {
      input: tokenAttr(a, OpenInference.promptTokens),
      inputIncludesCache: true,
      output: tokenAttr(a, OpenInference.completionTokens),
      cacheRead: tokenAttr(a, OpenInference.cacheReadTokens),
      cacheWriteTotal: tokenAttr(a, OpenInference.cacheWriteTokens),
    },
    stream: jsonFlag(stringAttr(a, OpenInference.invocationParameters), 'stream') ?? false,
    ttftMs: null,
    stopReason: stringAttr(a, OpenInference.finishReason) ?? '',
    serviceTier: '',
    requestId: failure.requestId ?? '',
    responseId: raw.id ?? '',
    statusCode: failure.statusCode ?? (span.statusCode === 1 || raw.id ? 200 : undefined),
    errorType: failure.errorType,
  };
};
