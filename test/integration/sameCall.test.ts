// One API call, one row, whatever instrumented it: the real captures of a third-party
// instrumentation beside the SDK's own tracing (test/fixtures/conformance/*+native), each call's
// spans split into two exports sent in either order, then all of it again reversed, then again
// after a restart. The totals (rollups) and the call list (raw rows) must stay the API's truth.
import { afterAll, describe, expect, it } from 'vitest';
import { conformanceExport, conformanceTruth, fixtureRange } from '../support/fixtures';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { Anthropic } from '../../collector/src/semconv';
import { removeTestDir } from '../support/removeTestDir';

const RANGE = fixtureRange();
const JSON_TYPE = { 'content-type': 'application/json' };
const SUITES = ['openinference+native', 'openllmetry+native', 'openlit+native', 'langtrace+native', 'laminar+native'] as const;

interface Export {
  resourceSpans: { resource: unknown; scopeSpans: { scope: { name: string }; spans: unknown[] }[] }[];
}

/** A capture's export as two: the SDK's own spans, and every other span (the wrapper and the app's). */
function split(body: Buffer): { native: string; others: string } {
  const parsed = JSON.parse(body.toString('utf8')) as Export;
  const keep = (native: boolean): Export => ({
    resourceSpans: parsed.resourceSpans.map((rs) => ({
      ...rs,
      scopeSpans: rs.scopeSpans.filter((ss) => ss.scope.name.startsWith(Anthropic.scopePrefix) === native),
    })),
  });
  return { native: JSON.stringify(keep(true)), others: JSON.stringify(keep(false)) };
}

const exportsOf = (suite: string) => conformanceTruth(suite).scenarios.map((s) => split(conformanceExport(suite, s.name, 'json')));

async function sendInOrder(url: string, bodies: string[]): Promise<void> {
  for (const body of bodies) {
    const res = await postTraces(url, body, JSON_TYPE);
    expect(res.status, await res.clone().text()).toBe(200);
  }
}

/** Each call's exports in the order given (each acknowledged, so stored, before the next); calls side by side. */
const send = (url: string, perCall: string[][]) => Promise.all(perCall.map((bodies) => sendInOrder(url, bodies)));

// A shared 2-core machine under load: dozens of acknowledged writes per step.
const STEP_TIMEOUT_MS = 180_000;

async function totals(running: RunningCollector) {
  const summary = await (await fetch(`${running.url}/api/v1/summary?${RANGE}`)).json();
  const list = await (await fetch(`${running.url}/api/v1/calls?${RANGE}&limit=500`)).json();
  return {
    rollupCalls: summary.calls,
    rawCalls: list.total,
    inputTokens: summary.inputTokens,
    outputTokens: summary.outputTokens,
    cacheReadTokens: summary.cacheReadTokens,
    cacheWrite5mTokens: summary.cacheWrite5mTokens,
    cacheWrite1hTokens: summary.cacheWrite1hTokens,
    costNanoUsd: summary.costNanoUsd,
  };
}

function truthOf(suites: readonly string[]) {
  const sum = (pick: (t: ReturnType<typeof conformanceTruth>['totals']) => number) => suites.reduce((n, s) => n + pick(conformanceTruth(s).totals), 0);
  const calls = sum((t) => t.calls);
  return {
    rollupCalls: calls,
    rawCalls: calls,
    inputTokens: sum((t) => t.inputTokens),
    outputTokens: sum((t) => t.outputTokens),
    cacheReadTokens: sum((t) => t.cacheReadTokens),
    cacheWrite5mTokens: sum((t) => t.cacheWrite5mTokens),
    cacheWrite1hTokens: sum((t) => t.cacheWrite1hTokens),
    costNanoUsd: suites.reduce((n, s) => n + BigInt(conformanceTruth(s).totals.costNanoUsd), 0n).toString(),
  };
}

let running: RunningCollector | undefined;
afterAll(async () => {
  await running?.stop();
  if (running) removeTestDir(running.dataDir);
});

/** Every suite's calls, each call's two exports in order: the third-party one first for every other suite, or the reverse. */
async function sendAll(url: string, thirdPartyFirst: boolean): Promise<void> {
  for (const [i, suite] of SUITES.entries()) {
    const othersFirst = (i % 2 === 0) === thirdPartyFirst;
    await send(
      url,
      exportsOf(suite).map((e) => (othersFirst ? [e.others, e.native] : [e.native, e.others])),
    );
  }
}

describe('double instrumentation: one call each, in any order, repeated, across a restart', () => {
  it(
    'third-party span first (OpenInference, OpenLIT, Laminar), SDK span first (OpenLLMetry, Langtrace): the truth',
    async () => {
      running = await startCollector({}, DEFAULT_MODULES, { keepData: true });
      await sendAll(running.url, true);
      expect(await totals(running)).toEqual(truthOf(SUITES));
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "every export again, each call's two in the other order: nothing changes",
    async () => {
      await sendAll(running!.url, false);
      expect(await totals(running!)).toEqual(truthOf(SUITES));
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'after a restart on the same data, again: nothing changes',
    async () => {
      const dataDir = running!.dataDir;
      await running!.collector.close();
      running = await startCollector({}, DEFAULT_MODULES, { dataDir });
      await sendAll(running.url, true);
      await sendAll(running.url, false);
      expect(await totals(running)).toEqual(truthOf(SUITES));
    },
    STEP_TIMEOUT_MS,
  );

  it('the raw rows add up to the same cost, and failed calls keep their HTTP status', async () => {
    const list = await (await fetch(`${running!.url}/api/v1/calls?${RANGE}&limit=500`)).json();
    const rows = list.rows as { costNanoUsd: string | null; statusCode: number }[];
    expect(rows.reduce((n, r) => n + BigInt(r.costNanoUsd ?? 0), 0n).toString()).toBe(truthOf(SUITES).costNanoUsd);
    expect(rows.map((r) => r.statusCode).sort()).toEqual(SUITES.flatMap((s) => conformanceTruth(s).scenarios.map((c) => c.steps.at(-1)!.status)).sort());
  });
});
