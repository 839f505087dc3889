// Limit classes derived by the collector for spans without the hook's attempt events: from an
// exception event's or the status's message (OpenLLMetry, OpenInference, OpenLIT…), and from the
// SDK's native span (status and error.type only); resends of a call refused by a cap are wasted.
import { describe, expect, it } from 'vitest';
import type { Span } from '../otlp/model';
import { Exception, Http } from '../semconv';
import type { CallRow } from './callRow';
import { attemptRows } from './attempts';

function span(attributes: Record<string, string | number>, statusMessage = '', exceptionMessage?: string): Span {
  return {
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    parentSpanId: '',
    name: 'anthropic.chat',
    kind: 3,
    startTimeNs: 1_796_000_000_000_000_000n,
    endTimeNs: 1_796_000_001_000_000_000n,
    attributes: new Map(Object.entries(attributes)),
    events:
      exceptionMessage === undefined
        ? []
        : [{ name: Exception.event, timeNs: 1_796_000_000_500_000_000n, attributes: new Map([[Exception.message, exceptionMessage]]) }],
    statusCode: 2,
    statusMessage,
  } as unknown as Span;
}

function call(statusCode: number, errorType: string, retryCount: number): CallRow {
  return {
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    serviceName: 'app',
    model: 'claude-sonnet-4-6',
    team: '',
    user: '',
    startTimeNs: 1_796_000_000_000_000_000n,
    statusCode,
    errorType,
    retryCount,
    requestId: 'req_1',
  } as unknown as CallRow;
}

describe('limit class from what a span kept', () => {
  it('workspace-limit-from-an-exception-message', () => {
    const message =
      '400 {"type":"error","error":{"type":"invalid_request_error","message":"You have reached your specified workspace API usage limits. You will regain access on 2027-01-01 at 00:00 UTC."}}';
    const [row] = attemptRows(span({ [Http.statusCode]: 400 }, '', message), call(400, 'invalid_request_error', 0));
    expect(row).toMatchObject({ limitClass: 'spend_limit_workspace', resumesAt: '2027-01-01T00:00:00.000Z' });
    expect(row!.wasted).toBeUndefined();
  });

  it('tier-cap-from-a-status-message-with-its-error-code-and-resends-wasted', () => {
    const message =
      '429 {"type":"error","error":{"type":"rate_limit_error","message":"You have reached your API usage limits","details":{"error_code":"enforced_spend_limit_reached"}}}';
    const rows = attemptRows(span({}, message), call(429, 'rate_limit_error', 2));
    expect(rows.map((r) => [r.attempt, r.limitClass, r.wasted ?? false])).toEqual([
      [1, '', false],
      [2, '', true],
      [3, 'spend_cap_tier', true],
    ]);
    expect(rows[2]!.errorCode).toBe('enforced_spend_limit_reached');
  });

  it('native-sdk-span-429-is-a-rate-limit-it-cannot-tell-more', () => {
    const rows = attemptRows(span({ 'anthropic.organization.id': 'org_1' }), call(429, 'rate_limit_error', 2));
    expect(rows.map((r) => [r.limitClass, r.wasted ?? false, r.account])).toEqual([
      ['', false, 'org_1'],
      ['', false, 'org_1'],
      ['rate_limit', false, 'org_1'],
    ]);
  });
});
