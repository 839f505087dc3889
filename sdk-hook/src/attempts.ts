import type { Attributes, Span } from '@opentelemetry/api';
import { failFastCovers, type FailFastKind, type LimitVerdict } from '@burnrate/contract';
import { apiErrorBody, exceptionClass, type ApiErrorBody } from './errors';
import { safely, safelyAsync } from './safety';
import { readAttemptHeaders } from './headers';
import { attemptLimitAttributes, classifyAttempt, unifiedAttributes } from './limitClass';
import { Burnrate, Header, Http } from './semconv';

// One `burnrate.attempt` event per HTTP attempt of a call, added to the call span. The SDK's own
// span counts resends but says nothing of each attempt: that a call succeeded after two 429s,
// how long the API asked us to wait, which request ids it gave. Used by both the 1.x middleware
// and the fallback's wrapped fetch.

export interface Attempt {
  readonly span: Span;
  /** 1-based, per call span. */
  readonly number: number;
  /**
   * performance.now() at the start: the duration's origin and the event's timestamp. OTel's span
   * reads a performance timestamp on its own clock (its Date.now() start plus elapsed
   * performance time), so attempts fall inside their call; an epoch time from
   * `performance.timeOrigin` can sit a millisecond or more off that clock (more as the wall clock
   * is adjusted), which put a first attempt before its call's start.
   */
  readonly startedAt: number;
}

const attemptCounts = new WeakMap<Span, number>();

/** How many attempts a call span has made so far. */
export function attemptCount(span: Span): number {
  return attemptCounts.get(span) ?? 0;
}

export function beginAttempt(span: Span): Attempt {
  const number = (attemptCounts.get(span) ?? 0) + 1;
  attemptCounts.set(span, number);
  return { span, number, startedAt: performance.now() };
}

export interface AttemptOptions {
  /** How long to wait for an error response's body, to read its error type. */
  errorBodyWaitMs: number;
  /** Refusals the app asked to get at once, unretried (instrument's failFast; empty by default). */
  failFast: readonly FailFastKind[];
}

/**
 * Records an attempt that got a response. An OK response is recorded at once (no promise, no
 * body read: this is the per-call hot path). For an error response it first reads the error type
 * from a clone of the body, bounded in time and size, and returns that promise: the SDK either
 * reads that body itself (a final error) or cancels it and sleeps before retrying, so the wait is
 * at most what the bytes take to arrive, and it must finish before the SDK can end the span.
 */
export function recordResponse(attempt: Attempt, response: Response, options: AttemptOptions): Promise<LimitVerdict | undefined> | undefined {
  const durationMs = performance.now() - attempt.startedAt;
  if (response.ok) {
    addResponseEvent(attempt, response, durationMs, undefined, options.failFast);
    return undefined;
  }
  return safelyAsync('read the error body', () => readErrorBody(response, options.errorBodyWaitMs)).then((body) =>
    addResponseEvent(attempt, response, durationMs, body ?? {}, options.failFast),
  );
}

/** The attempt's event; for an error response (body given), its limit class, which it returns. */
function addResponseEvent(
  attempt: Attempt,
  response: Response,
  durationMs: number,
  body: ApiErrorBody | undefined,
  failFast: readonly FailFastKind[],
): LimitVerdict | undefined {
  return safely('record the attempt', () => {
    const read = readAttemptHeaders(response.headers);
    const attributes: Attributes = {
      [Burnrate.attemptNumber]: attempt.number,
      [Http.statusCode]: response.status,
      [Burnrate.attemptDurationMs]: durationMs,
    };
    let verdict: LimitVerdict | undefined;
    if (body !== undefined) {
      attributes[Http.errorType] = body.type ?? String(response.status);
      if (body.code !== undefined) attributes[Burnrate.attemptErrorCode] = body.code;
      verdict = classifyAttempt(response.status, body, read);
      if (verdict) Object.assign(attributes, attemptLimitAttributes(verdict));
      if (verdict && failFastCovers(failFast, verdict.limitClass)) attributes[Burnrate.attemptFailFast] = true;
    }
    if (read.retryAfterS !== undefined) attributes[Burnrate.attemptRetryAfterS] = read.retryAfterS;
    if (read.requestId !== undefined) attributes[Burnrate.attemptRequestId] = read.requestId;
    if (read.unified) Object.assign(attributes, unifiedAttributes(read.unified));
    attempt.span.addEvent(Burnrate.attemptEvent, attributes, attempt.startedAt);
    // Last attempt wins: each attempt overwrites what it has.
    attempt.span.setAttributes(read.rateLimits);
    return verdict;
  });
}

/** Whether the app asked for this refusal at once (failFast), rather than after the SDK's retries. */
export function stopsRetries(verdict: LimitVerdict | undefined, options: AttemptOptions): boolean {
  return verdict !== undefined && options.failFast.length > 0 && failFastCovers(options.failFast, verdict.limitClass);
}

/**
 * The same response, marked `x-should-retry: false`, which every SDK version obeys before its own
 * rules. A fetched response's headers are immutable, so it is then rebuilt around the same body.
 */
export function withoutRetry(response: Response): Response {
  try {
    response.headers.set(Header.shouldRetry, 'false');
    if (response.headers.get(Header.shouldRetry) === 'false') return response;
  } catch {
    // immutable headers: rebuild below
  }
  const headers = new Headers(response.headers);
  headers.set(Header.shouldRetry, 'false');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Records an attempt that failed before any response (connection error, timeout, abort). */
export function recordFailure(attempt: Attempt, error: unknown): void {
  const durationMs = performance.now() - attempt.startedAt;
  safely('record the attempt', () => {
    attempt.span.addEvent(
      Burnrate.attemptEvent,
      {
        [Burnrate.attemptNumber]: attempt.number,
        [Http.errorType]: exceptionClass(error),
        [Burnrate.attemptLimitClass]: 'other',
        [Burnrate.attemptDurationMs]: durationMs,
      },
      attempt.startedAt,
    );
  });
}

const MAX_ERROR_BODY_BYTES = 64 * 1024;

async function readErrorBody(response: Response, waitMs: number): Promise<ApiErrorBody | undefined> {
  const reader = chunkReader(response.clone().body);
  if (!reader) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), waitMs);
  });
  try {
    for (;;) {
      const read = await Promise.race([reader.read(), timeout]);
      if (read === 'timeout' || size > MAX_ERROR_BODY_BYTES) {
        // Our branch of the tee must not hold the body open (or buffer it) any longer.
        reader.cancel();
        return undefined;
      }
      if (read.done) break;
      chunks.push(read.value);
      size += read.value.byteLength;
    }
  } finally {
    clearTimeout(timer);
  }
  try {
    return apiErrorBody(JSON.parse(new TextDecoder().decode(Buffer.concat(chunks))));
  } catch {
    return undefined; // an HTML page from a proxy, say: the status code stands in
  }
}

interface ChunkReader {
  read(): Promise<IteratorResult<Uint8Array, unknown>>;
  cancel(): void;
}

/**
 * A web ReadableStream (undici, any `fetch` the app passes), or a Node Readable: the body of
 * node-fetch, 0.39's default transport.
 */
function chunkReader(body: unknown): ChunkReader | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  if ('getReader' in body && typeof body.getReader === 'function') {
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    return {
      read: async () => {
        const read = await reader.read();
        return read.done ? { done: true, value: undefined } : { done: false, value: read.value };
      },
      cancel: () => void reader.cancel().catch(() => {}),
    };
  }
  if (Symbol.asyncIterator in body) {
    const iterator = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    return {
      read: () => iterator.next(),
      // A Node stream's iterator destroys the stream on return.
      cancel: () => void iterator.return?.().catch(() => {}),
    };
  }
  return undefined;
}
