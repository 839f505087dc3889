// the Anthropic SDK's own tracing (and the sdk-hook's fallback span): its captures are read as this convention, one call per scenario.
import { describe, expect, it } from 'vitest';
import { capturesOf, exportOf, kv, normalizeJson as run } from '../../../../../test/support/conventionExports';
import { Anthropic, Burnrate, GenAi, Http, Resource } from '../../../semconv';
import { conventionNamed } from '../registry';

const convention = conventionNamed('anthropicSdk');

describe('convention anthropicSdk', () => {
  const captures = capturesOf(convention);
  it.skipIf(captures.length === 0).each(captures)('$name: one call, read as ' + convention.instrumentation, ({ batch }) => {
    expect(batch.rejected).toEqual([]);
    expect(batch.calls.map((call) => call.instrumentation)).toEqual([convention.instrumentation]);
  });
});

describe('convention anthropicSdk: attribution, routing and attempts from the sdk-hook', () => {
  it('reads burnrate.* attribution (span over resource) and attempt events', () => {
    const attrs = {
      [GenAi.providerName]: 'anthropic',
      [GenAi.requestModel]: 'claude-opus-4-6',
      [Burnrate.team]: 'search',
      [Burnrate.feature]: 'autocomplete',
      [Burnrate.routeName]: 'cheap-first',
      [Burnrate.routeFallbackFrom]: 'claude-haiku-4-5',
      [`${Burnrate.rateLimitPrefix}requests.remaining`]: 42,
      [Http.resendCount]: 1,
      [Http.statusCode]: 200,
    };
    const attempt = (n: number, status: number, timeNs: string) => ({
      timeUnixNano: timeNs,
      name: Burnrate.attemptEvent,
      attributes: kv({ [Burnrate.attemptNumber]: n, [Http.statusCode]: status, [Burnrate.attemptRetryAfterS]: 0.5, [Burnrate.attemptDurationMs]: 12.5 }),
    });
    const { calls, attempts } = run(
      exportOf([{ attrs, events: [attempt(1, 429, '1795297000100000000'), attempt(2, 200, '1795297000700000000')] }], `${Anthropic.scopePrefix}.typescript`, {
        [Resource.serviceName]: 'svc',
        [Burnrate.team]: 'resource-team',
        [Burnrate.project]: 'p1',
      }),
    );
    expect(calls[0]).toMatchObject({
      team: 'search',
      project: 'p1',
      feature: 'autocomplete',
      route: 'cheap-first',
      routeFallbackFrom: 'claude-haiku-4-5',
      retryCount: 1,
      rateLimits: { 'requests.remaining': '42' },
    });
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.retryAfterMs, a.durationMs, a.startTimeNs])).toEqual([
      [1, 429, 500, 12.5, 1795297000100000000n],
      [2, 200, 500, 12.5, 1795297000700000000n],
    ]);
  });
});
