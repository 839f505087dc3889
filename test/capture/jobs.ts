// What the capture script records: which instrumentation, from which npm packages (exact
// versions, so a re-capture is reproducible), making which scripted calls, written where.
import { CONFORMANCE_SCENARIOS } from './scenarios';

/** Every scratch app gets these: the SDK and the OTel setup an app would have. */
export const CURRENT_SDK = '@anthropic-ai/sdk@1.17.0';
export const BASE_PACKAGES = [
  '@opentelemetry/api@1.9.1',
  '@opentelemetry/sdk-trace-node@2.12.1',
  '@opentelemetry/sdk-trace-base@2.12.1',
  '@opentelemetry/resources@2.12.1',
  '@opentelemetry/exporter-trace-otlp-http@0.223.1',
  '@opentelemetry/exporter-trace-otlp-proto@0.223.1',
];

export interface CaptureJob {
  /** Fixture name prefix (corpus) or folder (conformance). */
  suite: string;
  /** test/capture/driver/setups/<setup>.mjs */
  setup: string;
  /** Beyond BASE_PACKAGES. */
  packages: string[];
  /** The SDK, when the instrumentation needs another than CURRENT_SDK. */
  sdk?: string;
  scenarios: readonly string[];
  /** The SDK's own tracing: on by default in SDK 1.x, as in a real app. */
  nativeTracing: boolean;
  /** corpus: test/fixtures/otlp/<suite>-<scenario>.*; conformance: test/fixtures/conformance/<suite>/. */
  kind: 'corpus' | 'conformance';
}

const OPENINFERENCE = '@arizeai/openinference-instrumentation-anthropic@0.2.8';
const OPENLLMETRY = '@traceloop/instrumentation-anthropic@0.27.0';
// OpenLLMetry 0.27 patches Anthropic.Completions, which SDK 1.x no longer has.
const OPENLLMETRY_SDK = '@anthropic-ai/sdk@0.137.0';
const OPENLIT = 'openlit@1.15.0';
const VERCEL_AI = ['ai@6.0.333', '@ai-sdk/anthropic@3.0.140'];
// Laminar 0.8 instruments Anthropic with OpenLLMetry's 0.27 package: with SDK 1.x, handing it the
// module throws a TypeError from Laminar.initialize, so it is captured with the SDK OpenLLMetry works with.
const LAMINAR = '@lmnr-ai/lmnr@0.8.46';
// Langtrace brings its own OTel 1.x tracer provider; it exports through the OTLP exporters of that
// line (0.57), installed under aliases beside the app's 2.x ones.
const LANGTRACE = [
  '@langtrase/typescript-sdk@6.3.7',
  'otlp-http-otel1@npm:@opentelemetry/exporter-trace-otlp-http@0.57.2',
  'otlp-proto-otel1@npm:@opentelemetry/exporter-trace-otlp-proto@0.57.2',
];

export const JOBS: CaptureJob[] = [
  // The small corpus that the decoder, store and fault tests post.
  {
    suite: 'native',
    setup: 'native',
    packages: [],
    scenarios: ['create-cache', 'stream', '429-retried', '529-retried', '429-exhausted'],
    nativeTracing: true,
    kind: 'corpus',
  },
  { suite: 'openinference', setup: 'openinference', packages: [OPENINFERENCE], scenarios: ['create'], nativeTracing: false, kind: 'corpus' },
  { suite: 'openllmetry', setup: 'openllmetry', packages: [OPENLLMETRY], sdk: OPENLLMETRY_SDK, scenarios: ['create'], nativeTracing: false, kind: 'corpus' },
  // Conformance: every scenario, per instrumentation as a team would install it (the SDK's own
  // tracing stays on beside a third-party one unless the team turns it off).
  { suite: 'native', setup: 'native', packages: [], scenarios: CONFORMANCE_SCENARIOS, nativeTracing: true, kind: 'conformance' },
  {
    suite: 'openinference+native',
    setup: 'openinference',
    packages: [OPENINFERENCE],
    scenarios: CONFORMANCE_SCENARIOS,
    nativeTracing: true,
    kind: 'conformance',
  },
  { suite: 'openinference', setup: 'openinference', packages: [OPENINFERENCE], scenarios: CONFORMANCE_SCENARIOS, nativeTracing: false, kind: 'conformance' },
  {
    suite: 'openllmetry+native',
    setup: 'openllmetry',
    packages: [OPENLLMETRY],
    sdk: OPENLLMETRY_SDK,
    scenarios: CONFORMANCE_SCENARIOS,
    nativeTracing: true,
    kind: 'conformance',
  },
  { suite: 'openlit', setup: 'openlit', packages: [OPENLIT], scenarios: CONFORMANCE_SCENARIOS, nativeTracing: false, kind: 'conformance' },
  { suite: 'openlit+native', setup: 'openlit', packages: [OPENLIT], scenarios: CONFORMANCE_SCENARIOS, nativeTracing: true, kind: 'conformance' },
  { suite: 'vercel-ai', setup: 'vercelAi', packages: VERCEL_AI, scenarios: CONFORMANCE_SCENARIOS, nativeTracing: false, kind: 'conformance' },
  {
    suite: 'laminar',
    setup: 'laminar',
    packages: [LAMINAR],
    sdk: OPENLLMETRY_SDK,
    scenarios: CONFORMANCE_SCENARIOS,
    nativeTracing: false,
    kind: 'conformance',
  },
  {
    suite: 'laminar+native',
    setup: 'laminar',
    packages: [LAMINAR],
    sdk: OPENLLMETRY_SDK,
    scenarios: CONFORMANCE_SCENARIOS,
    nativeTracing: true,
    kind: 'conformance',
  },
  { suite: 'langtrace', setup: 'langtrace', packages: LANGTRACE, scenarios: CONFORMANCE_SCENARIOS, nativeTracing: false, kind: 'conformance' },
  { suite: 'langtrace+native', setup: 'langtrace', packages: LANGTRACE, scenarios: CONFORMANCE_SCENARIOS, nativeTracing: true, kind: 'conformance' },
];
