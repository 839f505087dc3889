import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from 'anthropic-sdk-0';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import { instrument, type Burnrate } from './index';
import { callSuite, type Sdk } from '../../test/support/sdkHook/callSuite';
import { MESSAGE_ATTRIBUTES, nativeCreate, responded } from '../../test/support/sdkHook/expected';
import { message, PARAMS, Script } from '../../test/support/sdkHook/scriptedFetch';
import { accepted, attemptsOf, captureDiag, expectNoHookFailures, finishedSpans, onlySpan } from '../../test/support/sdkHook/spans';

// SDKs with native tracing (1.x, and 0.x since 0.134): the SDK makes the call span, burnrate's
// middleware adds attempts, rate limits and attribution to it.

captureDiag();
const exporter = new InMemorySpanExporter();
let burnrate: Burnrate;
beforeAll(() => {
  burnrate = instrument({ serviceName: 'native-test', exporter });
});

const SDKS: Array<[string, Sdk]> = [
  ['@anthropic-ai/sdk 1.x', Anthropic],
  ['@anthropic-ai/sdk 0.137 (native tracing since 0.134)', Anthropic0 as unknown as Sdk],
];

for (const [label, sdk] of SDKS) {
  callSuite({ label, sdk, native: true, burnrate: () => burnrate, exporter });

  describe(`${label}: middleware option`, () => {
    it('middleware-option-records-attempts-once', async () => {
      exporter.reset();
      const script = new Script().then(message());
      // Both ways of installing it on one client: the middleware is added once.
      const client = burnrate.anthropic(new sdk({ apiKey: 'k', fetch: script.fetch, middleware: [burnrate.middleware()] }));
      burnrate.anthropic(client);
      await client.messages.create(PARAMS);
      const span = onlySpan(await finishedSpans(() => burnrate.flush(), exporter));
      expect(span.attributes).toEqual(nativeCreate(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES));
      expect(attemptsOf(span)).toEqual([accepted(1, 'req_ok')]);
      expectNoHookFailures();
    });
  });
}
