// A scripted `fetch` for driving the real SDKs in tests: each HTTP attempt takes the next step,
// which returns a Response (JSON, SSE, errors with retry and rate-limit headers) or throws like
// a network failure. Requests are kept so tests can check what the SDK sent.

export type Step = (request: Request) => Response | Promise<Response>;

export interface SentRequest {
  url: string;
  headers: Headers;
  body: unknown;
}

export class Script {
  private readonly steps: Step[] = [];
  readonly requests: SentRequest[] = [];

  then(...steps: Step[]): this {
    this.steps.push(...steps);
    return this;
  }

  get remaining(): number {
    return this.steps.length;
  }

  readonly fetch = async (url: unknown, init?: RequestInit): Promise<Response> => {
    const request = new Request(String(url), init);
    const text = init?.body ? await request.clone().text() : undefined;
    this.requests.push({ url: request.url, headers: request.headers, body: text ? JSON.parse(text) : undefined });
    const step = this.steps.shift();
    if (!step) throw new Error(`script exhausted at request ${this.requests.length}`);
    return step(request);
  };
}

export const MODEL = 'claude-sonnet-4-6';
export const RESPONSE_MODEL = 'claude-sonnet-4-6-20260101';

export const USAGE = {
  input_tokens: 12,
  output_tokens: 34,
  cache_read_input_tokens: 1000,
  cache_creation_input_tokens: 300,
  cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 100 },
  service_tier: 'standard',
};

export const MESSAGE = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: RESPONSE_MODEL,
  content: [{ type: 'text', text: 'Hello there' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: USAGE,
};

export const PARAMS = {
  model: MODEL,
  max_tokens: 256,
  messages: [{ role: 'user' as const, content: 'Say hello' }],
};

export const RATE_LIMITS = {
  'anthropic-ratelimit-requests-limit': '50',
  'anthropic-ratelimit-requests-remaining': '49',
  'anthropic-ratelimit-requests-reset': '2026-11-21T12:00:00Z',
  'anthropic-ratelimit-tokens-limit': '90000',
  'anthropic-ratelimit-tokens-remaining': '80000',
  'anthropic-ratelimit-tokens-reset': '2026-11-21T12:00:01Z',
  'anthropic-ratelimit-input-tokens-limit': '80000',
  'anthropic-ratelimit-input-tokens-remaining': '70000',
  'anthropic-ratelimit-input-tokens-reset': '2026-11-21T12:00:02Z',
  'anthropic-ratelimit-output-tokens-limit': '10000',
  'anthropic-ratelimit-output-tokens-remaining': '9000',
  'anthropic-ratelimit-output-tokens-reset': '2026-11-21T12:00:03Z',
};

export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Step {
  return () =>
    new Response(JSON.stringify(body), {
      status: init.status ?? 200,
      headers: { 'content-type': 'application/json', ...init.headers },
    });
}

export function message(headers: Record<string, string> = {}, body: unknown = MESSAGE): Step {
  return json(body, { headers: { 'request-id': 'req_ok', ...headers } });
}

export function apiError(status: number, type: string, headers: Record<string, string> = {}): Step {
  return json(
    { type: 'error', error: { type, message: `scripted ${type}` } },
    { status, headers: { 'x-should-retry': status === 429 || status >= 500 ? 'true' : 'false', ...headers } },
  );
}

export function networkError(message = 'fetch failed'): Step {
  return () => {
    throw new TypeError(message);
  };
}

export function streamEvents(messageBody: typeof MESSAGE = MESSAGE): Array<Record<string, unknown>> {
  const { usage, content: _content, stop_reason: _stop, ...rest } = messageBody;
  return [
    { type: 'message_start', message: { ...rest, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' there' } },
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output_tokens } },
    { type: 'message_stop' },
  ];
}

/**
 * An SSE body sent one event per chunk, each after a macrotask, that fails with an AbortError
 * when the request is aborted, as undici's body does: so `abort()` and `break` act mid-stream.
 */
export function sse(events: Array<Record<string, unknown>>, headers: Record<string, string> = {}): Step {
  const chunks = events.map((event) => `event: ${String(event['type'])}\ndata: ${JSON.stringify(event)}\n\n`);
  return (request) => {
    const encoder = new TextEncoder();
    let next = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        request.signal.addEventListener('abort', () => {
          try {
            controller.error(new DOMException('This operation was aborted', 'AbortError'));
          } catch {}
        });
      },
      async pull(controller) {
        await new Promise((resolve) => setImmediate(resolve));
        if (request.signal.aborted) return;
        const chunk = chunks[next++];
        if (chunk === undefined) controller.close();
        else controller.enqueue(encoder.encode(chunk));
      },
    });
    return new Response(body, {
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'request-id': 'req_stream', ...headers },
    });
  };
}

export function countTokens(inputTokens: number): Step {
  return json({ input_tokens: inputTokens }, { headers: { 'request-id': 'req_count' } });
}
