// Decoding only, as decode.ts does for traces: an OTLP logs export (protobuf or JSON) in, typed
// log records out. Which records matter (Claude Code's api_request events) is the normalizer's
// business; here a record is refused only when it is not a record at all.
import { decodeProtobufExport, encodeRequestFromJson, otlpType, parseJsonExport, type OtlpEncoding } from './exportMessages';
import { asArray, asObject, asString, field, toAttributes, type Loose } from './looseWire';
import type { AttributeValue, Attributes, SpanRejection } from './model';
import { toBigInt } from './scalars';

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
  return fromLoose(encoding === 'protobuf' ? decodeProtobufExport(body, 'logs') : parseJsonExport(body, 'logs'));
}

/** For tests: a JSON-shaped logs export (hex ids, as OTLP/JSON writes them) as protobuf. */
export const encodeLogsRequestFromJson = (json: unknown) => encodeRequestFromJson('logs', json);

/** For tests: read an ExportLogsServiceResponse. */
export function decodeLogsResponse(bytes: Uint8Array): Record<string, unknown> {
  const type = otlpType('ExportLogsServiceResponse');
  return type.toObject(type.decode(bytes), { longs: Number }) as Record<string, unknown>;
}
