// Langtrace: its captures are read as this convention, one call per scenario; its swapped input
// and output are read back the right way round only for the releases that swap them.
import { describe, expect, it } from 'vitest';
import { capturesOf, exportOf, normalizeJson as run } from '../../../../../test/support/conventionExports';
import { GenAi, Langtrace } from '../../../semconv';
import { conventionNamed } from '../registry';

const convention = conventionNamed('langtrace');

describe('convention langtrace', () => {
  const captures = capturesOf(convention);
  it.skipIf(captures.length === 0).each(captures)('$name: one call, read as ' + convention.instrumentation, ({ batch }) => {
    expect(batch.rejected).toEqual([]);
    expect(batch.calls.map((call) => call.instrumentation)).toEqual([convention.instrumentation]);
  });
});

describe('convention langtrace: which releases swap input and output', () => {
  const span = (version: string, usage: Record<string, number>) =>
    exportOf(
      [
        {
          attrs: {
            [Langtrace.sdkName]: Langtrace.scope,
            [Langtrace.serviceName]: 'anthropic',
            [Langtrace.version]: version,
            [GenAi.requestModel]: 'claude-sonnet-4-6',
            ...usage,
          },
        },
      ],
      Langtrace.scope,
    );
  const tokens = (body: unknown) => run(body).calls.map((c) => [c.inputTokens, c.outputTokens]);

  it.each(['4.1.1', '6.3.6', '6.3.7'])('%s writes output under input_tokens: read back swapped', (version) => {
    expect(tokens(span(version, { [GenAi.inputTokens]: 350, [GenAi.outputTokens]: 1200 }))).toEqual([[1200, 350]]);
  });

  it.each(['6.3.8', '7.0.0', 'not-a-version'])('%s is read as named', (version) => {
    expect(tokens(span(version, { [GenAi.inputTokens]: 1200, [GenAi.outputTokens]: 350 }))).toEqual([[1200, 350]]);
  });

  it('the older prompt/completion names were the right way round', () => {
    expect(tokens(span('3.0.0', { [GenAi.promptTokens]: 1200, [GenAi.completionTokens]: 350 }))).toEqual([[1200, 350]]);
  });

  it("another vendor's span through Langtrace is not a Claude call", () => {
    const body = exportOf(
      [{ attrs: { [Langtrace.sdkName]: Langtrace.scope, [Langtrace.serviceName]: 'openai', [GenAi.requestModel]: 'gpt-4o' } }],
      Langtrace.scope,
    );
    expect(run(body).calls).toEqual([]);
  });
});
