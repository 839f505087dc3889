// OpenLLMetry (@traceloop/instrumentation-anthropic, and its Python twin). It copies the API's
// usage as is, so its input count excludes cache tokens.
import { GenAi, OpenLlmetry } from '../../../semconv';
import { boolAttr, firstStringAttr, stringAttr, tokenAttr } from '../../attributes';
import type { Adapter } from '../../callFacts';
import { errorDetails } from '../../errorDetails';

function anthropicStopReason(reason: string): string {
  return ANTHROPIC_STOP_REASONS[reason] ?? reason;
}

function isOpenLlmetryScope(scopeName: string): boolean {
  return scopeName.includes(OpenLlmetry.scopeMarker) || scopeName.startsWith(OpenLlmetry.pythonScopePrefix);
}

// OpenLLMetry maps Anthropic's stop reasons onto OpenAI's words; undo it so every instrumentation
// reports the API's own (stop_sequence also became 'stop': end_turn is the likelier reading).
const ANTHROPIC_STOP_REASONS: Record<string, string> = { stop: 'end_turn', tool_call: 'tool_use', length: 'max_tokens' };

export const openLlmetryAdapter: Adapter = (span, scopeName) => {
  if (!isOpenLlmetryScope(scopeName)) return undefined;
  const a = span.attributes;
  const requestModel = stringAttr(a, GenAi.requestModel);
  if (requestModel === undefined) return undefined;
  const failure = errorDetails(span);
  return {
    instrumentation: 'openllmetry',
    provider: stringAttr(a, GenAi.providerName) ?? stringAttr(a, GenAi.system) ?? 'anthropic',
    operation: stringAttr(a, GenAi.operationName) ?? 'chat',
    requestModel,
    responseModel: stringAttr(a, GenAi.responseModel) ?? '',
    usage: {
      input: tokenAttr(a, GenAi.inputTokens, GenAi.promptTokens),
      inputIncludesCache: false,
      output: tokenAttr(a, GenAi.outputTokens, GenAi.completionTokens),
      cacheRead: tokenAttr(a, GenAi.cacheReadTokens, GenAi.cacheReadTokensOld),
      cacheWriteTotal: tokenAttr(a, GenAi.cacheCreationTokens, GenAi.cacheWriteTokens, GenAi.cacheCreationTokensOld),
    },
    stream: boolAttr(a, GenAi.requestStream) ?? false,
    ttftMs: null,
    stopReason: anthropicStopReason(firstStringAttr(a, GenAi.finishReasons) ?? ''),
    serviceTier: '',
    requestId: failure.requestId ?? '',
    responseId: stringAttr(a, GenAi.responseId) ?? '',
    statusCode: failure.statusCode ?? (a.has(GenAi.responseModel) ? 200 : undefined),
    errorType: failure.errorType,
  };
};
