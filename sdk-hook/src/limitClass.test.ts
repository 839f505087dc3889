import Anthropic from '@anthropic-ai/sdk';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { instrument, type Burnrate } from './index';
import { answer, LIMIT_ANSWERS, limitAnswer } from '../../test/support/sdkHook/limitFixtures';
import { MESSAGE, message, PARAMS, Script } from '../../test/support/sdkHook/scriptedFetch';
import { attemptsOf, captureDiag, expectNoHookFailures, finishedSpans, onlySpan } from '../../test/support/sdkHook/spans';
import { Burnrate as B, Http, unifiedWindowAttribute } from './semconv';

// Every limit class, from the scripted answers in test/fixtures/limits, through the real SDK:
// the attempt says what stopped it, its bucket or window, and when access resumes.

captureDiag();
const exporter = new InMemorySpanExporter();
let burnrate: Burnrate;
beforeAll(() => {
  burnrate = instrument({ serviceName: 'limit-class-test', exporter });
});
beforeEach(async () => {
  await burnrate.flush();
  exporter.reset();
});

function client(script: Script, maxRetries = 0) {
  return burnrate.anthropic(new Anthropic({ apiKey: 'k', fetch: script.fetch, maxRetries }));
}

describe('limit class on every failed attempt', () => {
  for (const fixture of LIMIT_ANSWERS) {
    it(`${fixture.name}-is-${fixture.limitClass}`, async () => {
      expect(fixture.source).toMatch(/^(https:\/\/|Not on)/);
      expect(fixture.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await client(new Script().then(answer(fixture)))
        .messages.create(PARAMS)
        .catch(() => undefined);
      const [event] = attemptsOf(onlySpan(await finishedSpans(() => burnrate.flush(), exporter)));
      expect(event![B.attemptLimitClass]).toBe(fixture.limitClass);
      expect(event![B.attemptLimitDetail]).toBe(fixture.detail || undefined);
      expect(event![B.attemptLimitResumesAt]).toBe(fixture.resumesAt);
      expect(event![B.attemptErrorCode]).toBe(fixture.body.error.details?.error_code);
      expect(event![Http.errorType]).toBe(fixture.body.error.type);
      expectNoHookFailures();
    });
  }

  it('spend-cap-is-retried-by-default-and-every-retry-is-refused', async () => {
    const cap = limitAnswer('spend-cap-tier');
    const script = new Script().then(answer(cap), answer(cap), answer(cap));
    const error = await client(script, 2)
      .messages.create(PARAMS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(script.requests).toHaveLength(3);
    const span = onlySpan(await finishedSpans(() => burnrate.flush(), exporter));
    expect(attemptsOf(span).map((a) => a[B.attemptLimitClass])).toEqual(['spend_cap_tier', 'spend_cap_tier', 'spend_cap_tier']);
    expect(attemptsOf(span).some((a) => B.attemptFailFast in a)).toBe(false);
    expect(span.attributes[B.failFast]).toBeUndefined();
  });

  it('unified-usage-windows-recorded-on-an-accepted-attempt', async () => {
    const unified = {
      'anthropic-ratelimit-unified-status': 'allowed',
      'anthropic-ratelimit-unified-5h-utilization': '0.42',
      'anthropic-ratelimit-unified-5h-reset': '2026-12-06T17:00:00Z',
      'anthropic-ratelimit-unified-7d-utilization': '0.30',
      'anthropic-ratelimit-unified-7d-reset': '1796876711',
      'anthropic-ratelimit-unified-unknown-thing': 'x',
    };
    const result = await client(new Script().then(message(unified))).messages.create(PARAMS);
    expect(result).toEqual(MESSAGE);
    const [event] = attemptsOf(onlySpan(await finishedSpans(() => burnrate.flush(), exporter)));
    expect(event).toEqual({
      [B.attemptNumber]: 1,
      [B.attemptDurationMs]: expect.any(Number),
      [Http.statusCode]: 200,
      [B.attemptRequestId]: 'req_ok',
      [B.attemptUnifiedStatus]: 'allowed',
      [unifiedWindowAttribute('5h', 'utilization')]: 0.42,
      [unifiedWindowAttribute('5h', 'reset')]: '2026-12-06T17:00:00.000Z',
      [unifiedWindowAttribute('7d', 'utilization')]: 0.3,
      [unifiedWindowAttribute('7d', 'reset')]: '2026-12-10T04:25:11.000Z',
    });
  });
});
