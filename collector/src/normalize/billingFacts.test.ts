import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../otlp/model';
import { billingFacts } from './billingFacts';

const facts = (entries: Record<string, AttributeValue>) => billingFacts(new Map(Object.entries(entries)), 128);

describe('billingFacts', () => {
  it.each([
    [{ 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.request.model': 'global.anthropic.claude-sonnet-4-5-20250929-v1:0' }, 'global'],
    [{ 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.request.model': 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }, 'regional'],
    [{ 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.request.model': 'anthropic.claude-sonnet-4-5-20250929-v1:0' }, 'regional'],
    [{ 'gen_ai.provider.name': 'gcp.vertex_ai', 'server.address': 'aiplatform.googleapis.com' }, 'global'],
    [{ 'gen_ai.provider.name': 'gcp.vertex_ai', 'server.address': 'us-east5-aiplatform.googleapis.com' }, 'regional'],
    [{ 'gen_ai.provider.name': 'gcp.vertex_ai' }, ''],
    [{ 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'us.anthropic.claude-sonnet-4-5-v1' }, ''],
  ])('cloud endpoint of %o is %s', (attributes, endpoint) => {
    expect(facts(attributes as Record<string, AttributeValue>).cloudEndpoint).toBe(endpoint);
  });

  it('takes the usage\'s speed and geo over the request\'s: the response says what was served', () => {
    expect(facts({ 'burnrate.request.speed': 'fast', 'burnrate.usage.speed': 'standard', 'burnrate.request.inference_geo': 'us', 'burnrate.usage.inference_geo': 'global' })).toMatchObject({
      speed: 'standard',
      dataResidency: false,
    });
    expect(facts({ 'burnrate.request.inference_geo': 'us' })).toMatchObject({ dataResidency: true });
  });

  it('gives a batch result the same identity on every read', () => {
    const a = facts({ 'burnrate.batch.result_id': 'msgbatch_01/req-a' });
    expect(a).toMatchObject({ traceId: expect.stringMatching(/^[0-9a-f]{32}$/), spanId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(facts({ 'burnrate.batch.result_id': 'msgbatch_01/req-a' })).toMatchObject({ traceId: a.traceId, spanId: a.spanId });
    expect(facts({ 'burnrate.batch.result_id': 'msgbatch_01/req-b' }).spanId).not.toBe(a.spanId);
  });
});
