// Runs inside a scratch app (its own node_modules, installed from npm by capture.ts): sets up
// OpenTelemetry the way an app would, lets one instrumentation set itself up, then makes the
// scripted calls, flushing and marking each scenario so its exports can be told apart.
// Plain JavaScript: it runs with plain `node` in the scratch app, not from the workspace.
import { trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const apiUrl = env('CAPTURE_API_URL');
const otlpUrl = env('CAPTURE_OTLP_URL');
const protocol = env('CAPTURE_PROTOCOL');
const setupName = env('CAPTURE_SETUP');
const scenarios = JSON.parse(env('CAPTURE_SCENARIOS'));

const { OTLPTraceExporter } =
  protocol === 'json' ? await import('@opentelemetry/exporter-trace-otlp-http') : await import('@opentelemetry/exporter-trace-otlp-proto');
// An instrumentation that keeps a provider of its own may be handed a second exporter of the app's kind.
const newExporter = () => new OTLPTraceExporter({ url: `${otlpUrl}/v1/traces` });
const processor = new BatchSpanProcessor(newExporter());
// Runs with plain node inside the scratch app, where the TypeScript semconv.ts cannot be imported.
const provider = new NodeTracerProvider({
  // eslint-disable-next-line no-restricted-syntax
  resource: resourceFromAttributes({ 'service.name': 'capture-app', 'deployment.environment.name': 'test' }),
  spanProcessors: [processor],
});
provider.register();

const { setup } = await import(`./setups/${setupName}.mjs`);
const call = await setup({ apiUrl, otlpUrl, protocol, provider, newExporter });
const tracer = trace.getTracer('capture-app');

for (const scenario of scenarios) {
  // The app's own span around the call, as a web handler would have: not a model call.
  await tracer.startActiveSpan('POST /chat', async (span) => {
    try {
      await call(scenario);
    } catch {
      // 400 and the exhausted 429 reach the app as errors: that is the scenario.
    } finally {
      span.end();
    }
  });
  await provider.forceFlush();
  // An instrumentation that exports through a provider of its own says how to flush it.
  await call.flush?.();
  await fetch(`${otlpUrl}/mark?scenario=${encodeURIComponent(scenario.name)}`, { method: 'POST' });
}
await provider.shutdown();
