// A call's session from each convention that names one, through the real normalizer.
import { describe, expect, it } from 'vitest';
import { fromWire } from '../otlp/fromWire';
import { Burnrate, GenAi, OpenInference, Resource, Session } from '../semconv';
import { MAX_LABEL_CHARS, normalize } from './normalize';

const NOW_NS = 1_795_297_100_000_000_000n;
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

function sessionOf(attributes: Record<string, string>, resource: Record<string, string> = {}, scope = 'some-instrumentation'): string | undefined {
  const call = { [GenAi.providerName]: 'anthropic', [GenAi.requestModel]: 'claude-sonnet-4-6' };
  const body = {
    resourceSpans: [
      {
        resource: { attributes: Object.entries({ [Resource.serviceName]: 'svc', ...resource }).map(([k, v]) => str(k, v)) },
        scopeSpans: [
          {
            scope: { name: scope },
            spans: [
              {
                traceId: '0123456789abcdef0123456789abcdef',
                spanId: '0000000000000001',
                name: 'chat',
                startTimeUnixNano: '1795297000000000000',
                endTimeUnixNano: '1795297001000000000',
                attributes: Object.entries({ ...call, ...attributes }).map(([k, v]) => str(k, v)),
              },
            ],
          },
        ],
      },
    ],
  };
  const { calls } = normalize(fromWire(body, NOW_NS));
  expect(calls).toHaveLength(1);
  return calls[0]!.sessionId;
}

describe('normalize: session id', () => {
  it('reads burnrate.session, gen_ai.conversation.id and session.id', () => {
    expect(sessionOf({ [Burnrate.session]: 'chat-1' })).toBe('chat-1');
    expect(sessionOf({ [GenAi.conversationId]: 'conv_5j66' })).toBe('conv_5j66');
    expect(sessionOf({ [Session.id]: 'web-session-9' })).toBe('web-session-9');
    expect(sessionOf({})).toBe('');
  });

  it('the most deliberate name wins: burnrate.session, then the conversation, then session.id', () => {
    expect(sessionOf({ [Session.id]: 'web', [GenAi.conversationId]: 'conv', [Burnrate.session]: 'mine' })).toBe('mine');
    expect(sessionOf({ [Session.id]: 'web', [GenAi.conversationId]: 'conv' })).toBe('conv');
  });

  it("OpenInference's session.id on its LLM span", () => {
    const attrs = {
      [OpenInference.spanKind]: 'LLM',
      [OpenInference.modelName]: 'claude-sonnet-4-6',
      [OpenInference.provider]: 'anthropic',
      [Session.id]: 'oi-session',
    };
    expect(sessionOf(attrs, {}, '@arizeai/openinference-instrumentation-anthropic')).toBe('oi-session');
  });

  it("a span's own session wins over its resource's; the resource's serves when the span has none", () => {
    expect(sessionOf({ [Burnrate.session]: 'span' }, { [Burnrate.session]: 'resource' })).toBe('span');
    expect(sessionOf({ [Session.id]: 'span' }, { [Burnrate.session]: 'resource' })).toBe('span');
    expect(sessionOf({}, { [Session.id]: 'resource' })).toBe('resource');
  });

  it('is a bounded label, blank values are no session', () => {
    expect(sessionOf({ [Burnrate.session]: 'x'.repeat(500) })).toBe('x'.repeat(MAX_LABEL_CHARS));
    expect(sessionOf({ [Burnrate.session]: '   ', [Session.id]: 'fallback' })).toBe('fallback');
  });
});
