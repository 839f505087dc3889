// logfire: its captures are read as this convention, one call per scenario.
import { describe, expect, it } from 'vitest';
import { capturesOf, exportOf, normalizeJson as run } from '../../../../../test/support/conventionExports';
import { GenAi, Logfire } from '../../../semconv';
import { conventionNamed } from '../registry';

const convention = conventionNamed('logfire');

describe('convention logfire', () => {
  const captures = capturesOf(convention);
  it.skipIf(captures.length === 0).each(captures)('$name: one call, read as ' + convention.instrumentation, ({ batch }) => {
    expect(batch.rejected).toEqual([]);
    expect(batch.calls.map((call) => call.instrumentation)).toEqual([convention.instrumentation]);
  });
});

describe('convention logfire: a stream request', () => {
  const opening = (failed: boolean) => {
    const body = exportOf(
      [
        {
          attrs: {
            [GenAi.providerName]: 'anthropic',
            [GenAi.requestModel]: 'claude-haiku-4-5',
            [Logfire.messageTemplate]: 'Message with {request_data[model]!r}',
            [Logfire.requestData]: JSON.stringify({ model: 'claude-haiku-4-5', stream: true }),
          },
        },
      ],
      `${Logfire.scopePrefix}anthropic`,
    );
    if (failed)
      Object.assign(body.resourceSpans[0]!.scopeSpans[0]!.spans[0]!, { status: { code: 2, message: "RateLimitError: Error code: 429 - {'type': 'error'}" } });
    return run(body);
  };

  it('that opened its stream is no call of its own, and not "not understood" (the stream log is the call)', () => {
    const batch = opening(false);
    expect(batch.calls).toEqual([]);
    expect(batch.scopes).toEqual([]);
  });

  it('that failed before any stream is the call, with its status', () => {
    expect(opening(true).calls.map((c) => [c.instrumentation, c.statusCode, c.stream])).toEqual([['logfire', 429, true]]);
  });
});
