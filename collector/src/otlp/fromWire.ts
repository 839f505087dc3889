// Turns a parsed export (protobufjs message or JSON.parse output: the same camelCase shape,
// JSON may also use the proto field names) into the typed model, refusing spans one by one so
// the good spans beside a bad one are kept.
import { asArray, asObject, asString, field, toAttributes, type Loose } from './looseWire';
import type { DecodedTraces, ResourceSpans, ScopeSpans, Span, SpanEvent, SpanRejection } from './model';
import { toBigInt, toHexId, toSafeInt } from './scalars';
import { checkSpan, truncate, WIRE_LIMITS, type SpanResult } from './spanChecks';

function toEvent(raw: Loose): SpanEvent {
  return {
    timeNs: toBigInt(field(raw, 'timeUnixNano', 'time_unix_nano')) ?? 0n,
    name: truncate(asString(raw.name)),
    attributes: toAttributes(raw.attributes),
  };
}

function toSpan(raw: Loose, nowNs: bigint): SpanResult {
  const status = asObject(raw.status) ?? {};
  return checkSpan(
    {
      traceId: toHexId(field(raw, 'traceId', 'trace_id'), 16),
      spanId: toHexId(field(raw, 'spanId', 'span_id'), 8),
      parentSpanId: toHexId(field(raw, 'parentSpanId', 'parent_span_id'), 8),
      startTimeNs: toBigInt(field(raw, 'startTimeUnixNano', 'start_time_unix_nano')),
      endTimeNs: toBigInt(field(raw, 'endTimeUnixNano', 'end_time_unix_nano')),
      name: asString(raw.name),
      kind: toSafeInt(raw.kind) ?? 0,
      attributes: toAttributes(raw.attributes),
      events: asArray(raw.events)
        .slice(0, WIRE_LIMITS.maxEventsPerSpan)
        .map((event) => toEvent(asObject(event) ?? {})),
      statusCode: toSafeInt(status.code) ?? 0,
      statusMessage: asString(status.message),
    },
    nowNs,
  );
}

/** Converts a parsed export; `nowNs` bounds how far in the future a span may start. */
export function fromWire(root: unknown, nowNs: bigint): DecodedTraces {
  const rejected: SpanRejection[] = [];
  const resourceSpans: ResourceSpans[] = [];
  // Any level may hold a non-object in hostile input: each is read through asObject.
  for (const item of asArray(field(asObject(root) ?? {}, 'resourceSpans', 'resource_spans'))) {
    const rawResource = asObject(item) ?? {};
    const resource = toAttributes(asObject(rawResource.resource)?.attributes);
    const scopeSpans: ScopeSpans[] = [];
    for (const scopeItem of asArray(field(rawResource, 'scopeSpans', 'scope_spans'))) {
      const rawScope = asObject(scopeItem) ?? {};
      const scope = asObject(rawScope.scope) ?? {};
      const spans: Span[] = [];
      for (const spanItem of asArray(rawScope.spans)) {
        const rawSpan = asObject(spanItem);
        const result = rawSpan ? toSpan(rawSpan, nowNs) : { rejection: { reason: 'a span must be an object' } };
        if ('span' in result) spans.push(result.span);
        else rejected.push(result.rejection);
      }
      scopeSpans.push({ scopeName: asString(scope.name), scopeVersion: asString(scope.version), spans });
    }
    resourceSpans.push({ resource, scopeSpans });
  }
  return { resourceSpans, rejected };
}
