// The OpenTelemetry Python contrib Anthropic instrumentation (opentelemetry-instrumentation-anthropic
// of opentelemetry-python-contrib, through opentelemetry-util-genai; scope
// opentelemetry.util.genai.handler). The current GenAI names: input_tokens includes cache reads and
// writes, the writes one total (no 5m/1h split). Where it differs from the generic reading: finish
// reasons in OpenAI's words, and a failure only as the Python SDK's message ("Error code: 429 - {…}")
// in the span status, its class name in error.type. No stream flag, no time to first token.
import { GenAi, OtelPythonGenAi } from '../../../semconv';
import { firstStringAttr, stringAttr, tokenAttr } from '../../attributes';
import type { Adapter } from '../../callFacts';
import { errorDetails } from '../../errorDetails';

const STOP_REASONS: Record<string, string> = { stop: 'end_turn', tool_calls: 'tool_use', length: 'max_tokens' };

export const otelPythonAdapter: Adapter = (span, scopeName) => {
  if (scopeName !== OtelPythonGenAi.scope) return undefined;
  const a = span.attributes;
  const provider = stringAttr(a, GenAi.providerName) ?? stringAttr(a, GenAi.system);
  const requestModel = stringAttr(a, GenAi.requestModel);
  if (provider !== 'anthropic' || requestModel === undefined) return undefined;
  const failure = errorDetails(span);
  const reason = firstStringAttr(a, GenAi.finishReasons) ?? '';
  return {
    instrumentation: 'otel-python',
    provider,
    operation: stringAttr(a, GenAi.operationName) ?? 'chat',
    requestModel,
    responseModel: stringAttr(a, GenAi.responseModel) ?? '',
    usage: {
      input: tokenAttr(a, GenAi.inputTokens),
      inputIncludesCache: true,
      output: tokenAttr(a, GenAi.outputTokens),
      cacheRead: tokenAttr(a, GenAi.cacheReadTokens),
      cacheWriteTotal: tokenAttr(a, GenAi.cacheCreationTokens),
    },
    stream: false,
    ttftMs: null,
    stopReason: STOP_REASONS[reason] ?? reason,
    serviceTier: '',
    requestId: failure.requestId ?? '',
    responseId: stringAttr(a, GenAi.responseId) ?? '',
    statusCode: failure.statusCode ?? (span.statusCode === 2 ? undefined : 200),
    errorType: failure.errorType,
  };
};
