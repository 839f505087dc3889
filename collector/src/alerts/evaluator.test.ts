// The evaluator on a real collector (embedded store, real ingest, real local receivers): every
// default rule fires once when its condition starts, resolves once when it ends, and a restart
// on the same data neither forgets what is firing nor sends it again.
import { createHmac } from 'node:crypto';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ActiveAlertsResponse,
  AlertChannel,
  AlertDeliveriesResponse,
  AlertHistoryResponse,
  AlertRule,
  AlertRuleListResponse,
  Budget,
} from '@burnrate/contract';
import {
  getJson,
  newDataDir,
  openTestCollector,
  postCalls,
  removeDataDir,
  sendJson,
  type TestCall,
  type TestCollector,
} from '../../../test/support/budgetsCollector';
import { budgetsAlertsModule } from './module';
import { startReceiver, type Receiver } from '../../../test/support/alertReceiver';

const SECRET = 'evaluator-test-secret-0123456789';
// Alone on its store: no rival to wait for, so the evaluation at start is over before the tests begin.
const module = () =>
  budgetsAlertsModule({ intervalMs: 3_600_000, leaseSettleMs: 0, delivery: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 200, timeoutMs: 2000 } });

let dataDir: string;
let running: TestCollector;
let receiver: Receiver;
beforeAll(async () => {
  dataDir = newDataDir();
  receiver = await startReceiver();
  running = await openTestCollector(dataDir, [module()]);
});
afterAll(async () => {
  await running?.close();
  await receiver?.close();
  removeDataDir(dataDir);
});

const api = (path: string) => `${running.url}/api/v1${path}`;
const evaluate = async () => (await sendJson('POST', api('/alerts/evaluate'), {})).json() as Promise<{ fired: number; resolved: number }>;
const bodies = (path: string) => receiver.received.filter((r) => r.path.startsWith(path)).map((r) => JSON.parse(r.body));

async function created<T>(res: Response): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json() as Promise<T>;
}

describe('rules and channels API', () => {
  it('a-fresh-install-has-the-default-rules', async () => {
    const { rules } = await getJson<AlertRuleListResponse>(api('/alerts/rules'));
    expect(rules.map((r) => [r.id, r.condition.kind, r.enabled, r.channelIds]).sort()).toEqual([
      ['default-budget-burn-fast', 'budget_burn_rate', true, []],
      ['default-budget-burn-slow', 'budget_burn_rate', true, []],
      ['default-budget-forecast', 'budget_forecast', true, []],
      ['default-budget-thresholds', 'budget_threshold', true, []],
      ['default-deprecated-model', 'deprecated_model', true, []],
      ['default-error-rate', 'error_ratio', true, []],
      ['default-ingest-log', 'ingest_log', true, []],
      ['default-key-spend-spike', 'key_spend_spike', true, []],
      ['default-latency-p95', 'latency_p95', true, []],
      ['default-model-throttled', 'model_throttled', true, []],
      ['default-rate-limit-headroom', 'rate_limit_headroom', true, []],
      ['default-rate-limited', 'rate_limited_ratio', true, []],
      ['default-reconcile-drift', 'reconcile_drift', true, []],
      ['default-spend-anomaly', 'spend_anomaly', true, []],
      ['default-spend-limit-refused', 'spend_limit_refused', true, []],
      ['default-spend-limit-threshold', 'spend_limit_threshold', true, []],
      ['default-unpriced-model', 'unpriced_model', true, []],
      ['default-usage-window', 'usage_window', true, []],
    ]);
    // The SDK's list plus the retirement schedule's deprecated models (issue 12); never a current one.
    const deprecated = rules.find((r) => r.id === 'default-deprecated-model')!.condition as { models: string[] };
    expect(deprecated).toMatchObject({ kind: 'deprecated_model', windowMinutes: 60 });
    expect(deprecated.models).toEqual(
      expect.arrayContaining(['claude-mythos-preview', 'claude-sonnet-4-5', 'claude-3-opus', 'claude-3-7-sonnet', 'claude-sonnet-4', 'claude-opus-4-1']),
    );
    expect(deprecated.models).not.toContain('claude-opus-5-5');
  });

  it('channels-validate-and-never-show-their-secrets', async () => {
    const short = await sendJson('POST', api('/alerts/channels'), { name: 'hook', kind: 'webhook', url: `${receiver.url}/hook`, secret: 'short' });
    expect(short.status).toBe(400);
    expect((await short.json()).message).toContain('secret: a webhook channel needs a signing secret of at least 16 characters');
    const noUrl = await sendJson('POST', api('/alerts/channels'), { name: 'slack', kind: 'slack' });
    expect((await noUrl.json()).message).toContain('url: a slack channel needs a url');
    const ftp = await sendJson('POST', api('/alerts/channels'), { name: 'x', kind: 'slack', url: 'ftp://example.com/x' });
    expect((await ftp.json()).message).toContain('url: must be an http(s) URL');

    const hook = await created<AlertChannel>(
      await sendJson('POST', api('/alerts/channels'), { name: 'hook', kind: 'webhook', url: `${receiver.url}/hook`, secret: SECRET }),
    );
    expect(hook).toMatchObject({ kind: 'webhook', url: `${receiver.url}/…`, hasSecret: true, enabled: true });
    expect(JSON.stringify(hook)).not.toContain(SECRET);
    const slack = await created<AlertChannel>(
      await sendJson('POST', api('/alerts/channels'), { name: 'slack', kind: 'slack', url: `${receiver.url}/slack/T000/B000/XXXX` }),
    );
    expect(slack.url).toBe(`${receiver.url}/…`);
    const pd = await created<AlertChannel>(await sendJson('POST', api('/alerts/channels'), { name: 'pd', kind: 'pagerduty', secret: 'R0UT1NGKEY' }));
    expect(pd.url).toBe('https://events.pagerduty.com/…');
    // Point it at the local receiver; the routing key stays without being sent again.
    const moved = await sendJson('PATCH', api(`/alerts/channels/${pd.id}`), { url: `${receiver.url}/pd` });
    expect(await moved.json()).toMatchObject({ url: `${receiver.url}/…`, hasSecret: true });
  });

  it('rules-validate-their-condition-and-channels', async () => {
    const badKind = await sendJson('POST', api('/alerts/rules'), { name: 'x', condition: { kind: 'cpu_high' } });
    expect(badKind.status).toBe(400);
    expect((await badKind.json()).message).toContain('condition.kind');
    const badField = await sendJson('POST', api('/alerts/rules'), { name: 'x', condition: { kind: 'error_ratio', thresholdPercent: 150 } });
    expect((await badField.json()).message).toContain('condition.thresholdPercent');
    const badChannel = await sendJson('PATCH', api('/alerts/rules/default-error-rate'), { channelIds: ['nope'] });
    expect(badChannel.status).toBe(400);
    expect((await badChannel.json()).message).toBe('channelIds: no channel with id "nope"');
    const rule = await created<AlertRule>(
      await sendJson('POST', api('/alerts/rules'), {
        name: 'Opus errors',
        severity: 'critical',
        condition: { kind: 'error_ratio', model: 'claude-opus-4-6-20260101' },
      }),
    );
    expect(rule.condition).toEqual({ kind: 'error_ratio', thresholdPercent: 5, windowMinutes: 15, minCalls: 20, service: '', model: 'claude-opus-4-6' });
    expect((await fetch(api(`/alerts/rules/${rule.id}`), { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(api(`/alerts/rules/${rule.id}`))).status).toBe(404);
  });
});

describe('evaluation', () => {
  let budget: Budget;

  it('each-condition-fires-once-to-every-channel', async () => {
    budget = await created<Budget>(await sendJson('POST', api('/budgets'), { name: 'All', scope: { kind: 'all' }, period: 'day', amountUsd: 0.05 }));
    // Just now, yet after the collector started (/metrics counts calls since then), and before
    // the evaluation's own clock reading.
    await new Promise((r) => setTimeout(r, 350));
    const now = Date.now() - 300;
    const calls: TestCall[] = [];
    // Opus 4.6 at $5/MTok input: 20 × $0.005 = $0.10, twice the budget. Each call met a 429 first, and took 130 s.
    for (let i = 0; i < 20; i++)
      calls.push({ model: 'claude-opus-4-6', inputTokens: 1000, durationMs: 130_000, attemptStatuses: [429, 200], at: new Date(now + i) });
    for (let i = 0; i < 5; i++) calls.push({ model: 'claude-haiku-4-5', statusCode: 500, at: new Date(now + 100 + i) });
    calls.push({ model: 'claude-imaginary-9', outputTokens: 10, at: new Date(now + 200) });
    calls.push({ model: 'claude-sonnet-4-5-20250929', outputTokens: 10, at: new Date(now + 201) });
    await postCalls(running.url, calls);

    // $0.10 within a minute is 200% of a $0.05 day: both burn-rate rules hold too.
    expect(await evaluate()).toEqual({ fired: 12, resolved: 0 });
    await receiver.waitFor(36); // 12 alerts × 3 channels
    expect(await evaluate()).toEqual({ fired: 0, resolved: 0 });

    const hooks = receiver.received.filter((r) => r.path === '/hook');
    for (const h of hooks) expect(h.headers['x-burnrate-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(h.body).digest('hex')}`);
    const subjects = hooks.map((h) => JSON.parse(h.body)).map((b) => `${b.ruleId} ${b.subject} ${b.status}`);
    expect(subjects.sort()).toEqual(
      [
        `default-budget-thresholds budget:${budget.id}:threshold:50 firing`,
        `default-budget-thresholds budget:${budget.id}:threshold:80 firing`,
        `default-budget-thresholds budget:${budget.id}:threshold:100 firing`,
        `default-budget-forecast budget:${budget.id}:forecast firing`,
        `default-budget-burn-fast budget:${budget.id}:burn:60m firing`,
        `default-budget-burn-slow budget:${budget.id}:burn:360m firing`,
        'default-rate-limited attempts firing',
        'default-model-throttled model:claude-opus-4-6:429 firing',
        'default-error-rate calls firing',
        'default-latency-p95 model:claude-opus-4-6 firing',
        'default-unpriced-model model:claude-imaginary-9 firing',
        'default-deprecated-model model:claude-sonnet-4-5 firing',
      ].sort(),
    );
    const byRule = Object.fromEntries(bodies('/hook').map((b) => [b.ruleId, b]));
    expect(byRule['default-rate-limited']).toMatchObject({
      value: 20 / 47,
      summary: '42.6% of attempts were rate-limited (429) in the last 15 min (20 of 47); threshold 5%',
    });
    expect(byRule['default-error-rate']).toMatchObject({ value: 5 / 27, summary: '18.5% of calls failed in the last 15 min (5 of 27); threshold 5%' });
    expect(byRule['default-deprecated-model'].summary).toBe(
      'claude-sonnet-4-5 is deprecated: 1 call(s) in the last 60 min; migrate before it is retired; move to claude-sonnet-4-6',
    );
    // 130 s exactly; the alert reads the charts' DDSketch (1% relative accuracy), which says 129.4 s.
    expect(byRule['default-latency-p95'].summary).toBe('p95 latency of claude-opus-4-6 was 129.4 s over the last 15 min (20 calls); threshold 120.0 s');
    expect(bodies('/slack')).toHaveLength(12);
    expect(bodies('/pd').every((b) => b.event_action === 'trigger' && b.routing_key === 'R0UT1NGKEY')).toBe(true);
  });

  it('resolves-once-when-the-condition-ends-or-the-rule-is-disabled', async () => {
    receiver.received.length = 0;
    expect((await sendJson('PATCH', api(`/budgets/${budget.id}`), { amountUsd: 1000 })).status).toBe(200);
    expect((await sendJson('PATCH', api('/alerts/rules/default-latency-p95'), { enabled: false })).status).toBe(200);
    expect(await evaluate()).toEqual({ fired: 0, resolved: 7 });
    await receiver.waitFor(21);
    expect(await evaluate()).toEqual({ fired: 0, resolved: 0 });
    expect(bodies('/hook').every((b) => b.status === 'resolved')).toBe(true);
    // PagerDuty gets a resolve with the trigger's dedup key.
    const resolves = bodies('/pd');
    expect(resolves).toContainEqual({
      routing_key: 'R0UT1NGKEY',
      event_action: 'resolve',
      dedup_key: `burnrate:default-budget-thresholds:budget:${budget.id}:threshold:80`,
    });
    expect(resolves).toContainEqual({ routing_key: 'R0UT1NGKEY', event_action: 'resolve', dedup_key: 'burnrate:default-latency-p95:model:claude-opus-4-6' });
  });

  it('history-and-delivery-log-record-every-transition', async () => {
    const history = await getJson<AlertHistoryResponse>(api('/alerts/history'));
    expect(history.events.filter((e) => e.status === 'firing')).toHaveLength(12);
    expect(history.events.filter((e) => e.status === 'resolved')).toHaveLength(7);
    const deliveries = await getJson<AlertDeliveriesResponse>(api('/alerts/deliveries?limit=1000'));
    expect(deliveries.deliveries).toHaveLength(19 * 3);
    expect(deliveries.deliveries.every((d) => d.outcome === 'sent' && d.httpStatus === 200 && d.attempt === 1)).toBe(true);
  });

  it('metrics-show-usage-counters-and-firing-alerts', async () => {
    const res = await fetch(`${running.url}/metrics`);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = new Map(parsePrometheusTextFormat(await res.text()).map((f) => [f.name, f]));
    const value = (name: string, labels: Record<string, string>) =>
      families.get(name)!.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
    const opus = { service: 'test-app', team: '', model: 'claude-opus-4-6' };
    expect(value('burnrate_calls_total', opus)).toBe('20');
    expect(value('burnrate_spend_usd_total', opus)).toBe('0.1');
    expect(value('burnrate_tokens_total', { ...opus, type: 'input' })).toBe('20000');
    expect(value('burnrate_attempts_total', opus)).toBe('40');
    expect(value('burnrate_rate_limited_attempts_total', opus)).toBe('20');
    expect(value('burnrate_call_errors_total', { model: 'claude-haiku-4-5' })).toBe('5');
    expect(value('burnrate_unpriced_calls_total', { model: 'claude-imaginary-9' })).toBe('1');
    expect(
      families
        .get('burnrate_alerts_firing')!
        .metrics.map((m) => m.labels!.rule_id)
        .sort(),
    ).toEqual(['default-deprecated-model', 'default-error-rate', 'default-model-throttled', 'default-rate-limited', 'default-unpriced-model']);
  });

  it('a-restart-remembers-what-is-firing-and-sends-nothing-again', async () => {
    receiver.received.length = 0;
    await running.close();
    running = await openTestCollector(dataDir, [module()]);
    const { alerts } = await getJson<ActiveAlertsResponse>(api('/alerts/active'));
    expect(alerts.map((a) => a.ruleId).sort()).toEqual([
      'default-deprecated-model',
      'default-error-rate',
      'default-model-throttled',
      'default-rate-limited',
      'default-unpriced-model',
    ]);
    expect(await evaluate()).toEqual({ fired: 0, resolved: 0 });
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received).toHaveLength(0);
  });
});
