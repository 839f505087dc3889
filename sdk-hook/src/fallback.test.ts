import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from 'anthropic-sdk-0';
import AnthropicLegacy from 'anthropic-sdk-legacy';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll } from 'vitest';
import { instrument, type Burnrate } from './index';
import { Http } from './semconv';
import { callSuite, type Sdk, type Transport } from '../../test/support/sdkHook/callSuite';
import { ScriptedServer } from '../../test/support/sdkHook/scriptedServer';
import { captureDiag } from '../../test/support/sdkHook/spans';

// SDKs without native tracing. 0.39 is a real pre-tracing SDK (no OpenTelemetry, no
// `middleware`). 0.137 and 1.x trace natively, so they are driven with `openTelemetry: false`:
// the SDK then makes no span and passes no `__span`, exactly what the fallback must cope with.
// 0.39 runs twice: with a scripted `fetch`, and with its own default transport (node-fetch, whose
// Response, Headers and body are not the web ones) against a local server playing the API.

captureDiag();
const exporter = new InMemorySpanExporter();
let burnrate: Burnrate;
let server: ScriptedServer;
beforeAll(async () => {
  burnrate = instrument({ serviceName: 'fallback-test', exporter });
  server = await ScriptedServer.start();
});
afterAll(() => server.close());

const NODE_FETCH: Transport = {
  clientOptions: (script) => ({ baseURL: server.baseURL(script) }),
  serverAttributes: () => ({ [Http.serverAddress]: '127.0.0.1', [Http.serverPort]: server.port }),
  networkErrorClass: 'FetchError', // node-fetch's, for the reset connection
};

const SDKS: Array<[string, Sdk, Transport?]> = [
  ['@anthropic-ai/sdk 0.39 (before native tracing)', AnthropicLegacy as unknown as Sdk],
  ['@anthropic-ai/sdk 0.39 on its default node-fetch', AnthropicLegacy as unknown as Sdk, NODE_FETCH],
  ['@anthropic-ai/sdk 0.137 without native tracing', Anthropic0 as unknown as Sdk],
  ['@anthropic-ai/sdk 1.x without native tracing', Anthropic],
];

for (const [label, sdk, transport] of SDKS) {
  callSuite({ label, sdk, native: false, burnrate: () => burnrate, exporter, transport });
}
