import type Anthropic from '@anthropic-ai/sdk';
import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Burnrate } from '../../../sdk-hook/src/instrument';
import { Anthropic as A, Burnrate as B, GenAi, Http, rateLimitAttribute, rateLimitHeader, SCOPE_NAME } from '../../../sdk-hook/src/semconv';
import {
  counted,
  failed,
  fallbackCountTokens,
  fallbackCreate,
  MESSAGE_ATTRIBUTES,
  nativeCountTokens,
  nativeCreate,
  resent,
  responded,
  STREAMED,
} from './expected';
import { apiError, countTokens, json, MESSAGE, message, networkError, PARAMS, RATE_LIMITS, Script, sse, streamEvents } from './scriptedFetch';
import { accepted, attempt, attemptsOf, expectNoHookFailures, finishedSpans, onlySpan, RATE_LIMIT_ATTRIBUTES, rejected } from './spans';

/** An SDK module's default export; 0.x is typed as 1.x, whose surface the tests use is the same. */
export type Sdk = typeof Anthropic;

export interface SuiteSetup {
  label: string;
  sdk: Sdk;
  /** true: the SDK's own span, decorated by the middleware; false: burnrate's fallback span. */
  native: boolean;
  burnrate: () => Burnrate;
  exporter: InMemorySpanExporter;
  /** How the script reaches the client; a scripted `fetch` by default. */
  transport?: Transport;
}

/** How a Script answers a client's HTTP attempts. */
export interface Transport {
  /** Client options that route the client's requests to `script`. */
  clientOptions(script: Script): Record<string, unknown>;
  /** The `server.*` attributes the call spans then carry (read once the transport is up). */
  serverAttributes(): Attributes;
  /** The exception class an attempt records when the connection fails. */
  networkErrorClass: string;
}

/** Steps answered in-process through the client's `fetch` option, as api.anthropic.com. */
export const SCRIPTED_FETCH: Transport = {
  clientOptions: (script) => ({ fetch: script.fetch }),
  serverAttributes: () => ({}),
  networkErrorClass: 'TypeError',
};

const STREAM_REQUEST_ID = 'req_stream';

/**
 * The behaviours every supported client shape must have, each run against the real SDK with a
 * scripted fetch: attempts, the SDK's objects handed back untouched, spans ended exactly once,
 * errors with their classes.
 */
export function callSuite(setup: SuiteSetup): void {
  const { sdk, native, exporter } = setup;
  const transport = setup.transport ?? SCRIPTED_FETCH;
  const create = (...extra: Attributes[]) => (native ? nativeCreate(...extra) : fallbackCreate(...extra, transport.serverAttributes()));
  const count = (...extra: Attributes[]) => (native ? nativeCountTokens(...extra) : fallbackCountTokens(...extra, transport.serverAttributes()));
  const scope = native ? /^com\.anthropic\.sdk/ : new RegExp(`^${SCOPE_NAME}$`);

  function client(script: Script, maxRetries = 2): Anthropic {
    const plain = new sdk({
      apiKey: 'test-key',
      maxRetries,
      ...transport.clientOptions(script),
      ...(native ? {} : { openTelemetry: false }),
    });
    return setup.burnrate().anthropic(plain);
  }

  function plainClient(script: Script, maxRetries = 2): Anthropic {
    return new sdk({ apiKey: 'test-key', maxRetries, ...transport.clientOptions(script), openTelemetry: false });
  }

  async function spans(): Promise<ReadableSpan[]> {
    const all = await finishedSpans(() => setup.burnrate().flush(), exporter);
    for (const span of all) expect(span.instrumentationScope.name).toMatch(scope);
    return all;
  }

  function streamed(...extra: Attributes[]): Attributes {
    return create(STREAMED, responded(200, STREAM_REQUEST_ID), MESSAGE_ATTRIBUTES, ...extra);
  }

  describe(setup.label, () => {
    beforeEach(async () => {
      await setup.burnrate().flush(); // a failed test may leave a span queued
      exporter.reset();
    });

    it('429-then-200-records-both-attempts', async () => {
      const script = new Script().then(
        apiError(429, 'rate_limit_error', { 'retry-after-ms': '5', 'retry-after': '1', 'request-id': 'req_429a' }),
        apiError(429, 'rate_limit_error', { 'retry-after-ms': '1', 'request-id': 'req_429b', ...RATE_LIMITS }),
        message(RATE_LIMITS),
      );
      const result = await client(script).messages.create(PARAMS);
      expect(result).toEqual(MESSAGE);
      const span = onlySpan(await spans());
      expect(span.attributes).toEqual(create(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES, resent(2), RATE_LIMIT_ATTRIBUTES));
      expect(span.status.code).toBe(SpanStatusCode.OK);
      expect(attemptsOf(span)).toEqual([
        rejected(1, 429, 'rate_limit_error', 'req_429a', 0.005),
        rejected(2, 429, 'rate_limit_error', 'req_429b', 0.001),
        accepted(3, 'req_ok'),
      ]);
      expectNoHookFailures();
    });

    it('529-exhausts-retries-records-each-attempt', async () => {
      const headers = { 'retry-after-ms': '1', 'request-id': 'req_529' };
      const script = new Script().then(apiError(529, 'overloaded_error', headers), apiError(529, 'overloaded_error', headers));
      const error = await client(script, 1)
        .messages.create(PARAMS)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(sdk.InternalServerError);
      const span = onlySpan(await spans());
      expect(span.attributes).toEqual(create(responded(529, 'req_529'), resent(1), failed('overloaded_error')));
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(attemptsOf(span)).toEqual([rejected(1, 529, 'overloaded_error', 'req_529', 0.001), rejected(2, 529, 'overloaded_error', 'req_529', 0.001)]);
      expectNoHookFailures();
    });

    it('connection-error-attempt-has-exception-class', async () => {
      const script = new Script().then(networkError(), message());
      await client(script, 1).messages.create(PARAMS);
      const span = onlySpan(await spans());
      expect(span.attributes).toEqual(create(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES, resent(1)));
      expect(attemptsOf(span)).toEqual([attempt(1, { [Http.errorType]: transport.networkErrorClass, [B.attemptLimitClass]: 'other' }), accepted(2, 'req_ok')]);
    });

    it('stream-records-attempt-and-first-chunk', async () => {
      const script = new Script().then(sse(streamEvents(), RATE_LIMITS));
      const stream = await client(script).messages.create({ ...PARAMS, stream: true });
      const events: unknown[] = [];
      for await (const event of stream) events.push(event);
      expect(events).toEqual(streamEvents());
      const span = onlySpan(await spans());
      expect(span.attributes).toEqual(streamed(RATE_LIMIT_ATTRIBUTES));
      expect(span.status.code).toBe(SpanStatusCode.OK);
      expect(attemptsOf(span)).toEqual([accepted(1, STREAM_REQUEST_ID)]);
      expectNoHookFailures();
    });

    it('stream-abort-ends-span-once', async () => {
      const script = new Script().then(sse(streamEvents()));
      const stream = await client(script).messages.create({ ...PARAMS, stream: true });
      const seen: unknown[] = [];
      for await (const event of stream) {
        seen.push(event);
        if (seen.length === 3) stream.controller.abort();
      }
      expect(seen).toHaveLength(3);
      const span = onlySpan(await spans());
      // Cut before message_delta: no stop reason or output count yet; no status for the app's own abort.
      expect(span.attributes).toEqual(cutShort(create(STREAMED, responded(200, STREAM_REQUEST_ID), MESSAGE_ATTRIBUTES)));
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(attemptsOf(span)).toHaveLength(1);
      expectNoHookFailures();
    });

    it('break-ends-span-once', async () => {
      const script = new Script().then(sse(streamEvents()));
      const stream = await client(script).messages.create({ ...PARAMS, stream: true });
      let seen = 0;
      for await (const _event of stream) {
        if (++seen === 3) break;
      }
      const span = onlySpan(await spans());
      expect(span.attributes).toEqual(cutShort(create(STREAMED, responded(200, STREAM_REQUEST_ID), MESSAGE_ATTRIBUTES)));
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expectNoHookFailures();
    });

    it('stream-error-event-fails-span-with-its-type', async () => {
      // The API can fail a stream after its 200: an `error` event instead of the rest.
      const overloaded = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
      const events = () => [streamEvents()[0]!, overloaded];
      const readAll = async (c: Anthropic) => {
        const stream = await c.messages.create({ ...PARAMS, stream: true });
        const seen: unknown[] = [];
        const error = await (async () => {
          for await (const event of stream) seen.push(event);
        })().catch((e: unknown) => e as Error);
        return { seen, class: error?.constructor, message: error?.message };
      };
      const plain = await readAll(plainClient(new Script().then(sse(events()))));
      expect(await readAll(client(new Script().then(sse(events()))))).toEqual(plain);
      expect(plain.class).toBeDefined();
      const span = onlySpan(await spans());
      // No content arrived: no time to first chunk. 0.39 throws an APIConnectionError here, its
      // type still read from the event.
      const { [GenAi.timeToFirstChunk]: _none, ...streaming } = STREAMED;
      expect(span.attributes).toEqual(cutShort(create(streaming, responded(200, STREAM_REQUEST_ID), MESSAGE_ATTRIBUTES, failed('overloaded_error'))));
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expectNoHookFailures();
    });

    it('tee-ends-span-once', async () => {
      const script = new Script().then(sse(streamEvents()));
      const stream = await client(script).messages.create({ ...PARAMS, stream: true });
      const [left, right] = stream.tee();
      const read = async (s: AsyncIterable<unknown>) => {
        const out: unknown[] = [];
        for await (const event of s) out.push(event);
        return out;
      };
      expect(await read(left)).toEqual(streamEvents());
      expect(await read(right)).toEqual(streamEvents());
      const span = onlySpan(await spans());
      expect(span.attributes).toEqual(streamed());
      expect(span.status.code).toBe(SpanStatusCode.OK);
      expectNoHookFailures();
    });

    it('final-message', async () => {
      const run = (c: Anthropic) => c.messages.stream(PARAMS).finalMessage();
      const plain = await run(plainClient(new Script().then(sse(streamEvents()))));
      const result = await run(client(new Script().then(sse(streamEvents()))));
      expect(result).toEqual(plain);
      const span = onlySpan(await spans());
      expect(span.attributes).toEqual(streamed());
      expect(attemptsOf(span)).toEqual([accepted(1, STREAM_REQUEST_ID)]);
      expectNoHookFailures();
    });

    it('message-stream-abort-ends-span-once', async () => {
      const run = async (c: Anthropic) => {
        const stream = c.messages.stream(PARAMS);
        const texts: string[] = [];
        stream.on('text', (text) => {
          texts.push(text);
          stream.abort();
        });
        const error = (await stream.done().catch((e: unknown) => e)) as Error | undefined;
        return { texts, aborted: stream.aborted, class: error?.constructor };
      };
      const plain = await run(plainClient(new Script().then(sse(streamEvents()))));
      expect(await run(client(new Script().then(sse(streamEvents()))))).toEqual(plain);
      expect(plain.aborted).toBe(true);
      const span = onlySpan(await spans());
      expect(span.attributes).toEqual(cutShort(create(STREAMED, responded(200, STREAM_REQUEST_ID), MESSAGE_ATTRIBUTES)));
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expectNoHookFailures();
    });

    it('with-response-still-works', async () => {
      const plain = await plainClient(new Script().then(message())).messages.create(PARAMS).withResponse();
      const script = new Script().then(message());
      const { data, response, request_id } = await client(script).messages.create(PARAMS).withResponse();
      expect(data).toEqual(MESSAGE);
      expect(response.constructor).toBe(plain.response.constructor); // the transport's own Response
      expect(response.status).toBe(200);
      expect(request_id).toBe('req_ok');
      const span = onlySpan(await spans());
      expect(span.attributes).toEqual(create(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES));
      expectNoHookFailures();
    });

    it('as-response-still-works', async () => {
      const script = new Script().then(message());
      const response = await client(script).messages.create(PARAMS).asResponse();
      expect(await response.json()).toEqual(MESSAGE); // the hook left the body unread
      const span = onlySpan(await spans());
      expect(span.attributes).toEqual(create(responded(200, 'req_ok')));
      expect(span.status.code).toBe(SpanStatusCode.OK);
      expectNoHookFailures();
    });

    it('error-classes-preserved', async () => {
      const scripts = () => [
        new Script().then(apiError(400, 'invalid_request_error', { 'request-id': 'req_400' })),
        new Script().then(apiError(429, 'rate_limit_error', { 'retry-after-ms': '1' }), apiError(429, 'rate_limit_error', { 'retry-after-ms': '1' })),
        new Script().then(networkError(), networkError()),
      ];
      const outcome = async (c: Anthropic) => {
        const error = (await c.messages.create(PARAMS).catch((e: unknown) => e)) as Error & { status?: number };
        return { class: error.constructor, message: error.message, status: error.status };
      };
      const plain = await Promise.all(scripts().map((s) => outcome(plainClient(s, 1))));
      const instrumented = await Promise.all(scripts().map((s) => outcome(client(s, 1))));
      expect(instrumented).toEqual(plain);
      expect(instrumented.map((o) => o.class)).toEqual([sdk.BadRequestError, sdk.RateLimitError, sdk.APIConnectionError]);
      const byType = Object.fromEntries((await spans()).map((s) => [s.attributes[Http.errorType], s.attributes]));
      expect(byType['invalid_request_error']).toEqual(create(responded(400, 'req_400'), failed('invalid_request_error')));
      expect(byType['rate_limit_error']).toEqual(create({ [Http.statusCode]: 429 }, resent(1), failed('rate_limit_error')));
      expect(byType['connection_error']).toEqual(create(resent(1), failed('connection_error')));
      expectNoHookFailures();
    });

    it('count-tokens-records-attempts', async () => {
      const script = new Script().then(apiError(429, 'rate_limit_error', { 'retry-after-ms': '1' }), countTokens(42));
      const result = await client(script).messages.countTokens({ model: PARAMS.model, messages: PARAMS.messages });
      expect(result).toEqual({ input_tokens: 42 });
      const span = onlySpan(await spans());
      expect(span.attributes).toEqual(count(responded(200, 'req_count'), counted(42), resent(1)));
      expect(attemptsOf(span)).toEqual([
        attempt(1, { [Http.statusCode]: 429, [Http.errorType]: 'rate_limit_error', [B.attemptRetryAfterS]: 0.001, [B.attemptLimitClass]: 'rate_limit' }),
        accepted(2, 'req_count'),
      ]);
    });

    it('beta-messages', async () => {
      const script = new Script().then(message(), sse(streamEvents()), countTokens(7));
      const beta = client(script).beta.messages;
      expect(await beta.create(PARAMS)).toEqual(MESSAGE);
      await beta.stream(PARAMS).finalMessage();
      await beta.countTokens({ model: PARAMS.model, messages: PARAMS.messages });
      const all = await spans();
      expect(all.map((s) => s.attributes)).toEqual([
        create(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES),
        streamed(),
        count(responded(200, 'req_count'), counted(7)),
      ]);
      for (const span of all) expect(attemptsOf(span)).toHaveLength(1);
      expectNoHookFailures();
    });

    it('bad-headers-and-odd-bodies-are-skipped', async () => {
      const junk = {
        'retry-after-ms': 'soon',
        'retry-after': 'whenever',
        [rateLimitHeader('requests', 'limit')]: '-1',
        [rateLimitHeader('tokens', 'remaining')]: '12abc',
        [rateLimitHeader('tokens', 'reset')]: 'not a date',
        [rateLimitHeader('requests', 'remaining')]: '7',
      };
      const script = new Script().then(
        json('<html>bad gateway</html>', { status: 502, headers: { ...junk, 'x-should-retry': 'true' } }),
        json({ unexpected: ['shape'] }, { headers: junk }),
      );
      const result = await client(script, 1).messages.create(PARAMS);
      expect(result).toEqual({ unexpected: ['shape'] });
      const span = onlySpan(await spans());
      expect(span.attributes).toEqual(create({ [Http.statusCode]: 200, [rateLimitAttribute('requests', 'remaining')]: 7 }, resent(1)));
      expect(attemptsOf(span)).toEqual([
        attempt(1, { [Http.statusCode]: 502, [Http.errorType]: '502', [B.attemptLimitClass]: 'other' }),
        attempt(2, { [Http.statusCode]: 200 }),
      ]);
      expectNoHookFailures();
    });
  });
}

/** A span's attributes as known before message_delta: no stop reason or output count yet. */
function cutShort(attributes: Attributes): Attributes {
  const { [A.stopReason]: _stop, [GenAi.outputTokens]: _output, ...rest } = attributes;
  return rest;
}
