// Every instrumentation's capture (test/fixtures/conformance, made by `npm run capture` from the
// real packages) against what the scripted API really returned: the same number of calls, the
// same tokens in each column and the same cost, exactly, from the JSON and the protobuf export.
// Where an instrumentation does not report something, burnrate cannot read it either: those gaps
// are listed here, asserted exactly, and shown in the README's conformance table.
import { describe, expect, it } from 'vitest';
import { costNanoUsd, type Usage } from '../../../test/capture/scenarios';
import { conformanceExport, conformanceSuites, conformanceTruth, type ConformanceTruth } from '../../../test/support/fixtures';
import { decodeTraces } from '../otlp/decode';
import { loadPriceTable } from '../pricing';
import { priceCalls } from '../pricing/priceCalls';
import type { CallRow } from './callRow';
import { normalize } from './normalize';

interface Gaps {
  /** Cache writes reported as one number: burnrate counts them as 5-minute writes. */
  noCacheTtlSplit?: boolean;
  /** A stream's output counted one too many (message_start's placeholder added to the final count). */
  streamOutputPlusOne?: boolean;
  /** A stream's output is message_start's placeholder (1), never the final count. */
  streamOutputIsPlaceholder?: boolean;
  /** No cache reads or writes reported at all: only uncached input and output. */
  noCacheTokens?: boolean;
  /** No stop reason reported. */
  noStopReason?: boolean;
  /** No stop reason reported for a stream. */
  noStreamStopReason?: boolean;
  /** Streams not told from other calls. */
  noStreamFlag?: boolean;
}

const KNOWN_GAPS: Record<string, Gaps> = {
  openlit: { noCacheTtlSplit: true, streamOutputPlusOne: true },
  langtrace: { noCacheTokens: true, streamOutputIsPlaceholder: true, noStopReason: true },
  laminar: { noCacheTtlSplit: true, noStreamFlag: true, noStreamStopReason: true },
  'otel-python': { noCacheTtlSplit: true, noStreamFlag: true },
  logfire: { noStreamStopReason: true },
};

/** What each capture reports beyond tokens (the SDK's own span, when present, reports all three). */
interface Reports {
  /** A stream's time to first token. */
  ttft: boolean;
  /** The HTTP status of a failed call (errors themselves are read from every capture). */
  status: boolean;
  /** How many times the call was retried. */
  retries: boolean;
}

const ALL: Reports = { ttft: true, status: true, retries: true };
const REPORTS: Record<string, Reports> = {
  native: ALL,
  'openinference+native': ALL,
  'openllmetry+native': ALL,
  'openlit+native': ALL,
  openinference: { ttft: false, status: true, retries: false },
  openlit: { ttft: true, status: true, retries: false },
  'vercel-ai': { ttft: true, status: false, retries: true },
  langtrace: { ttft: true, status: true, retries: false },
  'langtrace+native': ALL,
  laminar: { ttft: false, status: true, retries: false },
  'laminar+native': ALL,
  'otel-python': { ttft: false, status: true, retries: false },
  logfire: { ttft: false, status: true, retries: false },
};

type Scenario = ConformanceTruth['scenarios'][number];

/** The usage burnrate can know of from this instrumentation: the truth, less the known gaps. */
function readableUsage(suite: string, scenario: Scenario): Usage | undefined {
  const usage = scenario.steps.at(-1)!.usage;
  if (!usage) return undefined;
  const gaps = KNOWN_GAPS[suite] ?? {};
  const { ephemeral_5m_input_tokens: write5m, ephemeral_1h_input_tokens: write1h } = usage.cache_creation;
  const streamOutput = gaps.streamOutputIsPlaceholder ? 1 : usage.output_tokens + (gaps.streamOutputPlusOne ? 1 : 0);
  if (gaps.noCacheTokens) {
    return {
      ...usage,
      output_tokens: scenario.stream ? streamOutput : usage.output_tokens,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    };
  }
  return {
    ...usage,
    output_tokens: scenario.stream ? streamOutput : usage.output_tokens,
    cache_creation: gaps.noCacheTtlSplit ? { ephemeral_5m_input_tokens: write5m + write1h, ephemeral_1h_input_tokens: 0 } : usage.cache_creation,
  };
}

function expectedTotals(suite: string, truth: ConformanceTruth) {
  const usages = truth.scenarios.map((s) => [s, readableUsage(suite, s)] as const);
  const sum = (pick: (u: Usage) => number) => usages.reduce((n, [, u]) => n + (u ? pick(u) : 0), 0);
  return {
    calls: truth.scenarios.length,
    inputTokens: sum((u) => u.input_tokens),
    outputTokens: sum((u) => u.output_tokens),
    cacheReadTokens: sum((u) => u.cache_read_input_tokens),
    cacheWrite5mTokens: sum((u) => u.cache_creation.ephemeral_5m_input_tokens),
    cacheWrite1hTokens: sum((u) => u.cache_creation.ephemeral_1h_input_tokens),
    costNanoUsd: usages.reduce((n, [s, u]) => n + (u ? costNanoUsd(s.model, u) : 0n), 0n).toString(),
  };
}

const prices = loadPriceTable();

function callsOf(suite: string, scenario: string, encoding: 'json' | 'protobuf'): CallRow[] {
  const batch = normalize(decodeTraces(conformanceExport(suite, scenario, encoding), encoding));
  expect(batch.rejected).toEqual([]);
  expect(batch.scopes.filter((s) => s.notUnderstood > 0)).toEqual([]);
  priceCalls(prices, batch.calls);
  return batch.calls;
}

function totals(calls: CallRow[]) {
  return {
    calls: calls.length,
    inputTokens: calls.reduce((n, c) => n + c.inputTokens, 0),
    outputTokens: calls.reduce((n, c) => n + c.outputTokens, 0),
    cacheReadTokens: calls.reduce((n, c) => n + c.cacheReadTokens, 0),
    cacheWrite5mTokens: calls.reduce((n, c) => n + c.cacheWrite5mTokens, 0),
    cacheWrite1hTokens: calls.reduce((n, c) => n + c.cacheWrite1hTokens, 0),
    costNanoUsd: calls.reduce((n, c) => n + (c.costNanoUsd ?? 0n), 0n).toString(),
  };
}

describe('conformance: each instrumentation gives what the API returned', () => {
  it('every captured suite is listed with what it reports', () => {
    expect(conformanceSuites().filter((suite) => !REPORTS[suite])).toEqual([]);
  });

  it('a hand-made export names the repository, commit and files it follows', () => {
    const handMade = conformanceSuites().filter((suite) => conformanceTruth(suite).handMadeFrom);
    expect(handMade.sort()).toEqual(['logfire', 'otel-python']);
    for (const suite of handMade) {
      const source = conformanceTruth(suite).handMadeFrom!;
      expect(source.commit, suite).toMatch(/^[0-9a-f]{40}$/);
      expect(source.repository, suite).toMatch(/^[\w-]+\/[\w.-]+$/);
      expect(source.files.length, suite).toBeGreaterThan(0);
    }
  });

  it('with no known gap, what burnrate reads is the truth file itself', () => {
    for (const suite of conformanceSuites().filter((s) => !KNOWN_GAPS[s]))
      expect(expectedTotals(suite, conformanceTruth(suite)), suite).toEqual(conformanceTruth(suite).totals);
  });

  for (const suite of conformanceSuites()) {
    const truth = conformanceTruth(suite);
    for (const encoding of ['json', 'protobuf'] as const) {
      it(`${suite} (${Object.entries(truth.packages)
        .map(([n, v]) => `${n}@${v}`)
        .join(', ')}), ${encoding}: calls, tokens and cost`, () => {
        const calls = truth.scenarios.flatMap((scenario) => callsOf(suite, scenario.name, encoding));
        expect(totals(calls)).toEqual(expectedTotals(suite, truth));
      });

      if (suite.includes('+'))
        it(`${suite}, ${encoding}: both instrumentations read every call, and it is stored once`, () => {
          for (const scenario of truth.scenarios) {
            const batch = normalize(decodeTraces(conformanceExport(suite, scenario.name, encoding), encoding));
            const readers = batch.scopes.filter((s) => s.calls > 0).map((s) => s.scope);
            expect({ scenario: scenario.name, readers: readers.length, calls: batch.calls.length, merged: batch.merged }).toEqual({
              scenario: scenario.name,
              readers: 2,
              calls: 1,
              merged: 1,
            });
          }
        });

      it(`${suite}, ${encoding}: each scenario is one call with its stream flag, stop reason and error`, () => {
        for (const scenario of truth.scenarios) {
          const calls = callsOf(suite, scenario.name, encoding);
          expect(
            calls.map((c) => c.requestModel),
            scenario.name,
          ).toEqual([scenario.model]);
          const call = calls[0]!;
          const last = scenario.steps[scenario.steps.length - 1]!;
          const usage = readableUsage(suite, scenario);
          const cost = usage ? costNanoUsd(scenario.model, usage).toString() : '0';
          expect({ scenario: scenario.name, stream: call.stream, cost: String(call.costNanoUsd ?? 0n) }).toEqual({
            scenario: scenario.name,
            stream: scenario.stream && !KNOWN_GAPS[suite]?.noStreamFlag,
            cost,
          });
          const gaps = KNOWN_GAPS[suite] ?? {};
          const stopReasonLost = gaps.noStopReason || (gaps.noStreamStopReason && scenario.stream);
          if (last.stopReason) expect(call.stopReason, scenario.name).toBe(stopReasonLost ? '' : last.stopReason);
          expect(call.errorType === '', `${scenario.name}: error type ${call.errorType}`).toBe(last.status === 200);
          const reports = REPORTS[suite]!;
          if (scenario.stream) expect(call.ttftMs !== null && call.ttftMs > 0, `${scenario.name}: ttft ${call.ttftMs}`).toBe(reports.ttft);
          if (last.status !== 200) expect(call.statusCode, scenario.name).toBe(reports.status ? last.status : 0);
          expect(call.retryCount, scenario.name).toBe(reports.retries ? scenario.steps.length - 1 : 0);
        }
      });
    }
  }
});
