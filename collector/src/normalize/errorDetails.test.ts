// A failed call's status, error type and request id, from the SDK error messages instrumentations
// copy into a span: the TypeScript SDK's two forms and the Python SDK's (the body as a Python dict).
import { describe, expect, it } from 'vitest';
import type { Span } from '../otlp/model';
import { Exception } from '../semconv';
import { errorDetails } from './errorDetails';

const failed = (statusMessage: string, eventMessage?: string): Span => ({
  traceId: '0'.repeat(32),
  spanId: '1'.repeat(16),
  parentSpanId: '',
  name: 'chat',
  kind: 3,
  startTimeNs: 0n,
  endTimeNs: 1n,
  attributes: new Map(),
  events: eventMessage === undefined ? [] : [{ name: Exception.event, timeNs: 1n, attributes: new Map([[Exception.message, eventMessage]]) }],
  statusCode: 2,
  statusMessage,
});

describe('errorDetails', () => {
  it('TypeScript SDK 1.x', () => {
    expect(errorDetails(failed('429 scripted 429 (request_id: req_011, path: /v1/messages, type: rate_limit_error)'))).toEqual({
      statusCode: 429,
      errorType: 'rate_limit_error',
      requestId: 'req_011',
    });
  });

  it('TypeScript SDK 0.x', () => {
    expect(errorDetails(failed('400 {"type":"error","error":{"type":"invalid_request_error","message":"bad"},"request_id":"req_012"}'))).toEqual({
      statusCode: 400,
      errorType: 'invalid_request_error',
      requestId: 'req_012',
    });
  });

  it('Python SDK, alone (status message) or after the class name (exception event)', () => {
    const python = "Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'scripted 429'}, 'request_id': 'req_013'}";
    const expected = { statusCode: 429, errorType: 'rate_limit_error', requestId: 'req_013' };
    expect(errorDetails(failed(python))).toEqual(expected);
    expect(errorDetails(failed('', `RateLimitError: ${python}`))).toEqual(expected);
  });

  it('a span that did not fail says nothing', () => {
    expect(errorDetails({ ...failed('Error code: 500'), statusCode: 1 })).toEqual({});
  });
});
