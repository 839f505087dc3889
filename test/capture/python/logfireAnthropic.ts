// Logfire's Anthropic instrumentation (logfire.instrument_anthropic(), pydantic/logfire 4.41.0,
// default semconv version 1), as its source at the commit below makes spans:
// - llm_providers/llm_provider.py: it wraps the client's `request` (the Python SDK's retries happen
//   inside, so one span per call), scope `logfire.anthropic`, tag LLM, kind CLIENT. A stream's span
//   ends as soon as the stream object is returned, with no usage; reading the stream to its end
//   then emits a log ("streaming response from … took …s", zero-length span, level info) in the
//   caller's context, a sibling of the request span, carrying the usage;
// - llm_providers/anthropic.py: request_data (the request body), gen_ai.system and
//   gen_ai.provider.name, request model, operation, max_tokens, tool definitions; on a message:
//   response_data, response model and id, finish reasons (the API's words, a list);
// - llm_providers/usage.py: gen_ai.usage.input_tokens = input + cache reads + cache writes, output,
//   and gen_ai.usage.raw, the API's usage object whole (the only place its cache split is);
// - main.py: a non-primitive attribute value (dict, list) is sent as JSON text; logfire.msg_template,
//   logfire.msg, logfire.json_schema, logfire.span_type, code.* of the caller;
// - tracer.py: an exception leaving the span sets status ERROR "<Class>: <message>", level error,
//   and the OTel SDK's exception event. Operation cost (operation.cost) needs the optional
//   genai-prices package, not installed here.
import { SpanKind, type Attributes } from '@opentelemetry/api';
import type { Scenario } from '../scenarios';
import { pythonErrorClass, pythonErrorMessage, pythonUsageDump, requestBody, type CallIds, type PythonInstrumentation, type SpanShape } from './shapes';
import { PyGenAi } from './semconv';

const SCOPE = { name: 'logfire.anthropic', version: '4.41.0' };
const REQUEST_TEMPLATE = 'Message with {request_data[model]!r}';
const STREAM_TEMPLATE = 'streaming response from {request_data[model]!r} took {duration:.2f}s';
const CALLER = { 'code.filepath': 'app.py', 'code.function': 'chat', 'code.lineno': 12 };

function requestData(scenario: Scenario): Attributes {
  const body = requestBody(scenario);
  const data: Attributes = {
    request_data: JSON.stringify(body),
    [PyGenAi.system]: 'anthropic',
    [PyGenAi.providerName]: 'anthropic',
    [PyGenAi.requestModel]: scenario.model,
    [PyGenAi.operationName]: 'chat',
    [PyGenAi.requestMaxTokens]: 64,
  };
  if (body.tools) data[PyGenAi.toolDefinitions] = JSON.stringify(body.tools);
  data.async = false;
  return data;
}

const logfireAttributes = (template: string, message: string, spanType: 'span' | 'log'): Attributes => ({
  'logfire.msg_template': template,
  'logfire.msg': message,
  'logfire.json_schema': JSON.stringify({ type: 'object', properties: { request_data: { type: 'object' } } }),
  'logfire.tags': ['LLM'],
  'logfire.span_type': spanType,
});

function spansOf(scenario: Scenario, ids: CallIds): SpanShape[] {
  const last = scenario.steps.at(-1)!;
  const endMs = 40 * scenario.steps.length;
  const request: SpanShape = {
    name: REQUEST_TEMPLATE,
    kind: SpanKind.CLIENT,
    scope: SCOPE,
    attributes: { ...CALLER, ...requestData(scenario), ...logfireAttributes(REQUEST_TEMPLATE, `Message with '${scenario.model}'`, 'span') },
    startMs: 1,
    endMs,
  };
  if (!last.usage) {
    const message = pythonErrorMessage(last.status, last.errorType!, ids.requestIds.at(-1)!);
    const errorClass = pythonErrorClass(last.status);
    return [
      {
        ...request,
        attributes: { ...request.attributes, 'logfire.level_num': 17 },
        status: { code: 2, message: `${errorClass}: ${message}` },
        events: [
          {
            name: 'exception',
            atMs: endMs,
            attributes: {
              'exception.type': errorClass,
              'exception.message': message,
              'exception.stacktrace': `Traceback (most recent call last):\n  File "app.py", line 12, in chat\nanthropic.${errorClass}: ${message}`,
              'exception.escaped': 'True',
            },
          },
        ],
      },
    ];
  }
  const u = last.usage;
  const usage: Attributes = {
    [PyGenAi.inputTokens]: u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens,
    [PyGenAi.outputTokens]: u.output_tokens,
    [PyGenAi.usageRaw]: JSON.stringify(pythonUsageDump(u)),
  };
  if (scenario.stream) {
    const opened = { ...request, endMs: 5 };
    const seconds = (endMs - 5) / 1000;
    const streamed: SpanShape = {
      name: STREAM_TEMPLATE,
      kind: SpanKind.INTERNAL,
      scope: SCOPE,
      attributes: {
        ...CALLER,
        ...requestData(scenario),
        duration: seconds,
        response_data: JSON.stringify({ combined_chunk_content: 'ok', chunk_count: 1 }),
        ...usage,
        ...logfireAttributes(STREAM_TEMPLATE, `streaming response from '${scenario.model}' took ${seconds.toFixed(2)}s`, 'log'),
        'logfire.level_num': 9,
      },
      startMs: endMs,
      endMs,
    };
    return [opened, streamed];
  }
  const content = scenario.tool
    ? {
        role: 'assistant',
        tool_calls: [{ id: `toolu_${ids.messageId!.slice(4)}`, function: { arguments: '{"input":{"city":"Paris"}}', name: 'get_weather' } }],
      }
    : { role: 'assistant', content: 'ok' };
  return [
    {
      ...request,
      attributes: {
        ...request.attributes,
        response_data: JSON.stringify({ message: content, usage: pythonUsageDump(u) }),
        [PyGenAi.responseModel]: last.responseModel!,
        [PyGenAi.responseId]: ids.messageId!,
        ...usage,
        [PyGenAi.finishReasons]: JSON.stringify([last.stopReason]),
      },
    },
  ];
}

export const logfireAnthropic: PythonInstrumentation = {
  suite: 'logfire',
  source: {
    repository: 'pydantic/logfire',
    commit: 'e484a6b53a0df3062d304ce258573e387cf3140a',
    files: [
      'logfire/_internal/integrations/llm_providers/llm_provider.py',
      'logfire/_internal/integrations/llm_providers/anthropic.py',
      'logfire/_internal/integrations/llm_providers/usage.py',
      'logfire/_internal/integrations/llm_providers/semconv.py',
      'logfire/_internal/main.py',
      'logfire/_internal/tracer.py',
    ],
    distribution: 'logfire',
    version: '4.41.0',
  },
  spansOf,
};
