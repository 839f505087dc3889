// OpenLIT (`openlit` on npm and PyPI): gen_ai.* names with the new gen_ai.provider.name, but its
// gen_ai.usage.input_tokens is Anthropic's own *uncached* count (the conventions say input
// includes cache), its stream flag and TTFT have names of their own, and its finish reasons are
// OpenAI's words. It reports no 5m/1h cache-write split: writes count as 5-minute.
import { GenAi, OpenLit } from '../../../semconv';
import { boolAttr, firstStringAttr, numberAttr, stringAttr, tokenAttr } from '../../attributes';
import type { Adapter } from '../../callFacts';
import { errorDetails } from '../../errorDetails';

const STOP_REASONS: Record<string, string> = { stop: 'end_turn', tool_call: 'tool_use', tool_calls: 'tool_use', length: 'max_tokens' };

function isOpenLit(scopeName: string, sdkName: string | undefined): boolean {
  return scopeName === OpenLit.scope || scopeName.startsWith(OpenLit.pythonScopePrefix) || sdkName === 'openlit';
}

export const openLitAdapter: Adapter = (span, scopeName) => {
  const a = span.attributes;
  if (!isOpenLit(scopeName, stringAttr(a, OpenLit.sdkName))) return undefined;
  const provider = stringAttr(a, GenAi.providerName) ?? stringAttr(a, GenAi.system);
  const requestModel = stringAttr(a, GenAi.requestModel);
  if (requestModel === undefined || (provider !== undefined && provider !== 'anthropic')) return undefined;
  const ttftSeconds = numberAttr(a, OpenLit.timeToFirstToken);
  const failure = errorDetails(span);
  const reason = firstStringAttr(a, GenAi.finishReasons) ?? '';
  return {
    instrumentation: 'openlit',
    provider: 'anthropic',
    operation: stringAttr(a, GenAi.operationName) ?? 'chat',
    requestModel,
    responseModel: stringAttr(a, GenAi.responseModel) ?? '',
    usage: {
      input: tokenAttr(a, GenAi.inputTokens),
      inputIncludesCache: false,
      output: tokenAttr(a, GenAi.outputTokens),
      cacheRead: tokenAttr(a, GenAi.cacheReadTokens),
      cacheWriteTotal: tokenAttr(a, GenAi.cacheCreationTokens),
    },
    stream: boolAttr(a, OpenLit.isStream) ?? false,
    ttftMs: ttftSeconds !== undefined && Number.isFinite(ttftSeconds) ? ttftSeconds * 1000 : null,
    stopReason: STOP_REASONS[reason] ?? reason,
    serviceTier: '',
    requestId: failure.requestId ?? '',
    responseId: stringAttr(a, GenAi.responseId) ?? '',
    statusCode: failure.statusCode ?? (span.statusCode === 2 ? undefined : 200),
    errorType: failure.errorType,
  };
};
