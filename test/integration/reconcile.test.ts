// Reconciliation end to end: calls in the embedded store, Anthropic's report pulled through the
// real SDK from a scripted fetch (recorded response shapes, no live call), and the comparison
// out of GET /api/v1/reconciliation and the alert hook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetsAlertsModule } from '../../collector/src/alerts/module';
import { claudeCodeModule } from '../../collector/src/claudeCode/module';
import { claudeCodeLogsExport, type ClaudeCodeExportSpec } from '../support/claudeCodePayloads';
import { driftByDayAndModel, reconcileModule, type ReconcileModule } from '../../collector/src/reconcile';
import { costItem, scriptedAnalyticsApi, usageItem } from '../support/anthropicAnalyticsApi';
import { startCollector, type RunningCollector } from '../support/collector';
import { GenAi } from '../../collector/src/semconv';

const SESSION: Omit<ClaudeCodeExportSpec, 'events'> = {
  sessionId: 's-1',
  user: { id: 'inst-1', email: 'ada@example.com' },
  resourceAttributes: { 'team.id': 'platform' },
};

// burnrate's side. sonnet-4-6 on the 20th: 1200×3000 + 350×15000 + 8192×300 + 1024×3750 = 15,147,600 n$;
// opus-4-6 on the 21st: 3000×5000 + 64×25000 + 1000×500 = 17,100,000 n$.
const CLAUDE_CODE = claudeCodeLogsExport({
  ...SESSION,
  events: [
    {
      model: 'claude-sonnet-4-6',
      costUsd: '0.0151476',
      durationMs: 1000,
      inputTokens: 1200,
      outputTokens: 350,
      cacheReadTokens: 8192,
      cacheCreationTokens: 1024,
      timestamp: '2026-11-20T10:00:01Z',
      sequence: 1,
    },
    {
      model: 'claude-opus-4-6',
      costUsd: '0.0171',
      durationMs: 1000,
      inputTokens: 3000,
      outputTokens: 64,
      cacheReadTokens: 1000,
      cacheCreationTokens: 0,
      timestamp: '2026-11-21T10:00:01Z',
      sequence: 2,
    },
  ],
});

// A call served through Bedrock: billed by AWS, so never part of Anthropic's report.
const BEDROCK_SPAN = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bedrock-app' } }] },
      scopeSpans: [
        {
          scope: { name: 'some.genai.instrumentation' },
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              name: 'chat claude-sonnet-4-6',
              kind: 3,
              startTimeUnixNano: '1795168800000000000', // 2026-11-20T06:40:00Z
              endTimeUnixNano: '1795168801000000000',
              attributes: [
                { key: GenAi.providerName, value: { stringValue: 'aws.bedrock' } },
                { key: GenAi.operationName, value: { stringValue: 'chat' } },
                { key: GenAi.requestModel, value: { stringValue: 'claude-sonnet-4-6' } },
                { key: GenAi.inputTokens, value: { intValue: '1000000' } },
                { key: GenAi.outputTokens, value: { intValue: '10' } },
              ],
            },
          ],
        },
      ],
    },
  ],
};

// Anthropic's side, as its Usage and Cost Analytics API would answer (amounts in cents).
const pages = {
  cost: [
    [
      costItem('2026-11-20', 'claude-sonnet-4-6-20260115', 'tokens', '1.5', '1.6'), // 15,000,000 n$ after discount
      costItem('2026-11-20', 'claude-sonnet-4-6', 'web_search', '1'),
      costItem('2026-11-20', 'claude-haiku-4-5', 'tokens', '0.2'), // a model burnrate never saw
    ],
    [costItem('2026-11-21', 'claude-opus-4-6', 'tokens', '1.71')],
  ],
  usage: [[usageItem('2026-11-20', 'claude-sonnet-4-6', { uncached: 1200, output: 350, cacheRead: 8192, write5m: 1024, requests: 1 })]],
};

let clock = new Date('2026-11-21T15:30:00Z');
const apiOptions: { refreshedAt: string; status?: number } = { refreshedAt: '2026-11-21T14:00:00Z' };
const api = scriptedAnalyticsApi(pages, apiOptions);
const warnings: string[] = [];
let reconcile: ReconcileModule;
let running: RunningCollector;

beforeAll(async () => {
  reconcile = reconcileModule({
    fetch: api.fetch,
    now: () => clock,
    pullOnStart: false,
    warn: (m) => warnings.push(m),
  });
  running = await startCollector({ ANTHROPIC_ADMIN_KEY: 'sk-ant-admin01-test', BURNRATE_RECONCILE_LOOKBACK_DAYS: '1' }, [
    claudeCodeModule(),
    reconcile,
    budgetsAlertsModule({ now: () => clock, intervalMs: 3_600_000 }),
  ]);
  const post = (path: string, body: unknown) =>
    fetch(`${running.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  expect((await post('/v1/logs', CLAUDE_CODE)).status).toBe(200);
  expect((await post('/v1/traces', BEDROCK_SPAN)).status).toBe(200);
});
afterAll(async () => running?.stop());

async function reconciliation(query = 'from=2026-11-19T00:00:00Z&to=2026-11-22T00:00:00Z') {
  const res = await fetch(`${running.url}/api/v1/reconciliation?${query}`);
  expect(res.status).toBe(200);
  return res.json();
}

const tokens = (input: number, output: number, cacheRead = 0, write5m = 0) => ({
  inputTokens: input,
  outputTokens: output,
  cacheReadTokens: cacheRead,
  cacheWrite5mTokens: write5m,
  cacheWrite1hTokens: 0,
});
const estimate = (calls: number, nano: bigint, t = tokens(0, 0)) => ({
  calls,
  costUsd: Number(nano) / 1e9,
  costNanoUsd: nano.toString(),
  unpricedCalls: 0,
  ...t,
});
const noReport = (nano: bigint, list = nano, other = 0n, requests = 0, t = tokens(0, 0)) => ({
  costUsd: Number(nano) / 1e9,
  costNanoUsd: nano.toString(),
  listCostUsd: Number(list) / 1e9,
  listCostNanoUsd: list.toString(),
  otherCostUsd: Number(other) / 1e9,
  otherCostNanoUsd: other.toString(),
  requests,
  ...t,
});

describe('GET /api/v1/reconciliation', () => {
  it('before-a-pull-shows-the-estimate-with-no-reported-figure', async () => {
    const body = await reconciliation();
    expect(body).toMatchObject({ from: '2026-11-19T00:00:00.000Z', to: '2026-11-22T00:00:00.000Z', anthropicConfigured: true, lastPull: null });
    expect(
      body.rows.map((r: { day: string; model: string; reported: unknown; driftPercent: unknown }) => [r.day, r.model, r.reported, r.driftPercent]),
    ).toEqual([
      ['2026-11-20', 'claude-sonnet-4-6', null, null],
      ['2026-11-21', 'claude-opus-4-6', null, null],
    ]);
  });

  it('after-the-pull-shows-both-sides-and-the-drift-per-day-and-model', async () => {
    expect(await reconcile.pullNow()).toEqual({ at: clock, ok: true, error: null, days: 2 });
    expect(warnings).toEqual([]);
    const body = await reconciliation();
    expect(body).toEqual({
      from: '2026-11-19T00:00:00.000Z',
      to: '2026-11-22T00:00:00.000Z',
      anthropicConfigured: true,
      lastPull: { at: '2026-11-21T15:30:00.000Z', ok: true, error: null, days: 2 },
      rows: [
        { day: '2026-11-20', model: 'claude-haiku-4-5', estimate: estimate(0, 0n), reported: noReport(2_000_000n), driftPercent: -100, complete: true },
        {
          day: '2026-11-20',
          model: 'claude-sonnet-4-6',
          // The Bedrock call (1M input tokens) is not in the estimate.
          estimate: estimate(1, 15_147_600n, tokens(1200, 350, 8192, 1024)),
          reported: noReport(15_000_000n, 16_000_000n, 10_000_000n, 1, tokens(1200, 350, 8192, 1024)),
          // (15,147,600 − 15,000,000) / 15,000,000 = 0.984 %
          driftPercent: 0.98,
          complete: true,
        },
        // Today: its report is still filling in, so the drift is not final.
        {
          day: '2026-11-21',
          model: 'claude-opus-4-6',
          estimate: estimate(1, 17_100_000n, tokens(3000, 64, 1000)),
          reported: noReport(17_100_000n),
          driftPercent: 0,
          complete: false,
        },
      ],
    });
  });

  it('the-drift-alert-rule-fires-for-a-complete-day-over-its-threshold-only', async () => {
    const rule = await fetch(`${running.url}/api/v1/alerts/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'drift', condition: { kind: 'reconcile_drift', thresholdPercent: 10, lookbackDays: 3, minReportedUsd: 0.001 } }),
    });
    expect(rule.status).toBe(201);
    expect((await fetch(`${running.url}/api/v1/alerts/evaluate`, { method: 'POST' })).status).toBeLessThan(300);
    const active = await (await fetch(`${running.url}/api/v1/alerts/active`)).json();
    const drift = JSON.stringify(active).match(/drift:[^"]+/g) ?? [];
    // Haiku on the 20th: $0.002 reported, nothing estimated (−100 %). Sonnet's 0.98 % is under the
    // threshold; today's opus is not complete; the default rule's $1 minimum hides $0.002.
    expect([...new Set(drift)]).toEqual(['drift:2026-11-20:claude-haiku-4-5']);
  });

  it('a-later-pull-replaces-each-day-it-covers-whole', async () => {
    clock = new Date('2026-11-21T20:00:00Z');
    pages.cost[0] = [costItem('2026-11-20', 'claude-sonnet-4-6', 'tokens', '1.5147600')];
    pages.cost[1] = [costItem('2026-11-21', 'claude-opus-4-6', 'tokens', '1.8')];
    expect(await reconcile.pullNow()).toMatchObject({ ok: true, days: 2 });
    const body = await reconciliation();
    expect(
      body.rows.map((r: { day: string; model: string; driftPercent: number | null; complete: boolean }) => [r.day, r.model, r.driftPercent, r.complete]),
    ).toEqual([
      // haiku is gone from the 20th: the new pull no longer lists it.
      ['2026-11-20', 'claude-sonnet-4-6', 0, true],
      // (17,100,000 − 18,000,000) / 18,000,000 = −5 %; Anthropic's data is from 14:00, so still not final.
      ['2026-11-21', 'claude-opus-4-6', -5, false],
    ]);
  });

  it('the-alert-hook-gives-the-same-drift-as-exact-integers', async () => {
    const drift = await driftByDayAndModel(running.collector.gateway, { from: new Date('2026-11-20T12:00:00Z'), to: new Date('2026-11-21T01:00:00Z') });
    expect(drift).toEqual([
      { day: '2026-11-20', model: 'claude-sonnet-4-6', estimateNanoUsd: 15_147_600n, reportedNanoUsd: 15_147_600n, driftPercent: 0, complete: true },
      { day: '2026-11-21', model: 'claude-opus-4-6', estimateNanoUsd: 17_100_000n, reportedNanoUsd: 18_000_000n, driftPercent: -5, complete: false },
    ]);
  });

  it('a-failed-pull-keeps-the-last-good-figures-and-says-why', async () => {
    const before = await reconciliation();
    apiOptions.status = 401;
    clock = new Date('2026-11-21T21:00:00Z');
    expect(await reconcile.pullNow()).toMatchObject({ ok: false, error: expect.stringMatching(/^401 /) });
    apiOptions.status = undefined;
    expect(warnings).toEqual([expect.stringMatching(/^burnrate: pulling Anthropic's usage and cost report failed: 401 /)]);
    const after = await reconciliation();
    expect(after.lastPull).toEqual({ at: '2026-11-21T21:00:00.000Z', ok: false, error: expect.stringMatching(/^401 /), days: 2 });
    expect(after.rows).toEqual(before.rows);
  });

  it('a-bad-range-is-400', async () => {
    expect((await fetch(`${running.url}/api/v1/reconciliation?from=yesterday`)).status).toBe(400);
    expect((await fetch(`${running.url}/api/v1/reconciliation?from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z`)).status).toBe(400);
  });
});
