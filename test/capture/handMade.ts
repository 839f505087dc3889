// `npm run capture:python`: the Python instrumentations' exports, made by hand from their source
// (test/capture/python/*.ts name the files and commit each follows): no PyPI here to install and
// capture them. Each scenario's spans are sent through the real OTel JS SDK and OTLP exporters, in
// both encodings, to the same loopback sink the captures use, beside the app's own span and under
// a Python resource; the truth file is the scripted scenario's, with the source named.
import { context, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { joined, PROTOCOLS, type Protocol } from './exportFiles';
import type { CaptureJob } from './jobs';
import { startOtlpSink } from './otlpSink';
import { logfireAnthropic } from './python/logfireAnthropic';
import { otelContribAnthropic } from './python/otelContribAnthropic';
import { PyResource } from './python/semconv';
import type { CallIds, PythonInstrumentation } from './python/shapes';
import { CONFORMANCE_SCENARIOS, SCENARIOS, type Scenario } from './scenarios';
import { conformanceTruth } from './truth';

const FIXTURES = fileURLToPath(new URL('../fixtures/conformance', import.meta.url));
const INSTRUMENTATIONS: PythonInstrumentation[] = [otelContribAnthropic, logfireAnthropic];

// Ids unique across runs, as the API's are: burnrate merges spans that share one.
const run = randomBytes(4).toString('hex');
let counter = 0;

function idsOf(scenario: Scenario): CallIds {
  const requestIds = scenario.steps.map(() => `req_py${run}${String(++counter).padStart(6, '0')}`);
  return { requestIds, messageId: scenario.steps.at(-1)!.usage ? `msg_py${run}${String(counter).padStart(6, '0')}` : undefined };
}

/** One scenario as the app's span and the instrumentation's spans under it, at the times the shapes give. */
function emit(provider: BasicTracerProvider, instrumentation: PythonInstrumentation, scenario: Scenario, ids: CallIds): void {
  const t0 = Date.now();
  const at = (ms: number) => new Date(t0 + ms);
  const app = provider.getTracer('capture-app').startSpan('POST /chat', { startTime: at(0) });
  const parent = trace.setSpan(context.active(), app);
  const tracers = new Map<string, Tracer>();
  let last = 0;
  for (const shape of instrumentation.spansOf(scenario, ids)) {
    const key = `${shape.scope.name}@${shape.scope.version ?? ''}`;
    if (!tracers.has(key)) tracers.set(key, provider.getTracer(shape.scope.name, shape.scope.version, { schemaUrl: shape.scope.schemaUrl }));
    const span = tracers.get(key)!.startSpan(shape.name, { kind: shape.kind, attributes: shape.attributes, startTime: at(shape.startMs) }, parent);
    for (const event of shape.events ?? []) span.addEvent(event.name, event.attributes, at(event.atMs));
    if (shape.status) span.setStatus(shape.status);
    span.end(at(shape.endMs));
    last = Math.max(last, shape.endMs);
  }
  app.end(at(last + 1));
}

async function exportsOf(instrumentation: PythonInstrumentation, protocol: Protocol, ids: Map<string, CallIds>) {
  const sink = await startOtlpSink();
  try {
    const url = `${sink.url}/v1/traces`;
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({
        [PyResource.serviceName]: 'capture-app',
        [PyResource.environment]: 'test',
        'telemetry.sdk.language': 'python',
        'telemetry.sdk.name': 'opentelemetry',
        'telemetry.sdk.version': '1.39.1',
      }),
      spanProcessors: [new BatchSpanProcessor(protocol === 'json' ? new JsonExporter({ url }) : new ProtobufExporter({ url }))],
    });
    for (const name of CONFORMANCE_SCENARIOS) {
      emit(provider, instrumentation, SCENARIOS[name]!, ids.get(name)!);
      await provider.forceFlush();
      await fetch(`${sink.url}/mark?scenario=${encodeURIComponent(name)}`, { method: 'POST' });
    }
    await provider.shutdown();
    return new Map(sink.byScenario);
  } finally {
    await sink.close();
  }
}

async function main(): Promise<void> {
  for (const instrumentation of INSTRUMENTATIONS) {
    const outDir = join(FIXTURES, instrumentation.suite);
    mkdirSync(outDir, { recursive: true });
    // The same calls in both encodings, as one Python app would export them with either exporter.
    const ids = new Map(CONFORMANCE_SCENARIOS.map((name) => [name, idsOf(SCENARIOS[name]!)] as const));
    for (const protocol of Object.keys(PROTOCOLS) as Protocol[]) {
      const byScenario = await exportsOf(instrumentation, protocol, ids);
      for (const name of CONFORMANCE_SCENARIOS) writeFileSync(join(outDir, `${name}.${PROTOCOLS[protocol]}`), joined(byScenario.get(name) ?? [], protocol));
    }
    const job: CaptureJob = {
      suite: instrumentation.suite,
      setup: '',
      packages: [],
      scenarios: CONFORMANCE_SCENARIOS,
      nativeTracing: false,
      kind: 'conformance',
    };
    const truth = { ...conformanceTruth(job, { [instrumentation.source.distribution]: instrumentation.source.version }), handMadeFrom: instrumentation.source };
    writeFileSync(join(outDir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
    console.log(`capture:python ${instrumentation.suite} (${instrumentation.source.repository}@${instrumentation.source.commit.slice(0, 8)}) → ${outDir}`);
  }
}

await main();
