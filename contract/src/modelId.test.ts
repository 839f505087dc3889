import { describe, expect, it } from 'vitest';
import { canonicalModelId } from './modelId';

describe('canonicalModelId', () => {
  it.each([
    // Anthropic's own ids: the date-less alias form is already canonical.
    ['claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['claude-opus-5-5', 'claude-opus-5-5'],
    // Dated snapshots lose the date.
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['claude-3-haiku-20240307', 'claude-3-haiku'],
    ['claude-opus-4-20250514', 'claude-opus-4'],
    ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
    // "-latest" aliases.
    ['claude-3-5-sonnet-latest', 'claude-3-5-sonnet'],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
    // Case and surrounding space from hand-written configs.
    ['  Claude-Sonnet-4-5-20250929 ', 'claude-sonnet-4-5'],
    // Gateway paths.
    ['anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['anthropic/claude-3.5-sonnet', 'claude-3-5-sonnet'],
    ['anthropic/claude-opus-4.6', 'claude-opus-4-6'],
    ['anthropic/claude-3.5-sonnet:beta', 'claude-3-5-sonnet'],
    // Bedrock model ids and cross-region inference profiles.
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet'],
    ['anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-haiku-4-5'],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'claude-sonnet-4'],
    ['global.anthropic.claude-opus-4-6-v1', 'claude-opus-4-6'],
    ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0', 'claude-3-7-sonnet'],
    // A retired Bedrock id is left recognisable rather than cut to "claude".
    ['anthropic.claude-v2:1', 'claude-v2:1'],
    // Vertex versions.
    ['claude-3-5-haiku@20241022', 'claude-3-5-haiku'],
    ['claude-3-5-sonnet-v2@20241022', 'claude-3-5-sonnet'],
    ['claude-opus-4-1@20250805', 'claude-opus-4-1'],
    // Claude Code's 1M-context tag.
    ['claude-opus-4-6[1m]', 'claude-opus-4-6'],
    ['claude-sonnet-4-5-20250929[1m]', 'claude-sonnet-4-5'],
    // Not Claude: normalised but otherwise untouched.
    ['gpt-4o-2024-08-06', 'gpt-4o-2024-08-06'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(canonicalModelId(input)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const id of ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'claude-3-5-sonnet-v2@20241022', 'anthropic/claude-opus-4.6']) {
      expect(canonicalModelId(canonicalModelId(id))).toBe(canonicalModelId(id));
    }
  });
});
