// Decoding only: bytes in, typed export out. Which bytes to read (gzip, size limits) is the
// route's job; what a span means is the normalizer's.
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import type { DecodedTraces } from './model';
import { fromWire } from './fromWire';
import { readTracesProtobuf } from './readTracesProtobuf';

export class OtlpDecodeError extends Error {}

const root = protobuf.parse(readFileSync(new URL('./trace.proto', import.meta.url), 'utf8'), { keepCase: false }).root;
// The generated types serve the response and the test encoder; requests are read by readTracesProtobuf.
const requestType = root.lookupType('burnrate.otlp.ExportTraceServiceRequest');
const responseType = root.lookupType('burnrate.otlp.ExportTraceServiceResponse');
const statusType = root.lookupType('burnrate.otlp.Status_');

export type OtlpEncoding = 'protobuf' | 'json';

function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

export function decodeTraces(body: Buffer, encoding: OtlpEncoding): DecodedTraces {
  return encoding === 'protobuf' ? decodeProtobuf(body) : decodeJson(body);
}

function decodeProtobuf(body: Buffer): DecodedTraces {
  try {
    return readTracesProtobuf(body, nowNs());
  } catch (error) {
    throw new OtlpDecodeError(`body is not a valid OTLP protobuf ExportTraceServiceRequest: ${(error as Error).message}`);
  }
}

function decodeJson(body: Buffer): DecodedTraces {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new OtlpDecodeError(`body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new OtlpDecodeError('body must be a JSON object (an OTLP ExportTraceServiceRequest)');
  }
  const spans = (parsed as Record<string, unknown>).resourceSpans ?? (parsed as Record<string, unknown>).resource_spans;
  if (spans !== undefined && !Array.isArray(spans)) throw new OtlpDecodeError('resourceSpans must be an array');
  return fromWire(parsed, nowNs());
}

export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

/** An ExportTraceServiceResponse in the request's encoding; partial_success only when set. */
export function encodeTraceResponse(partial: PartialSuccess | undefined, encoding: OtlpEncoding): Buffer {
  if (encoding === 'json') {
    const body = partial ? { partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage } } : {};
    return Buffer.from(JSON.stringify(body));
  }
  const message = responseType.fromObject(partial ? { partialSuccess: partial } : {});
  return Buffer.from(responseType.encode(message).finish());
}

/** An OTLP/HTTP error body (google.rpc.Status) in the request's encoding. */
export function encodeErrorStatus(message: string, encoding: OtlpEncoding): Buffer {
  // 3 is INVALID_ARGUMENT, 8 RESOURCE_EXHAUSTED, 14 UNAVAILABLE; clients read the message.
  const code = 3;
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  return Buffer.from(statusType.encode(statusType.fromObject({ code, message })).finish());
}

/** For tests and benchmarks: encode a JSON-shaped export (hex ids) as OTLP protobuf. */
export function encodeTraceRequestFromJson(json: unknown): Buffer {
  const fixIds = (value: unknown, key = ''): unknown => {
    if (Array.isArray(value)) return value.map((item) => fixIds(item));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fixIds(v, k)]));
    }
    if (typeof value === 'string' && /^(traceId|spanId|parentSpanId)$/.test(key)) return Buffer.from(value, 'hex');
    return value;
  };
  return Buffer.from(requestType.encode(requestType.fromObject(fixIds(json) as Record<string, unknown>)).finish());
}
