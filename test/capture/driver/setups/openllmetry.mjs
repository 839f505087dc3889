// OpenLLMetry's Anthropic instrumentation (@traceloop/instrumentation-anthropic), patched by hand
// as its README shows for apps that import the SDK before registering instrumentations.
import { createRequire } from 'node:module';
import { AnthropicInstrumentation } from '@traceloop/instrumentation-anthropic';
import { callWithClient } from './anthropicRequest.mjs';

const require = createRequire(import.meta.url);

export async function setup({ apiUrl, provider }) {
  const sdk = require('@anthropic-ai/sdk');
  const instrumentation = new AnthropicInstrumentation();
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(sdk);
  const client = new sdk.Anthropic({ baseURL: apiUrl, apiKey: 'sk-ant-capture', maxRetries: 2 });
  return (scenario) => callWithClient(client, scenario);
}
