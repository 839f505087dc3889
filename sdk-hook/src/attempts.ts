import type { Attributes, Span } from '@opentelemetry/api';
import { apiErrorType, exceptionClass } from './errors';
import { guard, guardAsync } from './safety';
import { readAttemptHeaders } from './headers';
import { Burnrate, Http } from './semconv';

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
}

/**
 * Records an attempt that got a response. An OK response is recorded at once (no promise, no
 * body read: this is the per-call hot path). For an error response it first reads the error type
 * from a clone of the body, bounded in time and size, and returns that promise: the SDK either
 * reads that body itself (a final error) or cancels it and sleeps before retrying, so the wait is
 * at most what the bytes take to arrive, and it must finish before the SDK can end the span.
 */
export function recordResponse(attempt: Attempt, response: Response, options: AttemptOptions): Promise<void> | undefined {
  const durationMs = performance.now() - attempt.startedAt;
  if (response.ok) {
    addResponseEvent(attempt, response, durationMs, undefined);
    return undefined;
  }
  return guardAsync('read the error body', () => readErrorType(response, options.errorBodyWaitMs)).then((type) =>
    addResponseEvent(attempt, response, durationMs, type ?? String(response.status)),
  );
}

function addResponseEvent(attempt: Attempt, response: Response, durationMs: number, errorType: string | undefined): void {
  guard('record the attempt', () => {
    const read = readAttemptHeaders(response.headers);
    const attributes: Attributes = {
      [Burnrate.attemptNumber]: attempt.number,
      [Http.statusCode]: response.status,
      [Burnrate.attemptDurationMs]: durationMs,
    };
    if (errorType !== undefined) attributes[Http.errorType] = errorType;
    if (read.retryAfterS !== undefined) attributes[Burnrate.attemptRetryAfterS] = read.retryAfterS;
    if (read.requestId !== undefined) attributes[Burnrate.attemptRequestId] = read.requestId;
    attempt.span.addEvent(Burnrate.attemptEvent, attributes, attempt.startedAt);
    // Last attempt wins: each attempt overwrites what it has.
    attempt.span.setAttributes(read.rateLimits);
  });
}

/** Records an attempt that failed before any response (connection error, timeout, abort). */
export function recordFailure(attempt: Attempt, error: unknown): void {
  const durationMs = performance.now() - attempt.startedAt;
  guard('record the attempt', () => {
    attempt.span.addEvent(
      Burnrate.attemptEvent,
      {
        [Burnrate.attemptNumber]: attempt.number,
        [Http.errorType]: exceptionClass(error),
        [Burnrate.attemptDurationMs]: durationMs,
      },
      attempt.startedAt,
    );
  });
}

const MAX_ERROR_BODY_BYTES = 64 * 1024;

async function readErrorType(response: Response, waitMs: number): Promise<string | undefined> {
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
    return apiErrorType(JSON.parse(new TextDecoder().decode(Buffer.concat(chunks))));
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
