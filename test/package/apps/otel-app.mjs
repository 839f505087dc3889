// An app that runs its own OpenTelemetry, as most traced Node apps do: NodeSDK exporting to the
// app's own backend (APP_OTLP_URL) with the exporter package OTEL_EXPORTER_OTLP_PROTOCOL names, and
// burnrate. ORDER: `before` (instrument() then sdk.start()), `after` (sdk.start() then
// instrument()), or `recipe` (burnrate's processor passed to NodeSDK, then instrument()).
// One request span wraps the Claude call, so both backends should see one trace.
import Anthropic from '@anthropic-ai/sdk';
import { diag, DiagLogLevel, trace } from '@opentelemetry/api';
import * as sdkNode from '@opentelemetry/sdk-node';
import { burnrateSpanProcessor, instrument } from '@burnrate/sdk-hook';

// Any registration trouble (e.g. "duplicate registration of API: context") is shown to the test.
const say = (level) => (message) => console.error(`otel-diag-${level} ${message}`);
diag.setLogger({ error: say('error'), warn: say('warn'), info() {}, debug() {}, verbose() {} }, DiagLogLevel.WARN);

const { ORDER: order, APP_KIND: kind, APP_OTLP_URL: url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol } = process.env;
const { OTLPTraceExporter } = await import(protocol === 'http/json' ? '@opentelemetry/exporter-trace-otlp-http' : '@opentelemetry/exporter-trace-otlp-proto');
const appExporter = new OTLPTraceExporter({ url });
// SDK 2.x re-exports its tracing classes from sdk-node; SDK 3.x keeps them in @opentelemetry/sdk-trace,
// whose processors take an options object.
const appProcessor = sdkNode.tracing
  ? new sdkNode.tracing.BatchSpanProcessor(appExporter)
  : new (await import('@opentelemetry/sdk-trace')).BatchSpanProcessor({ exporter: appExporter });
const options = { serviceName: `packed-${kind}` };

let burnrate;
if (order === 'before') burnrate = instrument(options);
const sdk = new sdkNode.NodeSDK(
  order === 'recipe'
    ? { serviceName: 'app-own', spanProcessors: [appProcessor, burnrateSpanProcessor(options)] }
    : { serviceName: 'app-own', traceExporter: appExporter },
);
sdk.start();
if (order !== 'before') burnrate = instrument();

const client = burnrate.anthropic(new Anthropic());
const reply = await trace.getTracer('app').startActiveSpan('handle-request', async (span) => {
  try {
    return await burnrate.withContext({ team: kind, session: `session-${kind}` }, () =>
      client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello' }] }),
    );
  } finally {
    span.end();
  }
});
await burnrate.shutdown();
await sdk.shutdown();
console.log(JSON.stringify({ id: reply.id, health: burnrate.health() }));
