// OpenLIT's SDK (openlit), set up as its README shows for apps that import their LLM SDK before
// openlit.init(): the SDK module is handed to it to patch. Given a `tracer` option, OpenLIT 1.15
// skips its own configuration (its spans then end in an error), and it reuses an app's provider
// only if it has the OTel SDK 1.x `addSpanProcessor`: so the app's (2.x) provider is shown to it
// with that method, and OpenLIT exports through the app's exporter like every other capture.
import { createRequire } from 'node:module';
import { trace } from '@opentelemetry/api';
import { Openlit } from 'openlit';
import { callWithClient } from './anthropicRequest.mjs';

const require = createRequire(import.meta.url);
// Without a price list of its own, OpenLIT downloads one from the internet at init: captures
// stay on loopback, and burnrate prices calls itself.
const NO_PRICE_DOWNLOAD = { chat: {} };

export async function setup({ apiUrl, provider }) {
  const sdk = require('@anthropic-ai/sdk');
  provider.addSpanProcessor ??= () => {};
  const globalProvider = trace.getTracerProvider;
  trace.getTracerProvider = () => provider;
  try {
    Openlit.init({
      applicationName: 'capture-app',
      environment: 'test',
      instrumentations: { anthropic: sdk },
      disableMetrics: true,
      disableEvents: true,
      pricingJson: NO_PRICE_DOWNLOAD,
    });
  } finally {
    trace.getTracerProvider = globalProvider;
  }
  const client = new sdk.Anthropic({ baseURL: apiUrl, apiKey: 'sk-ant-capture', maxRetries: 2 });
  return (scenario) => callWithClient(client, scenario);
}
