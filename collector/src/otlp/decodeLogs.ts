// Decoding only, as decode.ts does for traces: an OTLP logs export (protobuf or JSON) in, typed
// log records out. Which records matter (Claude Code's api_request events) is the normalizer's
// business; here a record is refused only when it is not a record at all.
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { OtlpDecodeError, type OtlpEncoding } from './decode';
import { fromWire } from './fromWire';
import type { AttributeValue, Attributes, SpanRejection } from './model';
import { toBigInt } from './scalars';

const root = protobuf.parse(readFileSync(new URL('./logs.proto', import.meta.url), 'utf8'), { keepCase: false }).root;
const requestType = root.lookupType('burnrate.otlp.logs.ExportLogsServiceRequest');
const responseType = root.lookupType('burnrate.otlp.logs.ExportLogsServiceResponse');

export interface LogRecord {
  /** When the event happened; 0n when the exporter left it unset. */
  timeNs: bigint;
  /** When the exporter's SDK saw it; 0n when unset. */
  observedTimeNs: bigint;
  /** LogRecord.event_name (newer SDKs); '' when unset. */
  eventName: string;
  body: AttributeValue | undefined;
  attributes: Attributes;
}

export interface ScopeLogs {
  scopeName: string;
  scopeVersion: string;
  records: LogRecord[];
}

export interface ResourceLogs {
  resource: Attributes;
  scopeLogs: ScopeLogs[];
}

export interface DecodedLogs {
  resourceLogs: ResourceLogs[];
  rejected: SpanRejection[];
}

type Loose = Record<string, unknown>;

function field(obj: Loose, camel: string, snake: string): unknown {
  const value = obj[camel];
  return value !== undefined ? value : obj[snake];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asObject(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) ? (value as Loose) : undefined;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

// fromWire's attribute conversion (int64 in its three forms, nesting depth, size bounds) is the
// one we want, and a resource's attributes are where it converts a bare KeyValue list: reached
// that way rather than copied, so traces and logs can never disagree on what an attribute is.
function toAttributes(list: unknown): Attributes {
  return fromWire({ resourceSpans: [{ resource: { attributes: asArray(list) } }] }, 0n).resourceSpans[0]!.resource;
}

function toRecord(raw: Loose): LogRecord {
  return {
    timeNs: toBigInt(field(raw, 'timeUnixNano', 'time_unix_nano')) ?? 0n,
    observedTimeNs: toBigInt(field(raw, 'observedTimeUnixNano', 'observed_time_unix_nano')) ?? 0n,
    eventName: asString(field(raw, 'eventName', 'event_name')),
    body: raw.body === undefined || raw.body === null ? undefined : toAttributes([{ key: 'body', value: raw.body }]).get('body'),
    attributes: toAttributes(raw.attributes),
  };
}

function fromLoose(parsed: unknown): DecodedLogs {
  const rejected: SpanRejection[] = [];
  const resourceLogs: ResourceLogs[] = [];
  for (const rawResource of asArray(field(asObject(parsed) ?? {}, 'resourceLogs', 'resource_logs'))) {
    const resource = asObject(rawResource) ?? {};
    const scopeLogs: ScopeLogs[] = [];
    for (const rawScope of asArray(field(resource, 'scopeLogs', 'scope_logs'))) {
      const scopeObject = asObject(rawScope) ?? {};
      const scope = asObject(scopeObject.scope) ?? {};
      const records: LogRecord[] = [];
      for (const rawRecord of asArray(field(scopeObject, 'logRecords', 'log_records'))) {
        const record = asObject(rawRecord);
        if (record) records.push(toRecord(record));
        else rejected.push({ reason: 'a log record must be an object' });
      }
      scopeLogs.push({ scopeName: asString(scope.name), scopeVersion: asString(scope.version), records });
    }
    resourceLogs.push({ resource: toAttributes(asObject(resource.resource)?.attributes), scopeLogs });
  }
  return { resourceLogs, rejected };
}

export function decodeLogs(body: Buffer, encoding: OtlpEncoding): DecodedLogs {
  if (encoding === 'protobuf') {
    let message: protobuf.Message;
    try {
      message = requestType.decode(body);
    } catch (error) {
      throw new OtlpDecodeError(`body is not a valid OTLP protobuf ExportLogsServiceRequest: ${(error as Error).message}`);
    }
    return fromLoose(message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new OtlpDecodeError(`body is not valid JSON: ${(error as Error).message}`);
  }
  if (!asObject(parsed)) throw new OtlpDecodeError('body must be a JSON object (an OTLP ExportLogsServiceRequest)');
  const logs = field(parsed as Loose, 'resourceLogs', 'resource_logs');
  if (logs !== undefined && !Array.isArray(logs)) throw new OtlpDecodeError('resourceLogs must be an array');
  return fromLoose(parsed);
}

export interface LogsPartialSuccess {
  rejectedLogRecords: number;
  errorMessage: string;
}

/** An ExportLogsServiceResponse in the request's encoding; partial_success only when set. */
export function encodeLogsResponse(partial: LogsPartialSuccess | undefined, encoding: OtlpEncoding): Buffer {
  if (encoding === 'json') {
    // OTLP/JSON writes int64 as a decimal string.
    const body = partial ? { partialSuccess: { rejectedLogRecords: String(partial.rejectedLogRecords), errorMessage: partial.errorMessage } } : {};
    return Buffer.from(JSON.stringify(body));
  }
  const message = responseType.fromObject(partial ? { partialSuccess: partial } : {});
  return Buffer.from(responseType.encode(message).finish());
}

/** For tests: encode a JSON-shaped logs export (hex ids, as OTLP/JSON writes them) as protobuf. */
export function encodeLogsRequestFromJson(json: unknown): Buffer {
  const fixIds = (value: unknown, key = ''): unknown => {
    if (Array.isArray(value)) return value.map((item) => fixIds(item));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fixIds(v, k)]));
    if (typeof value === 'string' && /^(traceId|spanId)$/.test(key)) return Buffer.from(value, 'hex');
    return value;
  };
  return Buffer.from(requestType.encode(requestType.fromObject(fixIds(json) as Record<string, unknown>)).finish());
}

/** For tests: read an ExportLogsServiceResponse. */
export function decodeLogsResponse(bytes: Uint8Array): Record<string, unknown> {
  return responseType.toObject(responseType.decode(bytes), { longs: Number }) as Record<string, unknown>;
}
