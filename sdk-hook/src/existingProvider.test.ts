import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from 'anthropic-sdk-0';
import { context, propagation, trace, type TracerProvider } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterEach, describe, expect, it } from 'vitest';
import { instrument } from './index';
import { SCOPE_NAME, SpanName } from './semconv';
import { message, PARAMS, Script } from '../../test/support/sdkHook/scriptedFetch';
import { captureDiag, diagMessages } from '../../test/support/sdkHook/spans';

// An app that already runs an OTel SDK keeps it: burnrate joins its provider rather than
// replacing it, and its shutdown leaves the app's tracing alone.

captureDiag();

afterEach(() => {
  trace.disable();
  context.disable();
  propagation.disable();
});

describe('an app with its own OTel SDK', () => {
  it('existing-provider-gets-burnrate-processor', async () => {
    const appExporter = new InMemorySpanExporter();
    const app = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(appExporter)] });
    app.register();
    const ours = new InMemorySpanExporter();
    const burnrate = instrument({ exporter: ours });
    const script = new Script().then(message(), message());
    const client = burnrate.anthropic(new Anthropic({ apiKey: 'k', fetch: script.fetch }));

    await client.messages.create(PARAMS);
    await burnrate.flush();
    expect(appExporter.getFinishedSpans().map((s) => s.name)).toEqual([SpanName.messagesCreate]);
    expect(ours.getFinishedSpans().map((s) => s.name)).toEqual([SpanName.messagesCreate]);

    await burnrate.shutdown();
    await client.messages.create(PARAMS);
    expect(appExporter.getFinishedSpans()).toHaveLength(2); // the app's tracing goes on
    expect(trace.getTracerProvider()).toBeDefined();
  });

  it('closed-provider-is-a-documented-limitation', async () => {
    // A provider that hides its processors: burnrate cannot join it, says so, and still exports
    // the spans it makes itself (fallback clients).
    const inner = new NodeTracerProvider();
    const opaque: TracerProvider = { getTracer: (name, version, options) => inner.getTracer(name, version, options) };
    trace.setGlobalTracerProvider(opaque);
    diagMessages.length = 0;
    const ours = new InMemorySpanExporter();
    const burnrate = instrument({ exporter: ours });
    expect(diagMessages.some((m) => m.startsWith('warn') && m.includes('spanProcessor'))).toBe(true);
    expect(burnrate.spanProcessor).toBeDefined();

    const script = new Script().then(message());
    const client = burnrate.anthropic(new Anthropic0({ apiKey: 'k', fetch: script.fetch, openTelemetry: false }));
    await client.messages.create(PARAMS);
    await burnrate.flush();
    expect(ours.getFinishedSpans().map((s) => s.instrumentationScope.name)).toEqual([SCOPE_NAME]);
    await burnrate.shutdown();
  });

  it('instrument-after-shutdown-starts-afresh', async () => {
    const first = instrument({ exporter: new InMemorySpanExporter() });
    await first.shutdown();
    const ours = new InMemorySpanExporter();
    const second = instrument({ exporter: ours });
    expect(second).not.toBe(first);
    const client = second.anthropic(new Anthropic({ apiKey: 'k', fetch: new Script().then(message()).fetch }));
    await client.messages.create(PARAMS);
    await second.flush();
    expect(ours.getFinishedSpans()).toHaveLength(1);
    await second.shutdown();
  });
});
