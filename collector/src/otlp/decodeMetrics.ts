// Decoding only: an OTLP metrics export (protobuf or JSON) in, the names of its metrics and how
// many data points each carried out. burnrate keeps no metrics (see otlp.proto); /v1/metrics
// still validates what it acknowledges, so a broken exporter hears about it.
import { decodeProtobufExport, encodeRequestFromJson, parseJsonExport, type OtlpEncoding } from './exportMessages';
import { asArray, asObject, field, type Loose } from './looseWire';

export interface MetricSummary {
  name: string;
  dataPoints: number;
}

export interface DecodedMetrics {
  metrics: MetricSummary[];
}

const DATA_KINDS = [
  ['gauge', 'gauge'],
  ['sum', 'sum'],
  ['histogram', 'histogram'],
  ['exponentialHistogram', 'exponential_histogram'],
  ['summary', 'summary'],
] as const;

function pointsOf(metric: Loose): number {
  for (const [camel, snake] of DATA_KINDS) {
    const data = field(metric, camel, snake);
    if (data !== undefined && data !== null) return asArray(field(asObject(data) ?? {}, 'dataPoints', 'data_points')).length;
  }
  return 0;
}

function fromLoose(parsed: unknown): DecodedMetrics {
  const metrics: MetricSummary[] = [];
  for (const resource of asArray(field(asObject(parsed) ?? {}, 'resourceMetrics', 'resource_metrics'))) {
    for (const scope of asArray(field(asObject(resource) ?? {}, 'scopeMetrics', 'scope_metrics'))) {
      for (const raw of asArray((asObject(scope) ?? {}).metrics)) {
        const metric = asObject(raw) ?? {};
        metrics.push({ name: typeof metric.name === 'string' ? metric.name : '', dataPoints: pointsOf(metric) });
      }
    }
  }
  return { metrics };
}

export function decodeMetrics(body: Buffer, encoding: OtlpEncoding): DecodedMetrics {
  return fromLoose(encoding === 'protobuf' ? decodeProtobufExport(body, 'metrics') : parseJsonExport(body, 'metrics'));
}

/** For tests: a JSON-shaped metrics export as protobuf (values and attributes are dropped). */
export const encodeMetricsRequestFromJson = (json: unknown) => encodeRequestFromJson('metrics', json);
