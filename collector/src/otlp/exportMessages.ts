// What the three OTLP/HTTP export endpoints share at the edge: the message types (one .proto),
// parsing a body of either encoding into a loose object with errors that say what is wrong, and
// the answers (ExportXServiceResponse with an optional partial success, or an rpc Status).
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

export class OtlpDecodeError extends Error {}

export type OtlpEncoding = 'protobuf' | 'json';

const root = protobuf.parse(readFileSync(new URL('./otlp.proto', import.meta.url), 'utf8'), { keepCase: false }).root;

export const otlpType = (name: string) => root.lookupType(`burnrate.otlp.${name}`);

/** The three signals: their request and response messages and the name of their top-level list. */
export const SIGNALS = {
  traces: {
    request: 'ExportTraceServiceRequest',
    response: 'ExportTraceServiceResponse',
    list: ['resourceSpans', 'resource_spans'],
    rejected: 'rejectedSpans',
  },
  logs: { request: 'ExportLogsServiceRequest', response: 'ExportLogsServiceResponse', list: ['resourceLogs', 'resource_logs'], rejected: 'rejectedLogRecords' },
  metrics: {
    request: 'ExportMetricsServiceRequest',
    response: 'ExportMetricsServiceResponse',
    list: ['resourceMetrics', 'resource_metrics'],
    rejected: 'rejectedDataPoints',
  },
} as const;

export type Signal = keyof typeof SIGNALS;

/** A JSON export as a plain object, its top-level list checked; deeper shape is the converter's job. */
export function parseJsonExport(body: Buffer, signal: Signal): Record<string, unknown> {
  const { request, list } = SIGNALS[signal];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new OtlpDecodeError(`body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new OtlpDecodeError(`body must be a JSON object (an OTLP ${request})`);
  }
  const object = parsed as Record<string, unknown>;
  const items = object[list[0]] ?? object[list[1]];
  if (items !== undefined && !Array.isArray(items)) throw new OtlpDecodeError(`${list[0]} must be an array`);
  return object;
}

/** A protobuf export decoded by protobufjs's generated decoder (logs and metrics; traces have their own reader). */
export function decodeProtobufExport(body: Buffer, signal: Signal): protobuf.Message {
  try {
    return otlpType(SIGNALS[signal].request).decode(body);
  } catch (error) {
    throw protobufError(signal, error);
  }
}

export function protobufError(signal: Signal, error: unknown): OtlpDecodeError {
  return new OtlpDecodeError(`body is not a valid OTLP protobuf ${SIGNALS[signal].request}: ${(error as Error).message}`);
}

export interface PartialSuccess {
  rejected: number;
  errorMessage: string;
}

/** An ExportXServiceResponse in the request's encoding; partial_success only when something was refused. */
export function encodeExportResponse(signal: Signal, partial: PartialSuccess | undefined, encoding: OtlpEncoding): Buffer {
  const { response, rejected } = SIGNALS[signal];
  if (encoding === 'json') {
    // OTLP/JSON writes int64 as a decimal string.
    const body = partial ? { partialSuccess: { [rejected]: String(partial.rejected), errorMessage: partial.errorMessage } } : {};
    return Buffer.from(JSON.stringify(body));
  }
  const type = otlpType(response);
  const message = type.fromObject(partial ? { partialSuccess: { [rejected]: partial.rejected, errorMessage: partial.errorMessage } } : {});
  return Buffer.from(type.encode(message).finish());
}

/** An OTLP/HTTP error body (google.rpc.Status) in the request's encoding. */
export function encodeErrorStatus(message: string, encoding: OtlpEncoding): Buffer {
  // 3 is INVALID_ARGUMENT; clients read the message.
  const code = 3;
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  const type = otlpType('RpcStatus');
  return Buffer.from(type.encode(type.fromObject({ code, message })).finish());
}

/** For tests and benchmarks: encode a JSON-shaped export (hex ids, as OTLP/JSON writes them) as protobuf. */
export function encodeRequestFromJson(signal: Signal, json: unknown): Buffer {
  const fixIds = (value: unknown, key = ''): unknown => {
    if (Array.isArray(value)) return value.map((item) => fixIds(item));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fixIds(v, k)]));
    if (typeof value === 'string' && /^(traceId|spanId|parentSpanId)$/.test(key)) return Buffer.from(value, 'hex');
    return value;
  };
  const type = otlpType(SIGNALS[signal].request);
  return Buffer.from(type.encode(type.fromObject(fixIds(json) as Record<string, unknown>)).finish());
}
