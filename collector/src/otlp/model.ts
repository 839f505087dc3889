// The typed form of an OTLP trace export, the same whichever encoding it arrived in. Everything
// messy (int64 as number/string/Long, ids as hex/base64/bytes) is settled before this point.

export type AttributeValue = string | number | boolean | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Map<string, AttributeValue>;

export interface SpanEvent {
  timeNs: bigint;
  name: string;
  attributes: Attributes;
}

export interface Span {
  traceId: string; // 32 lowercase hex
  spanId: string; // 16 lowercase hex
  parentSpanId: string; // '' or 16 lowercase hex
  name: string;
  kind: number;
  startTimeNs: bigint;
  endTimeNs: bigint;
  attributes: Attributes;
  events: SpanEvent[];
  statusCode: number; // 0 unset, 1 ok, 2 error
  statusMessage: string;
}

export interface ScopeSpans {
  scopeName: string;
  scopeVersion: string;
  spans: Span[];
}

export interface ResourceSpans {
  resource: Attributes;
  scopeSpans: ScopeSpans[];
}

/** One refused span and why, for the OTLP partial_success message. */
export interface SpanRejection {
  reason: string;
}

export interface DecodedTraces {
  resourceSpans: ResourceSpans[];
  rejected: SpanRejection[];
}
