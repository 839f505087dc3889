// Langtrace (@langtrase/typescript-sdk), set up as its docs show for sending to one's own OTLP
// endpoint: Langtrace.init with a `custom_remote_exporter`, and the SDK module handed to it, as
// its docs say for ESM apps (an ESM import passes no require hook). A CommonJS app that also
// require()s the SDK after importing Langtrace gets it patched twice, two nested spans per call. Langtrace builds its own OpenTelemetry 1.x tracer provider;
// the app's exporter (OTel 2.x) cannot read 1.x spans, so Langtrace is given the OTLP exporter
// of its own OTel line (installed under an alias beside the app's). The SDK's own tracing, when
// on, still goes through the app's provider: two providers, two exporters, one sink.
import { createRequire } from 'node:module';
import * as sdk from '@anthropic-ai/sdk';
import * as Langtrace from '@langtrase/typescript-sdk';
import { callWithClient } from './anthropicRequest.mjs';

const require = createRequire(import.meta.url);

export async function setup({ apiUrl, otlpUrl, protocol }) {
  const { OTLPTraceExporter } = protocol === 'json' ? require('otlp-http-otel1') : require('otlp-proto-otel1');
  const exporter = new OTLPTraceExporter({ url: `${otlpUrl}/v1/traces` });
  Langtrace.init({
    service_name: 'capture-app',
    custom_remote_exporter: exporter,
    // Spans leave as they end, so the exporter's own flush is enough to mark a scenario's end.
    batch: false,
    instrumentations: { anthropic: sdk },
    // Stays on loopback: no look-up of Langtrace's latest version on npm.
    disable_latest_version_check: true,
    logging: { disable: true },
  });
  const client = new sdk.Anthropic({ baseURL: apiUrl, apiKey: 'sk-ant-capture', maxRetries: 2 });
  const call = (scenario) => callWithClient(client, scenario);
  // Langtrace's provider is not the app's: what it sent is awaited through the exporter it was given.
  call.flush = () => exporter.forceFlush();
  return call;
}
