// Decoding only: an OTLP metrics export (protobuf or JSON) in, the names of its metrics and how
// many data points each carried out. burnrate keeps no metrics (see metrics.proto); /v1/metrics
// still validates what it acknowledges, so a broken exporter hears about it.
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { OtlpDecodeError, type OtlpEncoding } from './decode';

const root = protobuf.parse(readFileSync(new URL('./metrics.proto', import.meta.url), 'utf8'), { keepCase: false }).root;
const requestType = root.lookupType('burnrate.otlp.metrics.ExportMetricsServiceRequest');
const responseType = root.lookupType('burnrate.otlp.metrics.ExportMetricsServiceResponse');

export interface MetricSummary {
  name: string;
  dataPoints: number;
}

export interface DecodedMetrics {
  metrics: MetricSummary[];
}

type Loose = Record<string, unknown>;

const DATA_KINDS = [
  ['gauge', 'gauge'],
  ['sum', 'sum'],
  ['histogram', 'histogram'],
  ['exponentialHistogram', 'exponential_histogram'],
  ['summary', 'summary'],
] as const;

function field(obj: Loose, camel: string, snake: string): unknown {
  const value = obj[camel];
  return value !== undefined ? value : obj[snake];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asObject(value: unknown): Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : {};
}

function pointsOf(metric: Loose): number {
  for (const [camel, snake] of DATA_KINDS) {
    const data = field(metric, camel, snake);
    if (data !== undefined && data !== null) return asArray(field(asObject(data), 'dataPoints', 'data_points')).length;
  }
  return 0;
}

function fromLoose(parsed: unknown): DecodedMetrics {
  const metrics: MetricSummary[] = [];
  for (const resource of asArray(field(asObject(parsed), 'resourceMetrics', 'resource_metrics'))) {
    for (const scope of asArray(field(asObject(resource), 'scopeMetrics', 'scope_metrics'))) {
      for (const raw of asArray(asObject(scope).metrics)) {
        const metric = asObject(raw);
        metrics.push({ name: typeof metric.name === 'string' ? metric.name : '', dataPoints: pointsOf(metric) });
      }
    }
  }
  return { metrics };
}

export function decodeMetrics(body: Buffer, encoding: OtlpEncoding): DecodedMetrics {
  if (encoding === 'protobuf') {
    let message: protobuf.Message;
    try {
      message = requestType.decode(body);
    } catch (error) {
      throw new OtlpDecodeError(`body is not a valid OTLP protobuf ExportMetricsServiceRequest: ${(error as Error).message}`);
    }
    return fromLoose(message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new OtlpDecodeError(`body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new OtlpDecodeError('body must be a JSON object (an OTLP ExportMetricsServiceRequest)');
  }
  const resources = field(parsed as Loose, 'resourceMetrics', 'resource_metrics');
  if (resources !== undefined && !Array.isArray(resources)) throw new OtlpDecodeError('resourceMetrics must be an array');
  return fromLoose(parsed);
}

/** An ExportMetricsServiceResponse with no partial_success: every data point is accepted. */
export function encodeMetricsResponse(encoding: OtlpEncoding): Buffer {
  if (encoding === 'json') return Buffer.from('{}');
  return Buffer.from(responseType.encode(responseType.fromObject({})).finish());
}

/** For tests: encode a JSON-shaped metrics export as protobuf (values and attributes are dropped). */
export function encodeMetricsRequestFromJson(json: unknown): Buffer {
  return Buffer.from(requestType.encode(requestType.fromObject(json as Record<string, unknown>)).finish());
}
