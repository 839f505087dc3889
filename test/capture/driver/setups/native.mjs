// The Anthropic SDK's own OpenTelemetry tracing, on by default: nothing to set up but the client.
import Anthropic from '@anthropic-ai/sdk';
import { callWithClient } from './anthropicRequest.mjs';

export async function setup({ apiUrl }) {
  const client = new Anthropic({ baseURL: apiUrl, apiKey: 'sk-ant-capture', maxRetries: 2 });
  return (scenario) => callWithClient(client, scenario);
}
