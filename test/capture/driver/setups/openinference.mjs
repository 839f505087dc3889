// OpenInference's Anthropic instrumentation, set up as its README says for ESM apps: patch the
// SDK module by hand. The SDK's own tracing stays as the scratch app's environment sets it.
import { createRequire } from 'node:module';
import { AnthropicInstrumentation } from '@arizeai/openinference-instrumentation-anthropic';
import { callWithClient } from './anthropicRequest.mjs';

const require = createRequire(import.meta.url);

export async function setup({ apiUrl, provider }) {
  const sdk = require('@anthropic-ai/sdk');
  const instrumentation = new AnthropicInstrumentation({ tracerProvider: provider });
  instrumentation.manuallyInstrument(sdk);
  const client = new sdk.Anthropic({ baseURL: apiUrl, apiKey: 'sk-ant-capture', maxRetries: 2 });
  return (scenario) => callWithClient(client, scenario);
}
