// What a failed call's span says about the failure when it has no http.* attributes: the
// Anthropic SDK's error message, which instrumentations copy into the span's status message or an
// `exception` event. SDK 1.x writes `400 message (request_id: req_…, path: …, type: invalid_request_error)`,
// SDK 0.x `429 {"type":"error","error":{"type":"rate_limit_error",…},"request_id":"req_…"}`, and the
// Python SDK `Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', …}, 'request_id': 'req_…'}`
// (the body as a Python dict), which some instrumentations prefix with the class (`RateLimitError: …`).
import type { Span } from '../otlp/model';
import { Exception } from '../semconv';
import { stringAttr } from './attributes';

export interface ErrorDetails {
  statusCode?: number;
  errorType?: string;
  requestId?: string;
}

function messagesOf(span: Span): string[] {
  const fromEvents = span.events.filter((e) => e.name === Exception.event).map((e) => stringAttr(e.attributes, Exception.message) ?? '');
  return [span.statusMessage, ...fromEvents].filter((m) => m !== '');
}

export function errorDetails(span: Span): ErrorDetails {
  if (span.statusCode !== 2) return {};
  const details: ErrorDetails = {};
  for (const message of messagesOf(span)) {
    const status = /^(\d{3})\b/.exec(message)?.[1] ?? /\bError code: (\d{3})\b/.exec(message)?.[1];
    if (status && details.statusCode === undefined) details.statusCode = Number(status);
    const requestId = /request_id["']?\s*[:=]\s*["']?(req_[A-Za-z0-9_]+)/.exec(message)?.[1];
    if (requestId && details.requestId === undefined) details.requestId = requestId;
    const errorType = /(["'])type\1\s*:\s*(["'])(\w+_error)\2|\btype:\s*(\w+_error)\b/.exec(message);
    if (errorType && details.errorType === undefined) details.errorType = errorType[3] ?? errorType[4];
  }
  return details;
}

/** The exception's type name (AI_RetryError, APIError…), for errors that give no API error type. */
export function exceptionType(span: Span): string | undefined {
  const event = span.events.find((e) => e.name === Exception.event);
  return event ? stringAttr(event.attributes, Exception.type) : undefined;
}
