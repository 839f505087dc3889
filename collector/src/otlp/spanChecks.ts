// The checks every span passes, whichever encoding it came in: ids of the right length, times
// that make sense, bounded sizes. A span that fails is refused alone, with its reason.
import type { Attributes, Span, SpanEvent, SpanRejection } from './model';
import { isAllZero } from './scalars';

/** Bounds that keep one hostile span from costing more than its share. */
export const WIRE_LIMITS = {
  maxAttributeValueChars: 16_384,
  maxAttributesPerSpan: 512,
  maxEventsPerSpan: 256,
  maxValueDepth: 8,
  maxFutureSkewNs: 24n * 3600n * 1_000_000_000n,
  earliestNs: 946_684_800n * 1_000_000_000n, // 2000-01-01: older timestamps are a broken clock
} as const;

export const NESTED_TOO_DEEP = '[nested too deep]';

export function truncate(text: string): string {
  return text.length > WIRE_LIMITS.maxAttributeValueChars ? text.slice(0, WIRE_LIMITS.maxAttributeValueChars) : text;
}

/** A span as read off the wire: ids already hex (undefined when malformed), nothing checked yet. */
export interface SpanParts {
  traceId: string | undefined;
  spanId: string | undefined;
  parentSpanId: string | undefined;
  startTimeNs: bigint | undefined;
  endTimeNs: bigint | undefined;
  name: string;
  kind: number;
  attributes: Attributes;
  events: SpanEvent[];
  statusCode: number;
  statusMessage: string;
}

export type SpanResult = { span: Span } | { rejection: SpanRejection };

export function checkSpan(parts: SpanParts, nowNs: bigint): SpanResult {
  const { traceId, spanId, parentSpanId, startTimeNs, endTimeNs } = parts;
  if (!traceId || isAllZero(traceId)) return { rejection: { reason: 'traceId must be 16 non-zero bytes' } };
  if (!spanId || isAllZero(spanId)) return { rejection: { reason: 'spanId must be 8 non-zero bytes' } };
  if (parentSpanId === undefined) return { rejection: { reason: `span ${spanId}: parentSpanId must be 8 bytes or empty` } };
  if (startTimeNs === undefined || endTimeNs === undefined || startTimeNs < WIRE_LIMITS.earliestNs) {
    return { rejection: { reason: `span ${spanId}: startTimeUnixNano and endTimeUnixNano must be set (nanoseconds since 1970)` } };
  }
  if (startTimeNs > nowNs + WIRE_LIMITS.maxFutureSkewNs) {
    return { rejection: { reason: `span ${spanId}: starts more than 24 h in the future (clock skew?)` } };
  }
  if (endTimeNs < startTimeNs) return { rejection: { reason: `span ${spanId}: ends before it starts` } };
  // The parts become the span in place, not copied: this runs for every span of every export.
  const span = parts as Span;
  span.parentSpanId = parentSpanId && !isAllZero(parentSpanId) ? parentSpanId : '';
  span.name = truncate(parts.name);
  span.statusMessage = truncate(parts.statusMessage);
  if (parts.events.length > WIRE_LIMITS.maxEventsPerSpan) span.events = parts.events.slice(0, WIRE_LIMITS.maxEventsPerSpan);
  return { span };
}
