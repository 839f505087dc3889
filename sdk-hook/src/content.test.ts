import Anthropic0 from 'anthropic-sdk-0';
import AnthropicLegacy from 'anthropic-sdk-legacy';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import { instrument, type Burnrate } from './index';
import { Anthropic as A, GenAi } from './semconv';
import type { Sdk } from '../../test/support/sdkHook/callSuite';
import { fallbackCreate, MESSAGE_ATTRIBUTES, responded, STREAMED } from '../../test/support/sdkHook/expected';
import { message, PARAMS, Script, sse, streamEvents } from '../../test/support/sdkHook/scriptedFetch';
import { captureDiag, expectNoHookFailures, finishedSpans, onlySpan } from '../../test/support/sdkHook/spans';

// Content capture is opt-in (the call suites assert the whole attribute set without it, so
// "off by default" fails there if content leaks). Here it is on, with a small bound.

captureDiag();
const exporter = new InMemorySpanExporter();
let burnrate: Burnrate;
beforeAll(() => {
  burnrate = instrument({ exporter, captureContent: { maxLength: 80 } });
});

const SDKS: Array<[string, Sdk]> = [
  ['0.137 without native tracing', Anthropic0 as unknown as Sdk],
  ['0.39 (before native tracing)', AnthropicLegacy as unknown as Sdk],
];

for (const [label, sdk] of SDKS) {
  const client = (script: Script) => burnrate.anthropic(new sdk({ apiKey: 'k', fetch: script.fetch, openTelemetry: false }));

  describe(`content capture (fallback spans): ${label}`, () => {
    it('content-capture-records-and-truncates', async () => {
      exporter.reset();
      const params = { ...PARAMS, system: 'Be brief.', messages: [{ role: 'user' as const, content: 'Say hello '.repeat(20) }] };
      await client(new Script().then(message())).messages.create(params);
      const span = onlySpan(await finishedSpans(() => burnrate.flush(), exporter));
      const input = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: params.messages[0]!.content }] }]);
      expect(span.attributes).toEqual(
        fallbackCreate(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES, {
          [GenAi.systemInstructions]: JSON.stringify([{ type: 'text', content: 'Be brief.' }]),
          [GenAi.inputMessages]: input.slice(0, 80),
          [A.contentTruncated]: true,
          [GenAi.outputMessages]: JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello there' }] }]),
        }),
      );
      expectNoHookFailures();
    });

    it('content-capture-rebuilds-streamed-output', async () => {
      exporter.reset();
      const stream = await client(new Script().then(sse(streamEvents()))).messages.create({ ...PARAMS, stream: true });
      for await (const _ of stream);
      const span = onlySpan(await finishedSpans(() => burnrate.flush(), exporter));
      expect(span.attributes[GenAi.outputMessages]).toBe(JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello there' }] }]));
      expect(span.attributes[GenAi.inputMessages]).toBe(JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Say hello' }] }]));
      expect(Object.keys(span.attributes)).toEqual(expect.arrayContaining(Object.keys({ ...STREAMED, ...MESSAGE_ATTRIBUTES })));
    });
  });
}
