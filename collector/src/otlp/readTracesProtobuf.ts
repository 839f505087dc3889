// Reads an OTLP ExportTraceServiceRequest straight from protobuf bytes into the typed model,
// with protobufjs's low-level Reader. Decoding into generated message objects first cost most of
// the ingest time (a Long per int64, an object per AnyValue); this walks the bytes once.
// Field numbers are those of otlp.proto (the published OTLP definitions). On the ingest hot path:
// strings come from wireStrings' cache (keys and repeated values are not decoded again), ids are
// hex-sliced from the body without a copy, timestamps read as one 64-bit word, and small int64s
// without protobufjs's Long.
import protobuf from 'protobufjs/minimal.js';
import type { AttributeValue, Attributes, DecodedTraces, ResourceSpans, ScopeSpans, Span, SpanEvent, SpanRejection } from './model';
import { checkSpan, NESTED_TOO_DEEP, truncate, WIRE_LIMITS, type SpanParts } from './spanChecks';
import { hexSlice, utf8Slice } from './wireStrings';

type Reader = protobuf.Reader;
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;

// The wire type each known field must arrive with. A known field number with another wire type
// is skipped as unknown, as protobufjs's generated decoders do, so both readers agree on garbage.
const ANY_VALUE_WIRE: Record<number, number> = { 1: LEN, 2: VARINT, 3: VARINT, 4: FIXED64, 5: LEN, 6: LEN, 7: LEN };
const EVENT_WIRE: Record<number, number> = { 1: FIXED64, 2: LEN, 3: LEN };
const SPAN_WIRE: Record<number, number> = { 1: LEN, 2: LEN, 4: LEN, 5: LEN, 6: VARINT, 7: FIXED64, 8: FIXED64, 9: LEN, 11: LEN, 15: LEN };
const STATUS_WIRE: Record<number, number> = { 2: LEN, 3: VARINT };
const KEY_VALUE_WIRE: Record<number, number> = { 1: LEN, 2: LEN };
const SCOPE_WIRE: Record<number, number> = { 1: LEN, 2: LEN };

/** The field number of a tag when its wire type is the expected one; skips the field and returns 0 otherwise. */
function knownField(reader: Reader, tag: number, wires: Record<number, number>): number {
  const field = tag >>> 3;
  if (wires[field] === (tag & 7)) return field;
  reader.skipType(tag & 7);
  return 0;
}

// The body being read and a view of it, set by readTracesProtobuf for the (synchronous) read.
const EMPTY = Buffer.alloc(0);
const EMPTY_VIEW = new DataView(EMPTY.buffer, EMPTY.byteOffset, EMPTY.byteLength);
let body: Buffer = EMPTY;
let view: DataView = EMPTY_VIEW;

function outOfRange(reader: Reader, length: number): RangeError {
  return new RangeError(`index out of range: ${reader.pos} + ${length} > ${reader.len}`);
}

/** The start of a length-delimited field's bytes; moves the reader past them. */
function delimited(reader: Reader): number {
  const length = reader.uint32();
  const start = reader.pos;
  if (start + length > reader.len) throw outOfRange(reader, length);
  reader.pos = start + length;
  return start;
}

function string(reader: Reader): string {
  const start = delimited(reader);
  return utf8Slice(body, start, reader.pos, view);
}

function fixed64(reader: Reader): bigint {
  if (reader.pos + 8 > reader.len) throw outOfRange(reader, 8);
  const value = view.getBigUint64(reader.pos, true);
  reader.pos += 8;
  return value;
}

/** An id field as lowercase hex: '' when empty, undefined when not `length` bytes. */
function hexId(reader: Reader, length: number): string | undefined {
  const start = delimited(reader);
  const size = reader.pos - start;
  if (size === 0) return '';
  return size === length ? hexSlice(body, start, reader.pos) : undefined;
}

/** int64 varint as a JS number when safe, else its decimal text (as fromWire does). */
function int64(reader: Reader): number | string {
  // Up to 7 bytes (49 bits): a non-negative safe integer, summed here without a Long.
  const start = reader.pos;
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 7; i++) {
    if (reader.pos >= reader.len) throw outOfRange(reader, 1);
    const byte = body[reader.pos++]!;
    value += (byte & 127) * scale;
    if (byte < 128) return value;
    scale *= 128;
  }
  reader.pos = start;
  return longInt64(reader);
}

function longInt64(reader: Reader): number | string {
  const value = reader.int64() as unknown as { low: number; high: number; toNumber?: () => number } | number;
  if (typeof value === 'number') return value;
  const big = BigInt.asIntN(64, (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0));
  const asNumber = Number(big);
  return Number.isSafeInteger(asNumber) ? asNumber : big.toString();
}

/** Reads one AnyValue message ending at `end`. */
function readAnyValue(reader: Reader, end: number, depth: number): AttributeValue | undefined {
  let value: AttributeValue | undefined;
  while (reader.pos < end) {
    const field = knownField(reader, reader.uint32(), ANY_VALUE_WIRE);
    switch (field) {
      case 1:
        value = truncate(string(reader));
        break;
      case 2:
        value = reader.bool();
        break;
      case 3:
        value = int64(reader);
        break;
      case 4:
        value = reader.double();
        break;
      case 5:
      case 6: {
        const length = reader.uint32();
        const nestedEnd = reader.pos + length;
        if (depth >= WIRE_LIMITS.maxValueDepth) {
          reader.skip(length);
          value = NESTED_TOO_DEEP;
        } else if (field === 5) {
          value = readArrayValue(reader, nestedEnd, depth + 1);
        } else {
          value = Object.fromEntries(readKeyValues(reader, nestedEnd, depth + 1, 1));
        }
        break;
      }
      case 7:
        value = Buffer.from(reader.bytes()).toString('base64');
        break;
    }
  }
  return value;
}

function readArrayValue(reader: Reader, end: number, depth: number): AttributeValue[] {
  const values: AttributeValue[] = [];
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === LEN) {
      const itemEnd = reader.uint32() + reader.pos;
      const item = readAnyValue(reader, itemEnd, depth);
      reader.pos = itemEnd;
      if (item !== undefined && values.length < WIRE_LIMITS.maxAttributesPerSpan) values.push(item);
    } else reader.skipType(tag & 7);
  }
  return values;
}

/** Reads repeated KeyValue entries (field `fieldNumber`) of the message ending at `end`. */
function readKeyValue(reader: Reader, end: number, depth: number, into: Attributes): void {
  let key = '';
  let value: AttributeValue | undefined;
  while (reader.pos < end) {
    const field = knownField(reader, reader.uint32(), KEY_VALUE_WIRE);
    if (field === 1) key = string(reader);
    else if (field === 2) {
      const valueEnd = reader.uint32() + reader.pos;
      value = readAnyValue(reader, valueEnd, depth);
      reader.pos = valueEnd;
    }
  }
  if (key !== '' && value !== undefined && into.size < WIRE_LIMITS.maxAttributesPerSpan) into.set(key, value);
}

function readKeyValues(reader: Reader, end: number, depth: number, fieldNumber: number, into: Attributes = new Map()): Attributes {
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === fieldNumber && (tag & 7) === LEN) {
      const kvEnd = reader.uint32() + reader.pos;
      readKeyValue(reader, kvEnd, depth, into);
      reader.pos = kvEnd;
    } else reader.skipType(tag & 7);
  }
  return into;
}

function readEvent(reader: Reader, end: number): SpanEvent {
  const event: SpanEvent = { timeNs: 0n, name: '', attributes: new Map() };
  while (reader.pos < end) {
    switch (knownField(reader, reader.uint32(), EVENT_WIRE)) {
      case 1:
        event.timeNs = fixed64(reader);
        break;
      case 2:
        event.name = truncate(string(reader));
        break;
      case 3: {
        const kvEnd = reader.uint32() + reader.pos;
        readKeyValue(reader, kvEnd, 0, event.attributes);
        reader.pos = kvEnd;
        break;
      }
    }
  }
  return event;
}

function readSpan(reader: Reader, end: number): SpanParts {
  const parts: SpanParts = {
    traceId: undefined,
    spanId: undefined,
    parentSpanId: '',
    startTimeNs: undefined,
    endTimeNs: undefined,
    name: '',
    kind: 0,
    attributes: new Map(),
    events: [],
    statusCode: 0,
    statusMessage: '',
  };
  while (reader.pos < end) {
    switch (knownField(reader, reader.uint32(), SPAN_WIRE)) {
      case 1:
        parts.traceId = hexId(reader, 16);
        break;
      case 2:
        parts.spanId = hexId(reader, 8);
        break;
      case 4:
        parts.parentSpanId = hexId(reader, 8);
        break;
      case 5:
        parts.name = string(reader);
        break;
      case 6:
        parts.kind = reader.int32();
        break;
      case 7:
        parts.startTimeNs = fixed64(reader);
        break;
      case 8:
        parts.endTimeNs = fixed64(reader);
        break;
      case 9: {
        const kvEnd = reader.uint32() + reader.pos;
        readKeyValue(reader, kvEnd, 0, parts.attributes);
        reader.pos = kvEnd;
        break;
      }
      case 11: {
        const eventEnd = reader.uint32() + reader.pos;
        if (parts.events.length < WIRE_LIMITS.maxEventsPerSpan) parts.events.push(readEvent(reader, eventEnd));
        reader.pos = eventEnd;
        break;
      }
      case 15: {
        const statusEnd = reader.uint32() + reader.pos;
        while (reader.pos < statusEnd) {
          const statusField = knownField(reader, reader.uint32(), STATUS_WIRE);
          if (statusField === 2) parts.statusMessage = string(reader);
          else if (statusField === 3) parts.statusCode = reader.int32();
        }
        break;
      }
    }
  }
  return parts;
}

function readScopeSpans(reader: Reader, end: number, nowNs: bigint, rejected: SpanRejection[]): ScopeSpans {
  const scope: ScopeSpans = { scopeName: '', scopeVersion: '', spans: [] as Span[] };
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === LEN) {
      const scopeEnd = reader.uint32() + reader.pos;
      while (reader.pos < scopeEnd) {
        const scopeField = knownField(reader, reader.uint32(), SCOPE_WIRE);
        if (scopeField === 1) scope.scopeName = string(reader);
        else if (scopeField === 2) scope.scopeVersion = string(reader);
      }
    } else if (field === 2 && (tag & 7) === LEN) {
      const spanEnd = reader.uint32() + reader.pos;
      const result = checkSpan(readSpan(reader, spanEnd), nowNs);
      reader.pos = spanEnd;
      if ('span' in result) scope.spans.push(result.span);
      else rejected.push(result.rejection);
    } else reader.skipType(tag & 7);
  }
  return scope;
}

function readResourceSpans(reader: Reader, end: number, nowNs: bigint, rejected: SpanRejection[]): ResourceSpans {
  const resourceSpans: ResourceSpans = { resource: new Map(), scopeSpans: [] };
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === LEN) {
      const resourceEnd = reader.uint32() + reader.pos;
      readKeyValues(reader, resourceEnd, 0, 1, resourceSpans.resource);
      reader.pos = resourceEnd;
    } else if (field === 2 && (tag & 7) === LEN) {
      const scopeEnd = reader.uint32() + reader.pos;
      resourceSpans.scopeSpans.push(readScopeSpans(reader, scopeEnd, nowNs, rejected));
      reader.pos = scopeEnd;
    } else reader.skipType(tag & 7);
  }
  return resourceSpans;
}

/** Throws (RangeError, Error) on bytes that are not a well-formed message; the caller words it. */
export function readTracesProtobuf(bytes: Uint8Array, nowNs: bigint): DecodedTraces {
  body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  try {
    const reader = protobuf.Reader.create(body);
    const rejected: SpanRejection[] = [];
    const resourceSpans: ResourceSpans[] = [];
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag >>> 3 === 1 && (tag & 7) === LEN) {
        const end = reader.uint32() + reader.pos;
        if (end > reader.len) throw new RangeError(`index out of range: ${end} > ${reader.len}`);
        resourceSpans.push(readResourceSpans(reader, end, nowNs, rejected));
        reader.pos = end;
      } else reader.skipType(tag & 7);
    }
    return { resourceSpans, rejected };
  } finally {
    // Not kept past the read: a body can be megabytes.
    body = EMPTY;
    view = EMPTY_VIEW;
  }
}
