// Issue 12: what the bill depends on beyond tokens is on every call span, natively traced or not:
// the request's speed / inference_geo / service_tier and the response usage's speed,
// inference_geo, service_tier and server_tool_use counts, for a parsed Message and a stream.
import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from 'anthropic-sdk-0';
import AnthropicLegacy from 'anthropic-sdk-legacy';
import type { Attributes } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import { instrument, type Burnrate } from './index';
import type { Sdk } from '../../test/support/sdkHook/callSuite';
import { MESSAGE, message, PARAMS, Script, sse, streamEvents, USAGE } from '../../test/support/sdkHook/scriptedFetch';
import { captureDiag, expectNoHookFailures, finishedSpans, onlySpan } from '../../test/support/sdkHook/spans';
import { Anthropic as AnthropicAttr, Burnrate as BurnrateAttr, serverToolUseAttribute } from './semconv';

captureDiag();
const exporter = new InMemorySpanExporter();
let burnrate: Burnrate;
beforeAll(() => {
  burnrate = instrument({ serviceName: 'billing-test', exporter });
});

const FAST_USAGE = { ...USAGE, speed: 'fast', inference_geo: 'us', server_tool_use: { web_search_requests: 3, web_fetch_requests: 1 } };
const FAST_MESSAGE = { ...MESSAGE, model: 'claude-opus-5-5', usage: FAST_USAGE };
const ASKED = { ...PARAMS, model: 'claude-opus-5-5', speed: 'fast', inference_geo: 'us', service_tier: 'auto' };

const BILLING: Attributes = {
  [BurnrateAttr.requestSpeed]: 'fast',
  [BurnrateAttr.requestInferenceGeo]: 'us',
  [AnthropicAttr.requestServiceTier]: 'auto',
  [BurnrateAttr.usageSpeed]: 'fast',
  [BurnrateAttr.usageInferenceGeo]: 'us',
  [AnthropicAttr.serviceTier]: 'standard',
  [serverToolUseAttribute('web_search_requests')]: 3,
  [serverToolUseAttribute('web_fetch_requests')]: 1,
};

/** The span's billing attributes only: its names under burnrate.request/usage and the tiers. */
function billingOf(attributes: Attributes): Attributes {
  const keep = (name: string) =>
    name.startsWith(BurnrateAttr.requestPrefix) ||
    name.startsWith(BurnrateAttr.usagePrefix) ||
    name === AnthropicAttr.requestServiceTier ||
    name === AnthropicAttr.serviceTier;
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => keep(name)));
}

// The stream reports the usage's billing facts on message_start and the cumulative server-tool
// counts on message_delta, as the API does.
function fastStream() {
  const events = streamEvents(FAST_MESSAGE as typeof MESSAGE);
  const { server_tool_use: _later, ...startUsage } = FAST_USAGE;
  const start = events[0] as { message: { usage: unknown } };
  start.message.usage = { ...startUsage, server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 }, output_tokens: 1 };
  const delta = events.find((e) => e['type'] === 'message_delta') as { usage: Record<string, unknown> };
  delta.usage = { ...delta.usage, server_tool_use: FAST_USAGE.server_tool_use };
  return events;
}

const SDKS: Array<[string, Sdk]> = [
  ['1.x (native tracing)', Anthropic],
  ['0.137 (native tracing)', Anthropic0 as unknown as Sdk],
  ['0.39 (fallback span)', AnthropicLegacy as unknown as Sdk],
];

for (const [label, sdk] of SDKS) {
  describe(`${label}: billing attributes`, () => {
    it('message-records-speed-geo-tier-and-server-tools', async () => {
      exporter.reset();
      const script = new Script().then(message({}, FAST_MESSAGE));
      const client = burnrate.anthropic(new sdk({ apiKey: 'k', fetch: script.fetch, maxRetries: 0 }));
      const returned = await client.messages.create(ASKED as never);
      // The app still reads the body the API sent.
      expect((returned as unknown as { usage: unknown }).usage).toEqual(FAST_USAGE);
      const span = onlySpan(await finishedSpans(() => burnrate.flush(), exporter));
      expect(billingOf(span.attributes)).toEqual(BILLING);
      expectNoHookFailures();
    });

    it('stream-records-speed-geo-tier-and-server-tools', async () => {
      exporter.reset();
      const script = new Script().then(sse(fastStream()));
      const client = burnrate.anthropic(new sdk({ apiKey: 'k', fetch: script.fetch, maxRetries: 0 }));
      const stream = await client.messages.create({ ...ASKED, stream: true } as never);
      const types: string[] = [];
      for await (const event of stream as unknown as AsyncIterable<{ type: string }>) types.push(event.type);
      expect(types).toEqual(fastStream().map((e) => e['type']));
      const span = onlySpan(await finishedSpans(() => burnrate.flush(), exporter));
      expect(billingOf(span.attributes)).toEqual(BILLING);
      expectNoHookFailures();
    });

    it('standard-call-records-no-billing-extras', async () => {
      exporter.reset();
      const script = new Script().then(message());
      const client = burnrate.anthropic(new sdk({ apiKey: 'k', fetch: script.fetch, maxRetries: 0 }));
      await client.messages.create(PARAMS);
      const span = onlySpan(await finishedSpans(() => burnrate.flush(), exporter));
      expect(billingOf(span.attributes)).toEqual({ [AnthropicAttr.serviceTier]: 'standard' });
    });
  });
}
