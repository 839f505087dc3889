// The OTel GenAI conventions, for exporters no capture shows: both spellings, and what is not Claude.
import { describe, expect, it } from 'vitest';
import { exportOf, normalizeJson as run } from '../../../../../test/support/conventionExports';
import { GenAi, Http } from '../../../semconv';

describe('convention genAi: old and new spellings', () => {
  it('new spelling: input_tokens includes cache, dotted cache names', () => {
    const [call] = run(
      exportOf([
        {
          attrs: {
            [GenAi.providerName]: 'anthropic',
            [GenAi.requestModel]: 'claude-sonnet-4-5',
            [GenAi.inputTokens]: 1300,
            [GenAi.outputTokens]: 7,
            [GenAi.cacheReadTokens]: 200,
            [GenAi.cacheCreationTokens]: 100,
          },
        },
      ]),
    ).calls;
    expect([call!.instrumentation, call!.inputTokens, call!.cacheReadTokens, call!.cacheWrite5mTokens]).toEqual(['genai', 1000, 200, 100]);
  });

  it('old spelling: gen_ai.system and prompt_tokens exclude cache', () => {
    const [call] = run(
      exportOf([
        {
          attrs: {
            [GenAi.system]: 'anthropic',
            [GenAi.requestModel]: 'claude-3-5-haiku-20241022',
            [GenAi.promptTokens]: 1000,
            [GenAi.completionTokens]: 9,
            [GenAi.cacheReadTokensOld]: 200,
            [GenAi.cacheCreationTokensOld]: 100,
          },
        },
      ]),
    ).calls;
    expect([call!.inputTokens, call!.outputTokens, call!.cacheReadTokens, call!.cacheWrite5mTokens, call!.model]).toEqual([
      1000,
      9,
      200,
      100,
      'claude-3-5-haiku',
    ]);
  });

  it('keeps nothing that is not a Claude call', () => {
    const { calls, rejected } = run(
      exportOf([
        { attrs: { [GenAi.providerName]: 'openai', [GenAi.requestModel]: 'gpt-5', [GenAi.inputTokens]: 10 } },
        { attrs: { [Http.serverAddress]: 'api.example.com' } },
      ]),
    );
    expect(calls).toEqual([]);
    expect(rejected).toEqual([]);
  });
});
