// The OpenTelemetry Python contrib Anthropic instrumentation (opentelemetry-instrumentation-anthropic
// in open-telemetry/opentelemetry-python-contrib, never released from there: the repository later
// moved it out), as its source at the commit below makes spans. It starts and ends each span
// through opentelemetry-util-genai's TelemetryHandler, so the span's scope is that module's:
// - handler.py: tracer `opentelemetry.util.genai.handler`, util-genai's version, schema 1.37.0;
// - _inference_invocation.py: name `chat <model>`, kind CLIENT, gen_ai.provider.name, response
//   model and id, finish reasons, input/output tokens;
// - _invocation.py: a failure sets status ERROR with str(exc) and error.type = the class name;
// - anthropic messages_extractors.py: gen_ai.system, request model and max_tokens, server.address;
//   gen_ai.usage.input_tokens = input + cache reads + cache writes; cache_creation.input_tokens and
//   cache_read.input_tokens as the API gave them (no 5m/1h split);
// - anthropic utils.py: finish reasons in OpenAI's words (end_turn → stop, tool_use → tool_calls);
// - anthropic wrappers.py / patch.py: a stream's span ends when it is read to the end, with the
//   accumulated message's usage; no stream flag, no time to first token. The Python SDK retries
//   inside messages.create, so one span per call.
import { SpanKind } from '@opentelemetry/api';
import type { Scenario } from '../scenarios';
import { pythonErrorClass, pythonErrorMessage, type CallIds, type PythonInstrumentation, type SpanShape } from './shapes';
import { PyGenAi } from './semconv';

const FINISH_REASONS: Record<string, string> = { end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', tool_use: 'tool_calls' };

function spanOf(scenario: Scenario, ids: CallIds): SpanShape {
  const last = scenario.steps.at(-1)!;
  const request = {
    [PyGenAi.operationName]: 'chat',
    [PyGenAi.requestModel]: scenario.model,
    [PyGenAi.providerName]: 'anthropic',
    'server.address': 'api.anthropic.com',
    [PyGenAi.system]: 'anthropic',
    [PyGenAi.requestMaxTokens]: 64,
  };
  const shape = {
    name: `chat ${scenario.model}`,
    kind: SpanKind.CLIENT,
    scope: { name: 'opentelemetry.util.genai.handler', version: '0.5b0.dev', schemaUrl: 'https://opentelemetry.io/schemas/1.37.0' },
    startMs: 1,
    endMs: 40 * scenario.steps.length,
  };
  if (!last.usage) {
    const requestId = ids.requestIds.at(-1)!;
    return {
      ...shape,
      attributes: { ...request, 'error.type': pythonErrorClass(last.status) },
      status: { code: 2, message: pythonErrorMessage(last.status, last.errorType!, requestId) },
    };
  }
  const u = last.usage;
  return {
    ...shape,
    attributes: {
      ...request,
      [PyGenAi.finishReasons]: [FINISH_REASONS[last.stopReason!] ?? last.stopReason!],
      [PyGenAi.responseModel]: last.responseModel!,
      [PyGenAi.responseId]: ids.messageId!,
      [PyGenAi.inputTokens]: u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens,
      [PyGenAi.outputTokens]: u.output_tokens,
      [PyGenAi.cacheCreationTokens]: u.cache_creation_input_tokens,
      [PyGenAi.cacheReadTokens]: u.cache_read_input_tokens,
    },
  };
}

export const otelContribAnthropic: PythonInstrumentation = {
  suite: 'otel-python',
  source: {
    repository: 'open-telemetry/opentelemetry-python-contrib',
    commit: 'b58694e5fe37905e5aa75ef333bed9c32f024ea3',
    files: [
      'instrumentation-genai/opentelemetry-instrumentation-anthropic/src/opentelemetry/instrumentation/anthropic/patch.py',
      'instrumentation-genai/opentelemetry-instrumentation-anthropic/src/opentelemetry/instrumentation/anthropic/messages_extractors.py',
      'instrumentation-genai/opentelemetry-instrumentation-anthropic/src/opentelemetry/instrumentation/anthropic/utils.py',
      'instrumentation-genai/opentelemetry-instrumentation-anthropic/src/opentelemetry/instrumentation/anthropic/wrappers.py',
      'util/opentelemetry-util-genai/src/opentelemetry/util/genai/handler.py',
      'util/opentelemetry-util-genai/src/opentelemetry/util/genai/_inference_invocation.py',
      'util/opentelemetry-util-genai/src/opentelemetry/util/genai/_invocation.py',
    ],
    distribution: 'opentelemetry-instrumentation-anthropic',
    version: '2.0b0.dev',
  },
  spansOf: (scenario, ids) => [spanOf(scenario, ids)],
};
