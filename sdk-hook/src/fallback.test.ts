import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from 'anthropic-sdk-0';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { beforeAll } from 'vitest';
import { instrument, type Burnrate } from './index';
import { callSuite, type Sdk } from './testing/call-suite';
import { captureDiag } from './testing/spans';

// SDKs without native tracing. The installed 0.x (0.137) already traces natively, so the
// pre-0.134 case is driven by the same SDKs with `openTelemetry: false`: the SDK then makes no
// span and passes no `__span`, exactly what burnrate's fallback wrapper must cope with.

captureDiag();
const exporter = new InMemorySpanExporter();
let burnrate: Burnrate;
beforeAll(() => {
  burnrate = instrument({ serviceName: 'fallback-test', exporter });
});

const SDKS: Array<[string, Sdk]> = [
  ['@anthropic-ai/sdk 0.137 without native tracing', Anthropic0 as unknown as Sdk],
  ['@anthropic-ai/sdk 1.x without native tracing', Anthropic],
];

for (const [label, sdk] of SDKS) {
  callSuite({ label, sdk, native: false, burnrate: () => burnrate, exporter });
}
