// Laminar (@lmnr-ai/lmnr), set up for an app's own OTLP endpoint rather than Laminar's cloud: no
// project key, the OTel endpoint variable set (Laminar refuses to start with neither), and a
// LaminarSpanProcessor around the app's exporter, since Laminar's own exporter only speaks gRPC
// or http/protobuf. The SDK module is handed to it (instrumentModules), as its docs say for ESM
// apps. Laminar keeps a tracer provider of its own, beside the app's: flushed through its processor.
import * as sdk from '@anthropic-ai/sdk';
import { Laminar, LaminarSpanProcessor } from '@lmnr-ai/lmnr';
import { callWithClient } from './anthropicRequest.mjs';

export async function setup({ apiUrl, otlpUrl, newExporter }) {
  process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = otlpUrl;
  const processor = new LaminarSpanProcessor({ exporter: newExporter() });
  Laminar.initialize({ spanProcessor: processor, instrumentModules: { anthropic: sdk } });
  const client = new sdk.Anthropic({ baseURL: apiUrl, apiKey: 'sk-ant-capture', maxRetries: 2 });
  const call = (scenario) => callWithClient(client, scenario);
  call.flush = () => processor.forceFlush();
  return call;
}
