// Logfire's LLM integration for Anthropic (logfire.instrument_anthropic(); scope logfire.anthropic).
// Its gen_ai.usage.input_tokens includes cache reads and writes but it sends no cache counts of its
// own: the split, 5m/1h included, is only in gen_ai.usage.raw (the API's usage object as JSON), read
// first. Lists go out as JSON text (finish reasons). A stream is two spans, siblings: the request's
// span, ended with no usage once the stream is returned (not a call by itself), and a zero-length
// log "streaming response from …" when the stream was read, with the usage: that log is the call.
// A failure is the Python SDK's message in the status ("RateLimitError: Error code: 429 - {…}").
import type { Span } from '../../../otlp/model';
import { GenAi, Logfire } from '../../../semconv';
import { numberAttr, stringAttr, tokenAttr } from '../../attributes';
import type { Adapter } from '../../callFacts';
import { errorDetails } from '../../errorDetails';
import { jsonFlag, rawAnthropicUsage } from '../../rawUsage';

function jsonObject(text: string | undefined): unknown {
  if (!text || text[0] !== '{') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A finish-reasons attribute sent as JSON text ('["end_turn"]') or as an array. */
function firstReason(span: Span): string {
  const value = span.attributes.get(GenAi.finishReasons);
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : '';
  if (typeof value !== 'string') return '';
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && typeof parsed[0] === 'string' ? parsed[0] : '';
  } catch {
    return value;
  }
}

const isStreamLog = (span: Span) => stringAttr(span.attributes, Logfire.messageTemplate)?.startsWith(Logfire.streamLogTemplatePrefix) === true;

/** A stream's request span that did not fail: its call is the stream's log, so it is none itself. */
export function isLogfireStreamOpening(span: Span): boolean {
  return (
    stringAttr(span.attributes, Logfire.messageTemplate) !== undefined &&
    !isStreamLog(span) &&
    span.statusCode !== 2 &&
    jsonFlag(stringAttr(span.attributes, Logfire.requestData), 'stream') === true
  );
}

export const logfireAdapter: Adapter = (span, scopeName) => {
  if (!scopeName.startsWith(Logfire.scopePrefix)) return undefined;
  const a = span.attributes;
  const provider = stringAttr(a, GenAi.providerName) ?? stringAttr(a, GenAi.system);
  const requestModel = stringAttr(a, GenAi.requestModel);
  if (provider !== 'anthropic' || requestModel === undefined) return undefined;
  // The stream's log, or a stream request that failed before any stream.
  const stream = isStreamLog(span) || jsonFlag(stringAttr(a, Logfire.requestData), 'stream') === true;
  const failure = errorDetails(span);
  const streamSeconds = isStreamLog(span) ? numberAttr(a, Logfire.streamSeconds) : undefined;
  return {
    instrumentation: 'logfire',
    provider,
    operation: stringAttr(a, GenAi.operationName) ?? 'chat',
    requestModel,
    responseModel: stringAttr(a, GenAi.responseModel) ?? '',
    usage: rawAnthropicUsage(jsonObject(stringAttr(a, Logfire.usageRaw))) ?? {
      input: tokenAttr(a, GenAi.inputTokens),
      inputIncludesCache: true,
      output: tokenAttr(a, GenAi.outputTokens),
    },
    stream,
    ttftMs: null,
    stopReason: firstReason(span),
    serviceTier: '',
    requestId: failure.requestId ?? '',
    responseId: stringAttr(a, GenAi.responseId) ?? '',
    statusCode: failure.statusCode ?? (span.statusCode === 2 ? undefined : 200),
    errorType: failure.errorType,
    durationMs: streamSeconds !== undefined && Number.isFinite(streamSeconds) ? streamSeconds * 1000 : undefined,
  };
};
