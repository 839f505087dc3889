// A scripted spending day on a real collector (embedded store, real ingest, real local
// receivers in webhook, Slack and PagerDuty formats): a runaway feature burns a monthly budget;
// the fast burn pages once and the slow burn tickets once, each resolves once when it is over,
// and every message names the driver and the numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRuleListResponse, Budget } from '@burnrate/contract';
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
import { burning, BURN_WINDOWS } from './burnRate';
import { budgetsAlertsModule } from './module';
import { startReceiver, type Receiver } from '../../../test/support/alertReceiver';

const DAY = Date.UTC(2026, 11, 1);
const at = (hh: number, mm: number) => DAY + (hh * 60 + mm) * 60_000;
let clock = at(9, 0);

let dataDir: string;
let running: TestCollector;
let receiver: Receiver;
beforeAll(async () => {
  dataDir = newDataDir();
  receiver = await startReceiver();
  const module = budgetsAlertsModule({
    intervalMs: 3_600_000,
    leaseSettleMs: 0,
    publicUrl: 'https://burnrate.example.com/',
    now: () => new Date(clock),
    delivery: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50, timeoutMs: 2000 },
  });
  running = await openTestCollector(dataDir, [module]);
});
afterAll(async () => {
  await running?.close();
  await receiver?.close();
  removeDataDir(dataDir);
});

const api = (path: string) => `${running.url}/api/v1${path}`;
async function evaluateAt(hh: number, mm: number) {
  clock = at(hh, mm);
  return (await (await sendJson('POST', api('/alerts/evaluate'), {})).json()) as { fired: number; resolved: number };
}

describe('burn rate: exact comparisons', () => {
  it('2-percent-of-the-amount-in-the-long-window-and-its-share-in-the-short-one', () => {
    const month = BURN_WINDOWS.month.fast;
    const amount = 100n * 1_000_000_000n;
    // $2.00 of $100 in 1 h is exactly 2%; $0.1667 in 5 min is 2% × 5/60.
    expect(burning(amount, month, 2_000_000_000n, 166_666_667n)).toBe(true);
    expect(burning(amount, month, 1_999_999_999n, 2_000_000_000n)).toBe(false);
    // A burn that stopped: big in the hour, nothing in the last 5 minutes.
    expect(burning(amount, month, 5_000_000_000n, 166_666_666n)).toBe(false);
    expect(burning(0n, month, 5n, 5n)).toBe(false);
  });
});

describe('a scripted spending day', () => {
  let budget: Budget;

  it('the-runaway-feature-pages-once-then-tickets-once', async () => {
    // Only the burn-rate rules: the other defaults have tests of their own.
    const { rules } = await getJson<AlertRuleListResponse>(api('/alerts/rules'));
    for (const r of rules.filter((r) => r.condition.kind !== 'budget_burn_rate')) await sendJson('PATCH', api(`/alerts/rules/${r.id}`), { enabled: false });
    expect(rules.filter((r) => r.condition.kind === 'budget_burn_rate').map((r) => [r.id, r.severity, r.condition])).toEqual([
      ['default-budget-burn-fast', 'critical', { kind: 'budget_burn_rate', budgetIds: [], pace: 'fast' }],
      ['default-budget-burn-slow', 'warning', { kind: 'budget_burn_rate', budgetIds: [], pace: 'slow' }],
    ]);
    await sendJson('POST', api('/alerts/channels'), { name: 'hook', kind: 'webhook', url: `${receiver.url}/hook`, secret: 'burn-rate-test-secret-0123' });
    await sendJson('POST', api('/alerts/channels'), { name: 'slack', kind: 'slack', url: `${receiver.url}/slack/T0/B0/X` });
    const pd = (await (await sendJson('POST', api('/alerts/channels'), { name: 'pd', kind: 'pagerduty', secret: 'ROUTINGKEY1' })).json()) as { id: string };
    await sendJson('PATCH', api(`/alerts/channels/${pd.id}`), { url: `${receiver.url}/pd` });
    budget = (await (
      await sendJson('POST', api('/budgets'), { name: 'Search', scope: { kind: 'team', value: 'search' }, period: 'month', amountUsd: 100 })
    ).json()) as Budget;

    // A quiet morning (Haiku, a few cents), then from 10:00 to 11:29 one Opus call a minute at
    // $0.10 (20k input tokens at $5/MTok) from the summaries feature.
    const calls: TestCall[] = [];
    for (let m = 0; m < 60; m += 10)
      calls.push({ model: 'claude-haiku-4-5', inputTokens: 10_000, team: 'search', feature: 'chat', service: 'search-api', at: new Date(at(9, m)) });
    for (let m = 0; m < 90; m++)
      calls.push({ model: 'claude-opus-4-6', inputTokens: 20_000, team: 'search', feature: 'summaries', service: 'search-api', at: new Date(at(10, m)) });
    // Another team's spend is outside the budget.
    for (let m = 0; m < 90; m++) calls.push({ model: 'claude-opus-4-6', inputTokens: 40_000, team: 'ads', at: new Date(at(10, m)) });
    await postCalls(running.url, calls);

    expect(await evaluateAt(9, 55)).toEqual({ fired: 0, resolved: 0 });
    expect(await evaluateAt(10, 10)).toEqual({ fired: 0, resolved: 0 }); // $1.10 in the hour: 1.1%
    expect(await evaluateAt(10, 30)).toEqual({ fired: 1, resolved: 0 }); // $3.00 + the morning: fast
    expect(await evaluateAt(10, 45)).toEqual({ fired: 0, resolved: 0 });
    expect(await evaluateAt(11, 0)).toEqual({ fired: 1, resolved: 0 }); // $6.00 in 6 h: slow
    expect(await evaluateAt(11, 40)).toEqual({ fired: 0, resolved: 1 }); // nothing in the last 5 min: fast ends
    expect(await evaluateAt(11, 50)).toEqual({ fired: 0, resolved: 0 }); // still some in the last 30 min
    expect(await evaluateAt(12, 5)).toEqual({ fired: 0, resolved: 1 }); // slow ends
    expect(await evaluateAt(12, 30)).toEqual({ fired: 0, resolved: 0 });
    await receiver.waitFor(12);
  });

  it('messages-name-the-driver-and-the-numbers', async () => {
    const of = (path: string) => receiver.received.filter((r) => r.path.startsWith(path)).map((r) => JSON.parse(r.body));
    const hooks = of('/hook');
    expect(hooks.map((h) => `${h.ruleId} ${h.status}`)).toEqual([
      'default-budget-burn-fast firing',
      'default-budget-burn-slow firing',
      'default-budget-burn-fast resolved',
      'default-budget-burn-slow resolved',
    ]);
    const fast = hooks[0];
    expect(fast.subject).toBe(`budget:${budget.id}:burn:60m`);
    expect(fast.summary).toBe(
      'Budget "Search" (team search, per month) is burning fast: $3.03 in the last 1 h (3% of $100.00; alert at 2%), $0.5 in the last 5 min; ' +
        'at $3.03/h the whole budget lasts 33.0 h. Driver: team search · claude-opus-4-6 · service search-api · feature summaries ($3.00)',
    );
    expect(fast.labels).toMatchObject({
      window: '60m/5m',
      burn_percent: '2',
      driver_model: 'claude-opus-4-6',
      driver_feature: 'summaries',
      driver_team: 'search',
    });
    // The link opens the spend of the budget's scope over the burn's long window.
    expect(fast.link).toBe(
      `https://burnrate.example.com/#/spend?from=${new Date(at(9, 30)).toISOString().replace(/:/g, '%3A')}&to=${new Date(at(10, 45)).toISOString().replace(/:/g, '%3A')}&team=search`,
    );
    expect(hooks[1].summary).toContain('is burning steadily: $6.06 in the last 6 h (6.1% of $100.00; alert at 5%)');

    const slack = of('/slack').map((b) => b.text as string);
    expect(slack[0]).toContain('[FIRING · critical]* Budget burning fast');
    expect(slack[0]).toContain('Driver: team search · claude-opus-4-6 · service search-api · feature summaries ($3.00)');
    expect(slack[0]).toContain(
      '*Budget:* Search · *Driver team:* search · *Driver model:* claude-opus-4-6 · *Driver service:* search-api · *Driver feature:* summaries · *Window:* 60m/5m',
    );
    expect(slack[0]).toContain(`\n<${fast.link}|Open in burnrate>`);
    const pages = of('/pd').filter((b) => b.event_action === 'trigger');
    expect(pages[0].links).toEqual([{ href: fast.link, text: 'Open the cause in burnrate' }]);
    expect(pages.map((p) => [p.payload.severity, p.payload.custom_details.driver_model])).toEqual([
      ['critical', 'claude-opus-4-6'],
      ['warning', 'claude-opus-4-6'],
    ]);
    expect(of('/pd').filter((b) => b.event_action === 'resolve')).toHaveLength(2);
  });
});
