import type { Attributes, Span } from '@opentelemetry/api';
import { apiErrorType, exceptionClass } from './errors';
import { guard, guardAsync } from './guard';
import { rateLimitAttributes, retryAfterSeconds } from './headers';
import { Burnrate, Header, Http } from './semconv';

// One `burnrate.attempt` event per HTTP attempt of a call, added to the call span. The SDK's own
// span counts resends but says nothing of each attempt: that a call succeeded after two 429s,
// how long the API asked us to wait, which request ids it gave. Used by both the 1.x middleware
// and the fallback's wrapped fetch.

export interface Attempt {
  readonly span: Span;
  /** 1-based, per call span. */
  readonly number: number;
  /** Epoch milliseconds (sub-ms precision): the event's timestamp. */
  readonly startTime: number;
  /** performance.now() at the start, for the duration. */
  readonly startedAt: number;
}

const attemptCounts = new WeakMap<Span, number>();

export function beginAttempt(span: Span): Attempt {
  const number = (attemptCounts.get(span) ?? 0) + 1;
  attemptCounts.set(span, number);
  const startedAt = performance.now();
  return { span, number, startedAt, startTime: performance.timeOrigin + startedAt };
}

export interface AttemptOptions {
  /** How long to wait for an error response's body, to read its error type. */
  errorBodyWaitMs: number;
}

/**
 * Records an attempt that got a response. For an error response it reads the error type from a
 * clone of the body, bounded in time and size: the SDK either reads that body itself (a final
 * error) or cancels it and sleeps before retrying, so the wait is at most what the bytes take to
 * arrive, and it must finish before the SDK can end the span.
 */
export async function recordResponse(attempt: Attempt, response: Response, options: AttemptOptions): Promise<void> {
  const durationMs = performance.now() - attempt.startedAt;
  const errorType = response.ok
    ? undefined
    : ((await guardAsync('read the error body', () => readErrorType(response, options.errorBodyWaitMs))) ??
      String(response.status));
  guard('record the attempt', () => {
    const { headers } = response;
    const attributes: Attributes = {
      [Burnrate.attemptNumber]: attempt.number,
      [Http.statusCode]: response.status,
      [Burnrate.attemptDurationMs]: durationMs,
    };
    if (errorType !== undefined) attributes[Http.errorType] = errorType;
    const retryAfter = guard('read retry-after', () => retryAfterSeconds(headers));
    if (retryAfter !== undefined) attributes[Burnrate.attemptRetryAfterS] = retryAfter;
    const requestId = headers.get(Header.requestId);
    if (requestId) attributes[Burnrate.attemptRequestId] = requestId;
    attempt.span.addEvent(Burnrate.attemptEvent, attributes, attempt.startTime);
    // Last attempt wins: each attempt overwrites what it has.
    attempt.span.setAttributes(guard('read rate-limit headers', () => rateLimitAttributes(headers)) ?? {});
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
      attempt.startTime,
    );
  });
}

const MAX_ERROR_BODY_BYTES = 64 * 1024;

async function readErrorType(response: Response, waitMs: number): Promise<string | undefined> {
  const body = response.clone().body;
  if (!body) return undefined;
  const reader = body.getReader();
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
        reader.cancel().catch(() => {});
        return undefined;
      }
      if (read.done) break;
      chunks.push(read.value);
      size += read.value.byteLength;
    }
  } finally {
    clearTimeout(timer);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  return apiErrorType(JSON.parse(text));
}
