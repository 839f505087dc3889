import Anthropic from '@anthropic-ai/sdk';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { instrument, type Burnrate } from './index';
import { answer, limitAnswer } from '../../test/support/sdkHook/limitFixtures';
import { PARAMS, Script } from '../../test/support/sdkHook/scriptedFetch';
import { attemptsOf, captureDiag, expectNoHookFailures, finishedSpans, onlySpan } from '../../test/support/sdkHook/spans';
import { Burnrate as B } from './semconv';

// instrument({ failFast: ['spend_cap'] }): a refusal no retry can get past reaches the app after
// one attempt, with the SDK's own error; other refusals keep the SDK's retries.

captureDiag();
const exporter = new InMemorySpanExporter();
let burnrate: Burnrate;
beforeAll(() => {
  burnrate = instrument({ serviceName: 'fail-fast-test', exporter, failFast: ['spend_cap'] });
});
beforeEach(async () => {
  await burnrate.flush();
  exporter.reset();
});

const client = (script: Script) => burnrate.anthropic(new Anthropic({ apiKey: 'k', fetch: script.fetch, maxRetries: 2 }));

it('fail-fast-spend-cap-reaches-the-app-after-one-attempt', async () => {
  const cap = limitAnswer('spend-cap-tier');
  const script = new Script().then(answer(cap), answer(cap), answer(cap));
  const error = await client(script)
    .messages.create(PARAMS)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Anthropic.RateLimitError);
  expect((error as { error?: { error?: { details?: unknown } } }).error?.error?.details).toEqual({ error_code: 'enforced_spend_limit_reached' });
  expect(script.requests).toHaveLength(1);
  const span = onlySpan(await finishedSpans(() => burnrate.flush(), exporter));
  expect(span.attributes[B.failFast]).toEqual(['spend_cap']);
  const attempts = attemptsOf(span);
  expect(attempts).toHaveLength(1);
  expect(attempts[0]![B.attemptLimitClass]).toBe('spend_cap_tier');
  expect(attempts[0]![B.attemptFailFast]).toBe(true);
  expectNoHookFailures();
});

it('fail-fast-leaves-per-minute-rate-limits-to-the-sdk-retries', async () => {
  const limited = limitAnswer('rate-limit-input-tokens');
  const quick = { ...limited, headers: { ...limited.headers, 'retry-after-ms': '1' } };
  const script = new Script().then(answer(quick), answer(quick), answer(quick));
  await client(script)
    .messages.create(PARAMS)
    .catch(() => undefined);
  expect(script.requests).toHaveLength(3);
  const span = onlySpan(await finishedSpans(() => burnrate.flush(), exporter));
  expect(span.attributes[B.failFast]).toEqual(['spend_cap']);
  expect(attemptsOf(span).map((a) => a[B.attemptLimitClass])).toEqual(['rate_limit', 'rate_limit', 'rate_limit']);
  expect(attemptsOf(span).some((a) => B.attemptFailFast in a)).toBe(false);
});

it('fail-fast-rejects-unknown-kinds-at-start-up', () => {
  expect(() => instrument({ failFast: ['everything' as never] })).toThrow(/failFast must be a list of 'spend_cap', 'usage_window'/);
});

it('fail-fast-on-an-sdk-without-native-tracing-0.39', async () => {
  const { default: AnthropicLegacy } = await import('anthropic-sdk-legacy');
  const cap = limitAnswer('spend-cap-tier');
  const script = new Script().then(answer(cap), answer(cap), answer(cap));
  const legacy = burnrate.anthropic(new AnthropicLegacy({ apiKey: 'k', fetch: script.fetch as never, maxRetries: 2 }));
  const error = await legacy.messages.create(PARAMS).catch((e: unknown) => e);
  expect((error as { status?: number }).status).toBe(429);
  expect(script.requests).toHaveLength(1);
  const span = onlySpan(await finishedSpans(() => burnrate.flush(), exporter));
  expect(span.attributes[B.failFast]).toEqual(['spend_cap']);
  expect(attemptsOf(span).map((a) => [a[B.attemptLimitClass], a[B.attemptFailFast]])).toEqual([['spend_cap_tier', true]]);
});
