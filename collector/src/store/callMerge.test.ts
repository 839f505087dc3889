// The writer's plan for a span of a call already stored: merged into the stored row's place, the
// old version retracted first (ReplacingMergeTree keeps the last row of a sort key), nothing
// written for a repeat.
import { describe, expect, it } from 'vitest';
import type { CallRow } from '../normalize/callRow';
import { planCallWrites } from './callMerge';

function call(over: Partial<CallRow>): CallRow {
  return {
    callKey: 'span:t:s',
    sourceRank: 1,
    traceId: '0'.repeat(31) + '1',
    spanId: '0'.repeat(15) + '1',
    parentSpanId: '',
    startTimeNs: 1_795_297_000_000_000_000n,
    durationMs: 12,
    serviceName: 'svc',
    environment: '',
    resourceAttributes: {},
    scopeName: 'x',
    instrumentation: 'openllmetry',
    provider: 'anthropic',
    operation: 'chat',
    requestModel: 'claude-sonnet-4-6',
    responseModel: 'claude-sonnet-4-6',
    model: 'claude-sonnet-4-6',
    inputTokens: 1200,
    outputTokens: 350,
    cacheReadTokens: 8192,
    cacheWrite5mTokens: 2048,
    cacheWrite1hTokens: 0,
    serviceTier: '',
    stream: false,
    ttftMs: null,
    stopReason: 'end_turn',
    statusCode: 200,
    errorType: '',
    retryCount: 0,
    requestId: '',
    batch: false,
    dataResidency: false,
    speed: '',
    rateLimits: {},
    team: '',
    project: '',
    feature: '',
    user: '',
    tenant: '',
    route: '',
    routeReason: '',
    routeRequestedModel: '',
    routeFallbackFrom: '',
    costNanoUsd: 18_987_600n,
    ...over,
  };
}

const wrapper = call({ spanId: 'aaaaaaaaaaaaaaa1', callKey: 'span:t:aaaaaaaaaaaaaaa1' });
const sdkSpan = call({
  spanId: 'bbbbbbbbbbbbbbb1',
  parentSpanId: 'aaaaaaaaaaaaaaa1',
  callKey: 'msg:msg_1',
  sourceRank: 3,
  instrumentation: 'anthropic-sdk',
  scopeName: 'com.anthropic.sdk.typescript',
  cacheWrite5mTokens: 1024,
  cacheWrite1hTokens: 1024,
  requestId: 'req_1',
  serviceTier: 'standard',
  costNanoUsd: 21_291_600n,
});

describe('planCallWrites', () => {
  it("the SDK span of a stored wrapper: old version retracted, then the merged one in its place with the SDK's facts", () => {
    const plan = planCallWrites([sdkSpan], [wrapper]);
    expect(plan.outcomes.get(sdkSpan)).toBe('merged');
    expect(plan.rows.map((r) => [r.version.sign, r.version.revision, r.row.spanId])).toEqual([
      [-1, true, wrapper.spanId],
      [1, true, wrapper.spanId],
    ]);
    const merged = plan.rows[1]!.row;
    expect([merged.cacheWrite1hTokens, merged.costNanoUsd, merged.requestId, merged.callKey, merged.instrumentation]).toEqual([
      1024,
      21_291_600n,
      'req_1',
      'msg:msg_1',
      'anthropic-sdk',
    ]);
    expect(plan.placeOf.get(`${sdkSpan.traceId}/${sdkSpan.spanId}`)).toBe(`${wrapper.traceId}/${wrapper.spanId}`);
  });

  it('the wrapper after its SDK span: nothing new, nothing written', () => {
    const plan = planCallWrites([wrapper], [sdkSpan]);
    expect(plan.outcomes.get(wrapper)).toBe('duplicate');
    expect(plan.rows).toEqual([]);
  });

  it('a call of another model under the same parent is another call', () => {
    const other = call({ spanId: 'ccccccccccccccc1', parentSpanId: 'aaaaaaaaaaaaaaa1', callKey: 'msg:msg_2', model: 'claude-haiku-4-5' });
    const plan = planCallWrites([other], [wrapper]);
    expect(plan.outcomes.get(other)).toBe('new');
    expect(plan.rows.map((r) => [r.version.sign, r.row.spanId])).toEqual([[1, other.spanId]]);
  });
});
