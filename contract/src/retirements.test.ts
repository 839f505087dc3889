import { describe, expect, it } from 'vitest';
import { canonicalModelId } from './modelId';
import { deprecatedModelsAt, MODEL_RETIREMENTS, modelRetirement, retiringWithin } from './retirements';

describe('the retirement schedule', () => {
  it('keys every entry by its canonical id, once per scope, with a source and ordered dates', () => {
    const keys = MODEL_RETIREMENTS.map((r) => `${r.scope} ${r.model}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of MODEL_RETIREMENTS) {
      expect(canonicalModelId(r.model)).toBe(r.model);
      expect(r.source).toMatch(/^https:\/\//);
      if (r.deprecated && r.retires) expect(r.deprecated < r.retires).toBe(true);
    }
  });

  it('finds a model under any spelling', () => {
    expect(modelRetirement('us.anthropic.claude-opus-4-1-20250805-v1:0')).toMatchObject({ retires: '2026-08-05', replacement: 'claude-opus-4-8' });
    expect(modelRetirement('claude-opus-5-5')).toBeUndefined();
  });

  it('counts a model deprecated only from its announcement day', () => {
    expect(deprecatedModelsAt(new Date('2026-11-22T23:59:59Z'))).not.toContain('claude-opus-4-5');
    expect(deprecatedModelsAt(new Date('2026-11-23T00:00:00Z'))).toContain('claude-opus-4-5');
    // The SDK's own two stay in.
    expect(deprecatedModelsAt(new Date('2026-12-06T00:00:00Z'))).toEqual(
      expect.arrayContaining(['claude-sonnet-4-5', 'claude-mythos-preview', 'claude-3-opus']),
    );
  });

  it('lists whole models retiring within a window, not fast-mode removals nor past retirements', () => {
    // 2026-12-24 + 30 days reaches Opus 4.5's 2027-01-22
    expect(retiringWithin(new Date('2026-12-24T00:00:00Z'), 30).map((r) => r.model)).toEqual(['claude-opus-4-5']);
    expect(retiringWithin(new Date('2026-11-01T00:00:00Z'), 30)).toEqual([]); // Opus 4.8 fast mode is not a model retirement
    expect(retiringWithin(new Date('2026-07-10T00:00:00Z'), 30).map((r) => r.model)).toEqual(['claude-opus-4-1']);
  });
});
