// Conventions not in the captured fixtures, built to their published attribute names.
import { describe, expect, it } from 'vitest';
import { fromWire } from '../otlp/fromWire';
import { Burnrate, GenAi, Http } from '../semconv';
import { normalize } from './normalize';

type Value = string | number | boolean;
const NOW_NS = 1_795_297_100_000_000_000n;

function kv(attrs: Record<string, Value>) {
  return Object.entries(attrs).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? { stringValue: value } : typeof value === 'boolean' ? { boolValue: value } : Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value },
  }));
}

function exportOf(spans: { attrs: Record<string, Value>; spanId?: string; events?: unknown[] }[], scope = 'some-instrumentation', resource: Record<string, Value> = { 'service.name': 'svc' }) {
  return {
    resourceSpans: [
      {
        resource: { attributes: kv(resource) },
        scopeSpans: [
          {
            scope: { name: scope },
            spans: spans.map((s, i) => ({
              traceId: '0123456789abcdef0123456789abcdef',
              spanId: s.spanId ?? `00000000000000${String(i + 1).padStart(2, '0')}`,
              name: 'chat',
              startTimeUnixNano: '1795297000000000000',
              endTimeUnixNano: '1795297001000000000',
              attributes: kv(s.attrs),
              events: s.events ?? [],
            })),
          },
        ],
      },
    ],
  };
}

const run = (body: unknown) => normalize(fromWire(body, NOW_NS));

describe('normalize: GenAI conventions, old and new', () => {
  it('new spelling: input_tokens includes cache, dotted cache names', () => {
    const [call] = run(
      exportOf([{ attrs: { [GenAi.providerName]: 'anthropic', [GenAi.requestModel]: 'claude-sonnet-4-5', [GenAi.inputTokens]: 1300, [GenAi.outputTokens]: 7, [GenAi.cacheReadTokens]: 200, [GenAi.cacheCreationTokens]: 100 } }]),
    ).calls;
    expect([call!.instrumentation, call!.inputTokens, call!.cacheReadTokens, call!.cacheWrite5mTokens]).toEqual(['genai', 1000, 200, 100]);
  });

  it('old spelling: gen_ai.system and prompt_tokens exclude cache', () => {
    const [call] = run(
      exportOf([{ attrs: { [GenAi.system]: 'anthropic', [GenAi.requestModel]: 'claude-3-5-haiku-20241022', [GenAi.promptTokens]: 1000, [GenAi.completionTokens]: 9, [GenAi.cacheReadTokensOld]: 200, [GenAi.cacheCreationTokensOld]: 100 } }]),
    ).calls;
    expect([call!.inputTokens, call!.outputTokens, call!.cacheReadTokens, call!.cacheWrite5mTokens, call!.model]).toEqual([1000, 9, 200, 100, 'claude-3-5-haiku']);
  });

  it('a call the budget guard refused before sending is not an API call', () => {
    const attrs = { [GenAi.providerName]: 'anthropic', [GenAi.requestModel]: 'claude-opus-4-6', [Http.errorType]: 'budget_exceeded' };
    const { calls } = run(exportOf([{ attrs: { ...attrs, [Burnrate.guardAction]: 'block' } }, { attrs: { ...attrs, [Burnrate.guardAction]: 'warn' } }]));
    expect(calls).toHaveLength(1);
  });

  it('keeps nothing that is not a Claude call', () => {
    const { calls, rejected } = run(
      exportOf([
        { attrs: { [GenAi.providerName]: 'openai', [GenAi.requestModel]: 'gpt-5', [GenAi.inputTokens]: 10 } },
        { attrs: { 'http.route': '/chat' } },
      ]),
    );
    expect(calls).toEqual([]);
    expect(rejected).toEqual([]);
  });
});

describe('normalize: bad values refuse one span and keep the rest', () => {
  for (const [label, bad] of [
    ['negative', -5],
    ['fractional', 1.5],
    ['absurd', 1e12],
  ] as const) {
    it(`${label} token count`, () => {
      const good = { [GenAi.providerName]: 'anthropic', [GenAi.requestModel]: 'claude-haiku-4-5', [GenAi.inputTokens]: 10 };
      const { calls, rejected } = run(exportOf([{ attrs: { ...good, [GenAi.outputTokens]: bad } }, { attrs: good }]));
      expect(calls).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toContain(GenAi.outputTokens);
    });
  }

  it('NaN token count (proto3 JSON writes it as the string "NaN")', () => {
    const body = exportOf([{ attrs: { [GenAi.providerName]: 'anthropic', [GenAi.requestModel]: 'claude-haiku-4-5' } }]);
    body.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes.push({ key: GenAi.inputTokens, value: { doubleValue: 'NaN' } as never });
    const { calls, rejected } = run(body);
    expect(calls).toEqual([]);
    expect(rejected[0]!.reason).toContain(GenAi.inputTokens);
  });
});

describe('normalize: attribution, routing and attempts from the sdk-hook', () => {
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
      exportOf([{ attrs, events: [attempt(1, 429, '1795297000100000000'), attempt(2, 200, '1795297000700000000')] }], 'com.anthropic.sdk.typescript', {
        'service.name': 'svc',
        [Burnrate.team]: 'resource-team',
        [Burnrate.project]: 'p1',
      }),
    );
    expect(calls[0]).toMatchObject({ team: 'search', project: 'p1', feature: 'autocomplete', route: 'cheap-first', routeFallbackFrom: 'claude-haiku-4-5', retryCount: 1, rateLimits: { 'requests.remaining': '42' } });
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.retryAfterMs, a.durationMs, a.startTimeNs])).toEqual([
      [1, 429, 500, 12.5, 1795297000100000000n],
      [2, 200, 500, 12.5, 1795297000700000000n],
    ]);
  });
});
