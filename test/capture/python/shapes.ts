// What a Python instrumentation's spans look like, written by hand from its source (no PyPI here,
// so it cannot be captured): each instrumentation file names the source files and the commit it
// follows, and turns one scripted scenario (scenarios.ts) into the spans that source would make.
// handMade.ts sends them through the real OTel JS SDK and OTLP exporters, as the captures do.
import type { Attributes, SpanKind } from '@opentelemetry/api';
import type { Scenario, Usage } from '../scenarios';

export interface PythonSource {
  repository: string;
  commit: string;
  /** The files whose attribute names the shapes follow. */
  files: string[];
  /** The distribution and version those files are. */
  distribution: string;
  version: string;
}

/** The API's ids for one scenario: its message id (when it succeeded) and each attempt's request id. */
export interface CallIds {
  messageId?: string;
  requestIds: string[];
}

export interface SpanShape {
  name: string;
  kind: SpanKind;
  scope: { name: string; version?: string; schemaUrl?: string };
  attributes: Attributes;
  status?: { code: 1 | 2; message?: string };
  events?: { name: string; attributes: Attributes; atMs: number }[];
  /** Milliseconds after the app's span starts. */
  startMs: number;
  endMs: number;
}

export interface PythonInstrumentation {
  /** The conformance folder: test/fixtures/conformance/<suite>/. */
  suite: string;
  source: PythonSource;
  spansOf(scenario: Scenario, ids: CallIds): SpanShape[];
}

/** The Python SDK's error class for a status (anthropic/_exceptions.py). */
export function pythonErrorClass(status: number): string {
  if (status === 400) return 'BadRequestError';
  if (status === 429) return 'RateLimitError';
  if (status === 529) return 'OverloadedError';
  return 'InternalServerError';
}

/** str() of the Python SDK's status error: `Error code: N - <the JSON body as a Python dict>`. */
export function pythonErrorMessage(status: number, errorType: string, requestId: string): string {
  return `Error code: ${status} - {'type': 'error', 'error': {'type': '${errorType}', 'message': 'scripted ${status}'}, 'request_id': '${requestId}'}`;
}

/** Usage.model_dump(exclude_none=True), as a dict: the Python SDK's field order. */
export function pythonUsageDump(u: Usage): Record<string, unknown> {
  return {
    cache_creation: {
      ephemeral_1h_input_tokens: u.cache_creation.ephemeral_1h_input_tokens,
      ephemeral_5m_input_tokens: u.cache_creation.ephemeral_5m_input_tokens,
    },
    cache_creation_input_tokens: u.cache_creation_input_tokens,
    cache_read_input_tokens: u.cache_read_input_tokens,
    input_tokens: u.input_tokens,
    output_tokens: u.output_tokens,
    service_tier: u.service_tier,
  };
}

/** The request body the Python SDK sends for a scenario (the same call the JS captures make). */
export function requestBody(scenario: Scenario): Record<string, unknown> {
  const body: Record<string, unknown> = { max_tokens: 64, messages: [{ role: 'user', content: `scenario:${scenario.name}` }], model: scenario.model };
  if (scenario.stream) body.stream = true;
  if (scenario.tool) {
    body.tools = [
      { name: 'get_weather', description: 'Weather in a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    ];
  }
  return body;
}
