// Langtrace (@langtrase/typescript-sdk): one span per messages.create, named by its own
// langtrace.* attributes (no gen_ai.system or provider name) beside gen_ai.request/response.model
// and gen_ai.usage.*. What its source does, read in the release captured (6.3.7):
// - since it moved to the gen_ai.usage.input/output_tokens names (4.x), it writes the API's
//   output count under input_tokens and the input count under output_tokens; read back swapped for
//   the releases that do so (the older prompt/completion names were the right way round);
// - its input is Anthropic's own, uncached; it reports no cache reads or writes at all;
// - a stream's usage is message_start's, so its output is that event's placeholder, not the count;
// - no stream flag: a stream has a `stream.start` event, and each chunk a completion event (the
//   first one's time is the time to first chunk);
// - no stop reason, no ids, no retries; a failure's status, type and request id are in its
//   exception message.
import { GenAi, Langtrace } from '../../../semconv';
import { stringAttr, tokenAttr } from '../../attributes';
import type { Adapter } from '../../callFacts';
import { errorDetails } from '../../errorDetails';

/** The last release seen swapping input and output: a later one is read as named until a capture shows otherwise. */
const LAST_SWAPPING_RELEASE = [6, 3, 7];

function swapsInputAndOutput(sdkName: string | undefined, version: string | undefined): boolean {
  if (sdkName !== Langtrace.scope || version === undefined) return false;
  const parts = version.split(/[.+-]/).slice(0, 3).map(Number);
  if (parts.length < 3 || parts.some((n) => !Number.isInteger(n))) return false;
  for (let i = 0; i < 3; i++) if (parts[i] !== LAST_SWAPPING_RELEASE[i]) return parts[i]! < LAST_SWAPPING_RELEASE[i]!;
  return true;
}

export const langtraceAdapter: Adapter = (span, scopeName) => {
  const a = span.attributes;
  const sdkName = stringAttr(a, Langtrace.sdkName);
  if (scopeName !== Langtrace.scope && sdkName === undefined) return undefined;
  if (stringAttr(a, Langtrace.serviceName)?.toLowerCase() !== 'anthropic') return undefined;
  const requestModel = stringAttr(a, GenAi.requestModel);
  if (requestModel === undefined) return undefined;
  const named = { input: tokenAttr(a, GenAi.inputTokens), output: tokenAttr(a, GenAi.outputTokens) };
  const swapped = swapsInputAndOutput(sdkName, stringAttr(a, Langtrace.version));
  const streamStart = span.events.find((e) => e.name === Langtrace.streamStartEvent);
  const firstChunk = streamStart && span.events.find((e) => e.name === Langtrace.completionEvent && e.timeNs >= streamStart.timeNs);
  const failure = errorDetails(span);
  return {
    instrumentation: 'langtrace',
    provider: 'anthropic',
    operation: stringAttr(a, GenAi.operationName) ?? 'chat',
    requestModel,
    responseModel: stringAttr(a, GenAi.responseModel) ?? '',
    usage: {
      input: (swapped ? named.output : named.input) ?? tokenAttr(a, GenAi.promptTokens),
      inputIncludesCache: false,
      output: (swapped ? named.input : named.output) ?? tokenAttr(a, GenAi.completionTokens),
    },
    stream: streamStart !== undefined,
    ttftMs: firstChunk ? Number(firstChunk.timeNs - span.startTimeNs) / 1e6 : null,
    stopReason: '',
    serviceTier: '',
    requestId: failure.requestId ?? '',
    responseId: '',
    statusCode: failure.statusCode ?? (span.statusCode === 2 ? undefined : 200),
    errorType: failure.errorType,
  };
};
