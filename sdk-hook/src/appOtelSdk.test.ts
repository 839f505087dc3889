import Anthropic from '@anthropic-ai/sdk';
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { afterEach, describe, expect, it } from 'vitest';
import { burnrateSpanProcessor, instrument, type Burnrate } from './index';
import { SpanName } from './semconv';
import { message, PARAMS, Script } from '../../test/support/sdkHook/scriptedFetch';
import { captureDiag, diagMessages } from '../../test/support/sdkHook/spans';

// An app that starts its own NodeSDK keeps all of its tracing whether instrument() comes before
// or after sdk.start(): its exporter and burnrate's both get the spans, in one trace, and nothing
// is registered twice (the API would say "duplicate registration" through diag).

captureDiag();

let sdk: NodeSDK | undefined;
let burnrate: Burnrate | undefined;
afterEach(async () => {
  await burnrate?.shutdown();
  await sdk?.shutdown();
  sdk = burnrate = undefined;
  // What a NodeSDK registers: the next test's app starts from a process without OTel.
  for (const api of [trace, context, propagation, metrics, logs]) api.disable();
});

function appSdk(appExporter: tracing.InMemorySpanExporter, extra: tracing.SpanProcessor[] = []): NodeSDK {
  return new NodeSDK({ spanProcessors: [new tracing.SimpleSpanProcessor(appExporter), ...extra], autoDetectResources: false });
}

async function callInsideRequestSpan(client: Anthropic): Promise<void> {
  await trace.getTracer('app').startActiveSpan('handle-request', async (span) => {
    await client.messages.create(PARAMS);
    span.end();
  });
}

const names = (spans: Array<{ name: string }>) => spans.map((s) => s.name).sort();

describe.each(['before', 'after', 'recipe'] as const)("instrument() %s the app's sdk.start()", (order) => {
  it(`${order}-both-exporters-get-both-spans-in-one-trace`, async () => {
    diagMessages.length = 0;
    const appExporter = new tracing.InMemorySpanExporter();
    const ours = new tracing.InMemorySpanExporter();
    burnrate = order === 'before' ? instrument({ exporter: ours }) : undefined;
    // An Anthropic client built before sdk.start() too: it asks for its tracer at construction.
    const early = new Anthropic({ apiKey: 'k', fetch: new Script().then(message()).fetch });
    sdk = order === 'recipe' ? appSdk(appExporter, [burnrateSpanProcessor({ exporter: ours }) as tracing.SpanProcessor]) : appSdk(appExporter);
    sdk.start();
    burnrate ??= instrument(order === 'after' ? { exporter: ours } : {});

    await callInsideRequestSpan(burnrate.anthropic(early));
    await callInsideRequestSpan(burnrate.anthropic(new Anthropic({ apiKey: 'k', fetch: new Script().then(message()).fetch })));
    await burnrate.flush();

    const appSpans = appExporter.getFinishedSpans();
    expect(names(appSpans)).toEqual([SpanName.messagesCreate, SpanName.messagesCreate, 'handle-request', 'handle-request']);
    // The same spans, each once: burnrate's processor is in the app's provider exactly once.
    expect(names(ours.getFinishedSpans())).toEqual(names(appSpans));
    for (const call of appSpans.filter((s) => s.name === SpanName.messagesCreate)) {
      const request = appSpans.find((s) => s.spanContext().spanId === call.parentSpanContext?.spanId);
      expect(request?.name).toBe('handle-request');
    }
    expect(diagMessages.filter((m) => /duplicate registration|does not match previously registered/i.test(m))).toEqual([]);
  });
});

it('no-app-sdk-burnrate-registers-its-own-at-the-first-call', async () => {
  const ours = new tracing.InMemorySpanExporter();
  burnrate = instrument({ exporter: ours });
  const client = burnrate.anthropic(new Anthropic({ apiKey: 'k', fetch: new Script().then(message()).fetch }));
  await client.messages.create(PARAMS);
  await burnrate.flush();
  expect(names(ours.getFinishedSpans())).toEqual([SpanName.messagesCreate]);
});
