// Rules every convention's spans pass: a bad token count refuses its span alone; a call the
// budget guard refused before sending is not an API call.
import { describe, expect, it } from 'vitest';
import { exportOf, normalizeJson as run } from '../../../test/support/conventionExports';
import { Burnrate, GenAi, Http } from '../semconv';

describe('normalize: the budget guard', () => {
  it('a call the budget guard refused before sending is not an API call', () => {
    const attrs = { [GenAi.providerName]: 'anthropic', [GenAi.requestModel]: 'claude-opus-4-6', [Http.errorType]: 'budget_exceeded' };
    const { calls } = run(exportOf([{ attrs: { ...attrs, [Burnrate.guardAction]: 'block' } }, { attrs: { ...attrs, [Burnrate.guardAction]: 'warn' } }]));
    expect(calls).toHaveLength(1);
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
