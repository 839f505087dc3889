import Anthropic from '@anthropic-ai/sdk';
import AnthropicLegacy from 'anthropic-sdk-legacy';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { instrument, type Burnrate } from './index';
import type { Sdk } from '../../test/support/sdkHook/callSuite';
import { apiError, message, PARAMS, Script } from '../../test/support/sdkHook/scriptedFetch';
import { attemptsOf, captureDiag, expectNoHookFailures, finishedSpans, onlySpan } from '../../test/support/sdkHook/spans';

// A span starts at Date.now() and runs on performance time from there; the wall clock and
// `performance.timeOrigin` part ways whenever the system clock is adjusted (NTP), by milliseconds
// to seconds in a long-lived process. Attempt events must stay on the span's clock: the collector
// looks for a call's attempts from the call's start, and one before it is lost.

captureDiag();
const exporter = new InMemorySpanExporter();
let burnrate: Burnrate;
beforeAll(() => {
  burnrate = instrument({ serviceName: 'clock-test', exporter });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const SDKS: Array<[string, Sdk, boolean]> = [
  ['1.x native', Anthropic, true],
  ['0.39 fallback', AnthropicLegacy as unknown as Sdk, false],
];

for (const [label, sdk, native] of SDKS) {
  describe(label, () => {
    it('attempts-stay-inside-their-call-when-the-wall-clock-moved', async () => {
      exporter.reset();
      const now = Date.now.bind(Date);
      vi.spyOn(Date, 'now').mockImplementation(() => now() + 3000); // set ahead since the process started
      const script = new Script().then(apiError(429, 'rate_limit_error', { 'retry-after-ms': '1' }), message());
      const client = new sdk({ apiKey: 'k', fetch: script.fetch, ...(native ? {} : { openTelemetry: false }) });
      await burnrate.anthropic(client).messages.create(PARAMS);
      vi.restoreAllMocks();
      const span = onlySpan(await finishedSpans(() => burnrate.flush(), exporter));
      expect(attemptsOf(span)).toHaveLength(2); // each within the span's start..end
      expectNoHookFailures();
    });
  });
}
