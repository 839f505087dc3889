import type { Attributes } from '@opentelemetry/api';
import { classifyRefusal, RATE_LIMIT_BUCKETS, USAGE_WINDOWS, type LimitVerdict, type RateLimitBucket, type UnifiedUsage } from '@burnrate/contract';
import type { ApiErrorBody } from './errors';
import type { AttemptHeaders } from './headers';
import { Burnrate, rateLimitAttribute, unifiedWindowAttribute } from './semconv';

// The limit class of a refused attempt, from everything its response says: the status, the
// body's error type, details.error_code and message, and the rate-limit and unified headers. The
// rules themselves live in @burnrate/contract, shared with the collector.

export function classifyAttempt(status: number, body: ApiErrorBody, headers: AttemptHeaders): LimitVerdict | undefined {
  const remaining: Partial<Record<RateLimitBucket, number>> = {};
  for (const bucket of RATE_LIMIT_BUCKETS) {
    const value = headers.rateLimits[rateLimitAttribute(bucket, 'remaining')];
    if (typeof value === 'number') remaining[bucket] = value;
  }
  return classifyRefusal({ status, errorType: body.type, errorCode: body.code, message: body.message, remaining, unified: headers.unified });
}

export function attemptLimitAttributes(verdict: LimitVerdict): Attributes {
  const attributes: Attributes = { [Burnrate.attemptLimitClass]: verdict.limitClass };
  if (verdict.detail) attributes[Burnrate.attemptLimitDetail] = verdict.detail;
  if (verdict.resumesAt) attributes[Burnrate.attemptLimitResumesAt] = verdict.resumesAt;
  return attributes;
}

export function unifiedAttributes(unified: UnifiedUsage): Attributes {
  const attributes: Attributes = {};
  if (unified.status) attributes[Burnrate.attemptUnifiedStatus] = unified.status;
  if (unified.claim) attributes[Burnrate.attemptUnifiedClaim] = unified.claim;
  for (const window of USAGE_WINDOWS) {
    const entry = unified.windows[window];
    if (entry?.utilization !== undefined) attributes[unifiedWindowAttribute(window, 'utilization')] = entry.utilization;
    if (entry?.reset !== undefined) attributes[unifiedWindowAttribute(window, 'reset')] = entry.reset;
  }
  return attributes;
}
