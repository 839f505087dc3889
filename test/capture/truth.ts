// The truth files written beside the captures: what the scripted API returned, and the cost of
// it from hand-written prices (scenarios.ts), never from the collector's code.
import type { CaptureJob } from './jobs';
import { costNanoUsd, SCENARIOS } from './scenarios';

export function corpusTruth(job: CaptureJob, name: string, versions: Record<string, string>) {
  const scenario = SCENARIOS[name]!;
  const last = scenario.steps[scenario.steps.length - 1]!;
  return {
    name: `${job.suite}-${name}`,
    instrumentation: job.suite,
    packages: versions,
    model: scenario.model,
    steps: scenario.steps,
    costNanoUsd: (last.usage ? costNanoUsd(scenario.model, last.usage) : 0n).toString(),
  };
}

export interface Totals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  costNanoUsd: string;
}

export function conformanceTruth(job: CaptureJob, versions: Record<string, string>) {
  const totals: Totals = { calls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, costNanoUsd: '0' };
  let cost = 0n;
  const scenarios = job.scenarios.map((name) => {
    const scenario = SCENARIOS[name]!;
    const last = scenario.steps[scenario.steps.length - 1]!;
    totals.calls += 1; // a call that failed is still one API call
    const u = last.usage;
    if (u) {
      totals.inputTokens += u.input_tokens;
      totals.outputTokens += u.output_tokens;
      totals.cacheReadTokens += u.cache_read_input_tokens;
      totals.cacheWrite5mTokens += u.cache_creation.ephemeral_5m_input_tokens;
      totals.cacheWrite1hTokens += u.cache_creation.ephemeral_1h_input_tokens;
      cost += costNanoUsd(scenario.model, u);
    }
    return { ...scenario, costNanoUsd: (u ? costNanoUsd(scenario.model, u) : 0n).toString() };
  });
  totals.costNanoUsd = cost.toString();
  return { suite: job.suite, nativeTracing: job.nativeTracing, packages: versions, totals, scenarios };
}
