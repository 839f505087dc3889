// Every instrumentation's capture (test/fixtures/conformance, made by `npm run capture` from the
// real packages) against what the scripted API really returned: the same number of calls, the
// same tokens in each column and the same cost, exactly, from the JSON and the protobuf export.
import { describe, expect, it } from 'vitest';
import { conformanceExport, conformanceSuites, conformanceTruth } from '../../../test/support/fixtures';
import { decodeTraces } from '../otlp/decode';
import { loadPriceTable } from '../pricing';
import { priceCalls } from '../pricing/priceCalls';
import type { CallRow } from './callRow';
import { normalize } from './normalize';

const prices = loadPriceTable();

function callsOf(suite: string, scenario: string, encoding: 'json' | 'protobuf'): CallRow[] {
  const batch = normalize(decodeTraces(conformanceExport(suite, scenario, encoding), encoding));
  expect(batch.rejected).toEqual([]);
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
  for (const suite of conformanceSuites()) {
    const truth = conformanceTruth(suite);
    for (const encoding of ['json', 'protobuf'] as const) {
      it(`${suite} (${Object.entries(truth.packages).map(([n, v]) => `${n}@${v}`).join(', ')}), ${encoding}: calls, tokens and cost`, () => {
        const calls = truth.scenarios.flatMap((scenario) => callsOf(suite, scenario.name, encoding));
        expect(totals(calls)).toEqual(truth.totals);
      });

      it(`${suite}, ${encoding}: each scenario is one call with its stream flag, stop reason and retries`, () => {
        for (const scenario of truth.scenarios) {
          const calls = callsOf(suite, scenario.name, encoding);
          expect(calls.map((c) => c.requestModel), scenario.name).toEqual([scenario.model]);
          const call = calls[0]!;
          const last = scenario.steps[scenario.steps.length - 1]!;
          expect({ scenario: scenario.name, stream: call.stream, cost: String(call.costNanoUsd ?? 0n) }).toEqual({ scenario: scenario.name, stream: scenario.stream, cost: scenario.costNanoUsd });
          if (last.stopReason) expect(call.stopReason, scenario.name).toBe(last.stopReason);
          expect(call.errorType === '', `${scenario.name}: error type ${call.errorType}`).toBe(last.status === 200);
        }
      });
    }
  }
});
