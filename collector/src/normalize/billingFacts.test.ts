import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../otlp/model';
import { Burnrate, GenAi, Http } from '../semconv';
import { billingFacts } from './billingFacts';

const facts = (entries: Record<string, AttributeValue>) => billingFacts(new Map(Object.entries(entries)), 128);

describe('billingFacts', () => {
  it.each([
    [{ [GenAi.providerName]: 'aws.bedrock', [GenAi.requestModel]: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0' }, 'global'],
    [{ [GenAi.providerName]: 'aws.bedrock', [GenAi.requestModel]: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }, 'regional'],
    [{ [GenAi.providerName]: 'aws.bedrock', [GenAi.requestModel]: 'anthropic.claude-sonnet-4-5-20250929-v1:0' }, 'regional'],
    [{ [GenAi.providerName]: 'gcp.vertex_ai', [Http.serverAddress]: 'aiplatform.googleapis.com' }, 'global'],
    [{ [GenAi.providerName]: 'gcp.vertex_ai', [Http.serverAddress]: 'us-east5-aiplatform.googleapis.com' }, 'regional'],
    [{ [GenAi.providerName]: 'gcp.vertex_ai' }, ''],
    [{ [GenAi.providerName]: 'anthropic', [GenAi.requestModel]: 'us.anthropic.claude-sonnet-4-5-v1' }, ''],
  ])('cloud endpoint of %o is %s', (attributes, endpoint) => {
    expect(facts(attributes as Record<string, AttributeValue>).cloudEndpoint).toBe(endpoint);
  });

  it("takes the usage's speed and geo over the request's: the response says what was served", () => {
    expect(
      facts({
        [Burnrate.requestSpeed]: 'fast',
        [Burnrate.usageSpeed]: 'standard',
        [Burnrate.requestInferenceGeo]: 'us',
        [Burnrate.usageInferenceGeo]: 'global',
      }),
    ).toMatchObject({
      speed: 'standard',
      dataResidency: false,
    });
    expect(facts({ [Burnrate.requestInferenceGeo]: 'us' })).toMatchObject({ dataResidency: true });
  });

  it('gives a batch result the same identity on every read', () => {
    const a = facts({ [Burnrate.batchResultId]: 'msgbatch_01/req-a' });
    expect(a).toMatchObject({ traceId: expect.stringMatching(/^[0-9a-f]{32}$/), spanId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(facts({ [Burnrate.batchResultId]: 'msgbatch_01/req-a' })).toMatchObject({ traceId: a.traceId, spanId: a.spanId });
    expect(facts({ [Burnrate.batchResultId]: 'msgbatch_01/req-b' }).spanId).not.toBe(a.spanId);
  });
});
