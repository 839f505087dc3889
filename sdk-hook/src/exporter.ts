import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ExportTarget } from './endpoint';
import { log } from './safety';
import { Env } from './semconv';

export type OtlpProtocol = 'http/protobuf' | 'http/json';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The OTLP protocol from the standard variables, as OTel SDKs read them: `http/protobuf` unless
 * `http/json` is asked for. `grpc` is not something the collector speaks, so it falls back too.
 */
export function otlpProtocol(env: Environment = process.env): { protocol: OtlpProtocol; unsupported?: string } {
  const asked = (env[Env.otlpTracesProtocol] ?? env[Env.otlpProtocol])?.trim().toLowerCase();
  if (!asked || asked === 'http/protobuf') return { protocol: 'http/protobuf' };
  if (asked === 'http/json') return { protocol: 'http/json' };
  return { protocol: 'http/protobuf', unsupported: asked };
}

export function createOtlpExporter(target: ExportTarget, timeoutMillis: number, env: Environment = process.env): SpanExporter {
  const { protocol, unsupported } = otlpProtocol(env);
  if (unsupported !== undefined) {
    log.warn(`OTLP protocol ${JSON.stringify(unsupported)} is not supported by burnrate's exporter: using http/protobuf`);
  }
  const config = { url: target.url, headers: target.headers, timeoutMillis };
  return protocol === 'http/json' ? new JsonTraceExporter(config) : new ProtobufTraceExporter(config);
}
