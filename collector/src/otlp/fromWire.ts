// Turns a parsed export (protobufjs message or JSON.parse output: the same camelCase shape,
// JSON may also use the proto field names) into the typed model, refusing spans one by one so
// the good spans beside a bad one are kept.
import type { AttributeValue, Attributes, DecodedTraces, ResourceSpans, ScopeSpans, Span, SpanEvent, SpanRejection } from './model';
import { toBigInt, toDouble, toHexId, toSafeInt } from './scalars';
import { checkSpan, NESTED_TOO_DEEP, truncate, WIRE_LIMITS, type SpanResult } from './spanChecks';

type Loose = Record<string, unknown>;

function field(obj: Loose, camel: string, snake: string): unknown {
  const value = obj[camel];
  return value !== undefined ? value : obj[snake];
}

function asArray(value: unknown): Loose[] {
  return Array.isArray(value) ? (value as Loose[]) : [];
}

function asObject(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
    ? (value as Loose)
    : undefined;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function has(obj: Loose, camel: string, snake: string): boolean {
  // protobufjs leaves unset oneof members off the instance; JSON omits them.
  return Object.prototype.hasOwnProperty.call(obj, camel) || Object.prototype.hasOwnProperty.call(obj, snake);
}

function toAttributeValue(raw: unknown, depth: number): AttributeValue | undefined {
  const value = asObject(raw);
  if (!value) return undefined;
  if (has(value, 'stringValue', 'string_value')) return truncate(asString(field(value, 'stringValue', 'string_value')));
  if (has(value, 'boolValue', 'bool_value')) return field(value, 'boolValue', 'bool_value') === true;
  if (has(value, 'intValue', 'int_value')) {
    const big = toBigInt(field(value, 'intValue', 'int_value'));
    if (big === undefined) return undefined;
    const asNumber = Number(big);
    return Number.isSafeInteger(asNumber) ? asNumber : big.toString();
  }
  if (has(value, 'doubleValue', 'double_value')) return toDouble(field(value, 'doubleValue', 'double_value'));
  if (depth >= WIRE_LIMITS.maxValueDepth) return NESTED_TOO_DEEP;
  if (has(value, 'arrayValue', 'array_value')) {
    const values = asArray(asObject(field(value, 'arrayValue', 'array_value'))?.values);
    return values.slice(0, WIRE_LIMITS.maxAttributesPerSpan).flatMap((item) => {
      const converted = toAttributeValue(item, depth + 1);
      return converted === undefined ? [] : [converted];
    });
  }
  if (has(value, 'kvlistValue', 'kvlist_value')) {
    const list = asArray(asObject(field(value, 'kvlistValue', 'kvlist_value'))?.values);
    return Object.fromEntries(toAttributes(list, depth + 1));
  }
  if (has(value, 'bytesValue', 'bytes_value')) {
    const bytes = field(value, 'bytesValue', 'bytes_value');
    return bytes instanceof Uint8Array ? Buffer.from(bytes).toString('base64') : asString(bytes);
  }
  return undefined;
}

function toAttributes(list: unknown, depth = 0): Attributes {
  const attributes: Attributes = new Map();
  for (const kv of asArray(list).slice(0, WIRE_LIMITS.maxAttributesPerSpan)) {
    const key = asString(kv?.key);
    if (key === '') continue;
    const value = toAttributeValue(kv.value, depth);
    if (value !== undefined) attributes.set(key, value);
  }
  return attributes;
}

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
      events: asArray(raw.events).slice(0, WIRE_LIMITS.maxEventsPerSpan).map(toEvent),
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
  for (const rawResource of asArray(field(asObject(root) ?? {}, 'resourceSpans', 'resource_spans'))) {
    const resource = toAttributes(asObject(rawResource.resource)?.attributes);
    const scopeSpans: ScopeSpans[] = [];
    for (const rawScope of asArray(field(rawResource, 'scopeSpans', 'scope_spans'))) {
      const scope = asObject(rawScope.scope) ?? {};
      const spans: Span[] = [];
      for (const rawSpan of asArray(rawScope.spans)) {
        const result = asObject(rawSpan) ? toSpan(rawSpan, nowNs) : { rejection: { reason: 'a span must be an object' } };
        if ('span' in result) spans.push(result.span);
        else rejected.push(result.rejection);
      }
      scopeSpans.push({ scopeName: asString(scope.name), scopeVersion: asString(scope.version), spans });
    }
    resourceSpans.push({ resource, scopeSpans });
  }
  return { resourceSpans, rejected };
}
