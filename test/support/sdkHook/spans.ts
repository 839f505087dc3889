import { diag, DiagLogLevel, type Attributes } from '@opentelemetry/api';
import type { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { expect } from 'vitest';
import { Burnrate, Http, rateLimitAttribute } from '../../../sdk-hook/src/semconv';

/** Everything OTel diag says during a test file: hook failures and double span ends show here. */
export const diagMessages: string[] = [];

export function captureDiag(): void {
  const keep =
    (level: string) =>
    (message: string, ...args: unknown[]) =>
      diagMessages.push(`${level} ${message} ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`);
  diag.setLogger(
    { error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug'), verbose: () => {} },
    { logLevel: DiagLogLevel.DEBUG, suppressOverrideMessage: true },
  );
}

/**
 * A failed hook step logs "could not ..."; the OTel SDK logs a second end() ("only call end"),
 * a write to an ended span ("ended Span") and a malformed attribute ("Invalid attribute").
 */
export function expectNoHookFailures(): void {
  expect(diagMessages.filter((m) => /could not|only call end|ended Span|Invalid attribute/i.test(m))).toEqual([]);
}

export async function finishedSpans(flush: () => Promise<void>, exporter: InMemorySpanExporter): Promise<ReadableSpan[]> {
  await flush();
  return exporter.getFinishedSpans();
}

export function onlySpan(spans: ReadableSpan[]): ReadableSpan {
  expect(spans.map((s) => s.name)).toHaveLength(1);
  return spans[0]!;
}

/** The attempt events of a span, in order, as plain attribute objects. */
export function attemptsOf(span: ReadableSpan): Attributes[] {
  const events = span.events.filter((e) => e.name === Burnrate.attemptEvent);
  const nanos = ([seconds, nanos]: readonly [number, number]) => BigInt(seconds) * 1_000_000_000n + BigInt(nanos);
  const times = events.map((e) => nanos(e.time));
  expect(times).toEqual([...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  // Each attempt starts inside the call, on the span's own clock.
  const start = nanos(span.startTime);
  const end = nanos(span.endTime);
  for (const time of times) {
    expect(time >= start && time <= end, `attempt at ${time} outside its call ${start}..${end}`).toBe(true);
  }
  return events.map((e) => e.attributes ?? {});
}

export function attempt(number: number, extra: Attributes): Attributes {
  return {
    [Burnrate.attemptNumber]: number,
    [Burnrate.attemptDurationMs]: expect.any(Number),
    ...extra,
  };
}

export function rejected(number: number, status: number, errorType: string, requestId: string, retryAfterS: number): Attributes {
  return attempt(number, {
    [Http.statusCode]: status,
    [Http.errorType]: errorType,
    [Burnrate.attemptRequestId]: requestId,
    [Burnrate.attemptRetryAfterS]: retryAfterS,
    [Burnrate.attemptLimitClass]: status === 429 ? 'rate_limit' : status === 529 ? 'overloaded' : 'other',
  });
}

export function accepted(number: number, requestId: string): Attributes {
  return attempt(number, { [Http.statusCode]: 200, [Burnrate.attemptRequestId]: requestId });
}

/** The span attributes scriptedFetch's RATE_LIMITS headers give. */
export const RATE_LIMIT_ATTRIBUTES: Attributes = {
  [rateLimitAttribute('requests', 'limit')]: 50,
  [rateLimitAttribute('requests', 'remaining')]: 49,
  [rateLimitAttribute('requests', 'reset')]: '2026-11-21T12:00:00Z',
  [rateLimitAttribute('tokens', 'limit')]: 90000,
  [rateLimitAttribute('tokens', 'remaining')]: 80000,
  [rateLimitAttribute('tokens', 'reset')]: '2026-11-21T12:00:01Z',
  [rateLimitAttribute('input_tokens', 'limit')]: 80000,
  [rateLimitAttribute('input_tokens', 'remaining')]: 70000,
  [rateLimitAttribute('input_tokens', 'reset')]: '2026-11-21T12:00:02Z',
  [rateLimitAttribute('output_tokens', 'limit')]: 10000,
  [rateLimitAttribute('output_tokens', 'remaining')]: 9000,
  [rateLimitAttribute('output_tokens', 'reset')]: '2026-11-21T12:00:03Z',
};
