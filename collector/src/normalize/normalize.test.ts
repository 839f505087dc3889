import { describe, expect, it } from 'vitest';
import { fixtureJson, fixtureNames, fixtureProtobuf, fixtureTruth } from '../../../test/support/fixtures';
import { decodeTraces, encodeTraceRequestFromJson } from '../otlp/decode';
import { canonicalModelId } from '../pricing/modelId';
import { GenAi } from '../semconv';
import type { CallRow } from './callRow';
import { normalize } from './normalize';

const fromJson = (name: string) => normalize(decodeTraces(fixtureJson(name), 'json'));
const fromProtobuf = (name: string) => normalize(decodeTraces(fixtureProtobuf(name), 'protobuf'));

// The .pb and .json files are two captures of the same scripted call: ids, clocks and the
// request id differ; everything the API returned is the same.
function withoutCaptureIdentity(row: CallRow) {
  const { callKey, traceId, spanId, parentSpanId, startTimeNs, durationMs, ttftMs, requestId, ...rest } = row;
  return rest;
}

describe('normalize: every captured fixture', () => {
  for (const name of fixtureNames()) {
    const truth = fixtureTruth(name);
    const last = truth.steps[truth.steps.length - 1]!;

    it(`${name}: one call row, matching what the API returned`, () => {
      const { calls, rejected } = fromJson(name);
      expect(rejected).toEqual([]);
      expect(calls).toHaveLength(1); // the app's own "POST /chat" span is not a Claude call
      const call = calls[0]!;
      expect(call.model).toBe(canonicalModelId(last.responseModel ?? truth.model));
      expect(call.requestModel).toBe(truth.model);
      expect(call.stream).toBe(last.stream ?? false);
      const usage = last.usage;
      expect({
        input: call.inputTokens,
        output: call.outputTokens,
        read: call.cacheReadTokens,
        write5m: call.cacheWrite5mTokens,
        write1h: call.cacheWrite1hTokens,
      }).toEqual({
        input: usage?.input_tokens ?? 0,
        output: usage?.output_tokens ?? 0,
        read: usage?.cache_read_input_tokens ?? 0,
        // A write whose TTL the convention does not report counts as 5-minute.
        write5m: usage ? (usage.cache_creation?.ephemeral_5m_input_tokens ?? usage.cache_creation_input_tokens) : 0,
        write1h: usage?.cache_creation?.ephemeral_1h_input_tokens ?? 0,
      });
      if (last.stopReason) expect(call.stopReason).toBe(last.stopReason);
      if (truth.instrumentation === 'native') {
        expect(call.statusCode).toBe(last.status);
        expect(call.retryCount).toBe(truth.steps.length - 1);
        expect(call.serviceTier).toBe(usage?.service_tier ?? '');
        expect(call.errorType === '').toBe(last.status < 400);
      }
    });

    it(`${name}: protobuf and JSON captures give the same row`, () => {
      const json = fromJson(name);
      const protobuf = fromProtobuf(name);
      expect(protobuf.rejected).toEqual([]);
      expect(protobuf.calls.map(withoutCaptureIdentity)).toEqual(json.calls.map(withoutCaptureIdentity));
    });

    it(`${name}: the same export re-encoded as protobuf gives identical rows`, () => {
      const json = JSON.parse(fixtureJson(name).toString('utf8'));
      const reencoded = normalize(decodeTraces(encodeTraceRequestFromJson(json), 'protobuf'));
      expect(reencoded).toEqual(fromJson(name));
    });
  }

  it('the same call seen by three instrumentations gives the same tokens', () => {
    const tokens = (row: CallRow) => ({
      input: row.inputTokens,
      output: row.outputTokens,
      read: row.cacheReadTokens,
      writes: row.cacheWrite5mTokens + row.cacheWrite1hTokens,
      model: row.model,
    });
    const native = tokens(fromJson('native-create-cache').calls[0]!);
    expect(native).toEqual({ input: 1200, output: 350, read: 8192, writes: 2048, model: 'claude-sonnet-4-6' });
    expect(tokens(fromJson('openinference-create').calls[0]!)).toEqual(native);
    expect(tokens(fromJson('openllmetry-create').calls[0]!)).toEqual(native);
  });

  it('records each instrumentation and its scope', () => {
    expect(fromJson('native-stream').calls[0]!.instrumentation).toBe('anthropic-sdk');
    expect(fromJson('openinference-create').calls[0]!.instrumentation).toBe('openinference');
    expect(fromJson('openllmetry-create').calls[0]!.instrumentation).toBe('openllmetry');
  });

  it('native stream: time to first token in ms and the dated served model kept', () => {
    const call = fromJson('native-stream').calls[0]!;
    // The capture's own clock: the span says seconds, the row keeps milliseconds.
    const span = decodeTraces(fixtureJson('native-stream'), 'json').resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    const seconds = span.attributes.get(GenAi.timeToFirstChunk) as number;
    expect(seconds).toBeGreaterThan(0);
    expect(call.ttftMs).toBeCloseTo(seconds * 1000, 6);
    expect(call.responseModel).toBe('claude-haiku-4-5-20251001');
    expect(call.model).toBe('claude-haiku-4-5');
  });

  it('without attempt events, resends become attempts whose status is not reported', () => {
    const { attempts } = fromJson('native-429-retried');
    expect(attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 0],
      [2, 0],
      [3, 200],
    ]);
    const exhausted = fromJson('native-429-exhausted').attempts;
    expect(exhausted.map((a) => a.statusCode)).toEqual([0, 0, 429]);
    expect(exhausted[2]!.errorType).toBe('rate_limit_error');
  });
});
