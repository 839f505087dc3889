// The finance screens (Chargeback, Savings) against a real collector: calls with teams, tenants and an unpriced
// model sent through the real ingest path; every figure on screen is the API's, formatted by the
// dashboard's own functions; the exports the links point at are the real ones.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type {
  CacheRoiResponse,
  ChargebackResponse,
  DigestContent,
  DigestListResponse,
  RunDetailResponse,
  RunsResponse,
  WhatIfResponse,
} from '../../collector/src/finance/contract';
import { FOCUS_COLUMNS } from '../../collector/src/finance/focusExport';
import { postFinanceCalls, type FinanceCall } from '../support/financeCalls';
import { formatPercent, formatUsd } from '../../dashboard/src/format';
import { changeText, formatCents } from '../../dashboard/src/screens/finance/chargebackView';
import { deltaText } from '../../dashboard/src/screens/finance/whatIfView';
import { startReceiver, type Receiver } from '../support/alertReceiver';
import { startHarness, type Harness } from './support/dashboardHarness';

let h: Harness;
let receiver: Receiver;
const now = new Date();
const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10));
const month = thisMonth.toISOString().slice(0, 7);
// Calls this month are stamped in its first minute, so they are in the past whenever this runs.
const early = (seconds: number) => new Date(thisMonth.getTime() + seconds * 1000);

const AGENT_RUN = 'c'.repeat(32);
const CALLS: FinanceCall[] = [
  { at: lastMonth, model: 'claude-sonnet-4-6', team: 'search', tenant: 'acme', input: 40_000, output: 4_000 },
  { at: early(1), model: 'claude-opus-4-6', team: 'search', tenant: 'acme', input: 12_345, output: 2_345, cacheRead: 80_000, cacheWrite5m: 9_000 },
  { at: early(2), model: 'claude-haiku-4-5', team: 'search', tenant: 'globex', input: 5_000, output: 700, cacheWrite1h: 3_000 },
  { at: early(3), model: 'claude-sonnet-4-6', team: 'ads', tenant: 'globex', input: 3_333, output: 333 },
  { at: early(4), model: 'claude-haiku-4-5', team: 'support', input: 777, output: 77 },
  { at: early(5), model: 'claude-mystery-9', team: 'ads', input: 10, output: 10 },
  // An agent run of two steps sharing a trace.
  { at: early(6), model: 'claude-haiku-4-5', team: 'search', tenant: 'acme', traceId: AGENT_RUN, input: 20_000, output: 2_000 },
  { at: early(8), model: 'claude-haiku-4-5', team: 'search', tenant: 'acme', traceId: AGENT_RUN, input: 30_000, output: 1_000 },
];

beforeAll(async () => {
  receiver = await startReceiver();
  // The digest receiver is on this machine: allow the collector to send to loopback.
  h = await startHarness({ BURNRATE_OUTBOUND_ALLOW: '127.0.0.1' });
  await postFinanceCalls(h.collector.url, CALLS);
}, 120_000);
afterAll(async () => {
  await h?.stop();
  await receiver?.close();
});

async function expectRowsMatch(report: ChargebackResponse) {
  const rows = h.page.locator('[data-testid="chargeback-row"]');
  await expect.poll(() => rows.count()).toBe(report.rows.length);
  for (const [i, r] of report.rows.entries()) {
    const row = rows.nth(i);
    expect(await row.getAttribute('data-key')).toBe(r.key);
    expect(await row.locator('[data-testid="chargeback-cost"]').innerText()).toBe(formatUsd(r.cost.usd));
    expect(await row.locator('[data-testid="chargeback-cents"]').innerText()).toBe(formatCents(r.cost.cents));
    expect(await row.locator('[data-testid="chargeback-share"]').innerText()).toBe(formatPercent(r.share));
    expect(await row.locator('[data-testid="chargeback-change"]').innerText()).toBe(changeText(r));
  }
}

it('shows the month split by team with the API figures, reached by its key', async () => {
  await h.open('#/overview');
  await h.page.locator('body').press('7');
  await expect.poll(() => h.page.evaluate(() => window.location.hash)).toBe('#/chargeback');
  const report = await h.api<ChargebackResponse>(`/api/v1/chargeback?by=team&month=${month}&months=3`);
  expect(report.rows.map((r) => r.key)).toEqual(['search', 'ads', 'support']);
  await expectRowsMatch(report);
  expect(await h.page.locator('[data-testid="chargeback-total"]').innerText()).toBe(formatUsd(report.total.usd));
  expect(await h.page.locator('[data-testid="chargeback-total-cents"]').innerText()).toBe(formatCents(report.total.cents));
  expect(await h.page.locator('[data-testid="chargeback-previous"]').innerText()).toBe(formatUsd(report.previousTotal.usd));
  // The unpriced call is said loudly, not counted as $0.
  expect(await h.page.locator('[data-testid="chargeback-unpriced"]').innerText()).toContain('claude-mystery-9');
  expect(await h.page.locator('[data-testid="chargeback-unpriced-calls"]').innerText()).toBe('1');
  // Budgets-like screens keep their own period: no range picker, no filters.
  expect(await h.page.locator('[aria-label="Time range"], [aria-label="Filters"]').count()).toBe(0);

  // A team opens to its models.
  await h.page.locator('[data-testid="chargeback-row"][data-key="search"] button').click();
  const models = h.page.locator('[data-testid="chargeback-model"]');
  await expect.poll(() => models.count()).toBe(2);
  const search = report.rows[0]!;
  for (const [i, m] of search.byModel.entries()) {
    expect(await models.nth(i).getAttribute('data-model')).toBe(m.model);
    expect(await models.nth(i).locator('[data-testid="chargeback-model-cost"]').innerText()).toBe(formatUsd(m.cost.usd));
  }
  await h.page.locator('[data-testid="chart-chargeback-months"] .recharts-bar-rectangle').first().waitFor();
  await h.screenshot('chargeback');
});

it('splits by tenant, and its export links serve the real CSV and FOCUS files', async () => {
  await h.open('#/chargeback');
  await h.page.locator('[data-testid="chargeback-by"]').selectOption('tenant');
  const report = await h.api<ChargebackResponse>(`/api/v1/chargeback?by=tenant&month=${month}&months=3`);
  expect(report.rows.map((r) => r.key)).toEqual(['acme', 'globex', '']);
  await expectRowsMatch(report);

  const download = async (testId: string) => {
    const href = await h.page.locator(`[data-testid="${testId}"]`).getAttribute('href');
    return h.page.evaluate(async (url) => (await fetch(url!)).text(), href);
  };
  const csv = await download('chargeback-csv');
  expect(csv.split('\r\n')[0]).toContain('month,tenant,model,cost_usd,cost_cents');
  const focus = await download('chargeback-focus');
  expect(focus.split('\r\n')[0]).toBe(FOCUS_COLUMNS.join(','));
  expect(focus.trimEnd().split('\r\n')).toHaveLength(1 + 5); // one row per day, service, model and attribution
});

it('a month without calls shows how to send some', async () => {
  await h.open('#/chargeback');
  await h.page.locator('[data-testid="chargeback-month"]').fill('2020-01');
  await h.page.locator('[data-testid="empty-state"]').waitFor();
  expect(await h.page.locator('[data-testid="chargeback-row"]').count()).toBe(0);
});

it('the Savings screen shows what caching saved per team, losers flagged, as the API gives it', async () => {
  const range = `from=${thisMonth.toISOString()}&to=${new Date(thisMonth.getTime() + 3_600_000).toISOString()}`;
  await h.open(`#/savings?${range}`);
  await h.page.locator('[data-testid="cache-roi-by"]').selectOption('team');
  const data = await h.api<CacheRoiResponse>(`/api/v1/finance/cache-roi?by=team&${range}`);
  // search: Opus reads pay for its 5m writes; the Haiku 1h write is never read, but the team nets positive.
  expect(data.rows.map((r) => r.key)).toEqual(['search']);
  // The screen opens by feature (these calls have none: one row keyed ''); wait for the team rows.
  await h.page.locator('[data-testid="cache-roi-row"][data-key="search"]').waitFor();
  const rows = h.page.locator('[data-testid="cache-roi-row"]');
  await expect.poll(() => rows.count()).toBe(data.rows.length);
  for (const [i, r] of data.rows.entries()) {
    const row = rows.nth(i);
    expect(await row.getAttribute('data-key')).toBe(r.key);
    expect(await row.getAttribute('data-losing')).toBe(String(r.losing));
    expect(await row.locator('[data-testid="cache-roi-net"]').innerText()).toBe(formatUsd(r.netUsd));
    expect(await row.locator('[data-testid="cache-roi-if-5m"]').innerText()).toBe(formatUsd(r.netIfAll5mUsd));
    expect(await row.locator('[data-testid="cache-roi-if-1h"]').innerText()).toBe(formatUsd(r.netIfAll1hUsd));
  }
  expect(await h.page.locator('[data-testid="cache-roi-total-net"]').innerText()).toBe(formatUsd(data.total.netUsd));

  // By model: the Haiku 1-hour write nobody read costs more than it saves, and is flagged first.
  await h.page.locator('[data-testid="cache-roi-by"]').selectOption('model');
  const byModel = await h.api<CacheRoiResponse>(`/api/v1/finance/cache-roi?by=model&${range}`);
  expect(byModel.rows[0]).toMatchObject({ key: 'claude-haiku-4-5', losing: true });
  await expect.poll(() => h.page.locator('[data-testid="cache-roi-row"]').first().getAttribute('data-losing')).toBe('true');
  expect(await h.page.locator('[data-testid="cache-roi-losing"]').innerText()).toBe('1');
  await h.screenshot('caching');
});

it('the what-if panel prices the same calls on another model, side by side, as the API does', async () => {
  const range = `from=${thisMonth.toISOString()}&to=${new Date(thisMonth.getTime() + 3_600_000).toISOString()}`;
  await h.open(`#/savings?${range}`);
  const panel = h.page.locator('[data-testid="what-if"]');
  await panel.locator('input[name="model"]').fill('claude-haiku-4-5');
  await panel.locator('button[type="submit"]').click();
  const data = await h.api<WhatIfResponse>(`/api/v1/finance/what-if?${range}&scenario=model:claude-haiku-4-5&scenario=batch&scenario=ttl:5m&scenario=ttl:1h`);
  const rows = panel.locator('[data-testid="what-if-row"]');
  await expect.poll(() => rows.count()).toBe(4);
  expect(await panel.locator('[data-testid="what-if-baseline"] [data-testid="what-if-cost"]').innerText()).toBe(formatUsd(data.baselineUsd));
  for (const [i, s] of data.scenarios.entries()) {
    expect(await rows.nth(i).getAttribute('data-scenario')).toBe(s.scenario);
    expect(await rows.nth(i).locator('[data-testid="what-if-cost"]').innerText()).toBe(formatUsd(s.costUsd));
    expect(await rows.nth(i).locator('[data-testid="what-if-delta"]').innerText()).toBe(deltaText(s.deltaUsd));
    expect(await rows.nth(i).locator('[data-testid="what-if-month"]').innerText()).toBe(deltaText(s.deltaPerMonthUsd));
  }
  // Moving Opus and Sonnet traffic to Haiku is cheaper.
  expect(data.scenarios[0]!.deltaUsd).toBeLessThan(0);
  await h.screenshot('savings-what-if');
});

it('the what-if panel takes a price file and prices the same calls under it, as the API does; a bad file is refused by name', async () => {
  const range = `from=${thisMonth.toISOString()}&to=${new Date(thisMonth.getTime() + 3_600_000).toISOString()}`;
  await h.open(`#/savings?${range}`);
  const panel = h.page.locator('[data-testid="what-if"]');
  await panel.locator('[data-testid="what-if-row"]').first().waitFor();
  // A negotiated Opus price, and a price for the model the defaults do not know.
  const file = {
    prices: [
      { model: 'claude-opus-4-6', from: '2026-01-01', usdPerMTok: { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 } },
      { model: 'claude-mystery-9', from: '2026-01-01', usdPerMTok: { input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 } },
    ],
  };
  await panel
    .locator('[data-testid="what-if-file"]')
    .setInputFiles({ name: 'negotiated.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  const row = panel.locator('[data-testid="what-if-row"][data-scenario="file"]');
  await row.waitFor();
  const res = await fetch(`${h.collector.url}/api/v1/finance/what-if?${range}&scenario=batch&scenario=ttl:5m&scenario=ttl:1h`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(file),
  });
  const data = (await res.json()) as WhatIfResponse;
  const uploaded = data.scenarios.find((s) => s.scenario === 'file')!;
  expect(uploaded.label).toBe('With the uploaded price file (2 rows)');
  expect(uploaded.unpricedCalls).toBe(0); // the mystery model is priced by the file
  expect(await row.locator('th').innerText()).toBe(uploaded.label);
  expect(await row.locator('[data-testid="what-if-cost"]').innerText()).toBe(formatUsd(uploaded.costUsd));
  expect(await row.locator('[data-testid="what-if-delta"]').innerText()).toBe(deltaText(uploaded.deltaUsd));
  expect(uploaded.deltaUsd).toBeLessThan(0);
  expect(await panel.locator('[data-testid="what-if-file-name"]').innerText()).toContain('negotiated.json');
  await h.screenshot('savings-what-if-price-file');

  const bad = { prices: [{ ...file.prices[0], usdPerMTok: { ...file.prices[0]!.usdPerMTok, output: 'lots' } }] };
  await panel
    .locator('[data-testid="what-if-file"]')
    .setInputFiles({ name: 'typo.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const error = panel.locator('[data-testid="error-state"]');
  await error.waitFor();
  expect(await error.innerText()).toContain('the uploaded price file: prices[0].usdPerMTok.output');
  await panel.locator('[data-testid="what-if-file-name"] button').click();
  await expect.poll(() => panel.locator('[data-testid="what-if-row"][data-scenario="file"]').count()).toBe(0);
  await panel.locator('[data-testid="what-if-row"]').first().waitFor();
});

it('the runs panel lists the most expensive runs, and a run opens to its calls', async () => {
  const range = `from=${thisMonth.toISOString()}&to=${new Date(thisMonth.getTime() + 3_600_000).toISOString()}`;
  await h.open(`#/savings?${range}`);
  const runs = await h.api<RunsResponse>(`/api/v1/finance/runs?${range}&limit=20`);
  const rows = h.page.locator('[data-testid="run-row"]');
  await expect.poll(() => rows.count()).toBe(runs.rows.length);
  for (const [i, r] of runs.rows.entries()) {
    expect(await rows.nth(i).getAttribute('data-run-id')).toBe(r.id);
    const shown = await rows.nth(i).locator('[data-testid="run-cost"]').innerText();
    if (r.unpricedCalls === r.calls)
      expect(shown).toBe('unpriced'); // the mystery model's call: never $0
    else expect(shown).toContain(formatUsd(r.costUsd));
  }
  expect(runs.rows.find((r) => r.id === AGENT_RUN)!.calls).toBe(2);
  expect(runs.rows.some((r) => r.unpricedCalls === r.calls)).toBe(true);
  await h.page.locator(`[data-testid="run-row"][data-run-id="${AGENT_RUN}"] button`).click();
  const detail = await h.api<RunDetailResponse>(`/api/v1/finance/runs/${AGENT_RUN}?${range}`);
  const calls = h.page.locator('[data-testid="run-call"]');
  await expect.poll(() => calls.count()).toBe(2);
  for (const [i, c] of detail.calls.entries()) {
    expect(await calls.nth(i).getAttribute('data-span-id')).toBe(c.spanId);
    expect(await calls.nth(i).locator('[data-testid="run-call-cost"]').innerText()).toBe(formatUsd(c.costUsd));
  }
  await h.screenshot('savings-runs');
});

it('runs group by session: a conversation across requests, its calls on one timeline, the calls with no session counted', async () => {
  // Last month, so that this month's figures the other cases check stay as they are.
  const at = (minutes: number) => new Date(lastMonth.getTime() + 3_600_000 + minutes * 60_000);
  const [turn1, turn2, other] = ['1', '2', '3'].map((d) => d.repeat(32));
  await postFinanceCalls(h.collector.url, [
    { at: at(0), model: 'claude-sonnet-4-6', team: 'support', traceId: turn1, session: 'conversation-a', input: 9_000, output: 900 },
    { at: at(2), model: 'claude-sonnet-4-6', team: 'support', traceId: turn2, session: 'conversation-a', input: 12_000, output: 1_500, cacheRead: 9_000 },
    { at: at(3), model: 'claude-haiku-4-5', team: 'support', traceId: turn2, session: 'conversation-a', input: 800, output: 80 },
    { at: at(5), model: 'claude-haiku-4-5', team: 'support', traceId: other, session: 'conversation-b', input: 600, output: 60 },
  ]);
  const day = new Date(Date.UTC(lastMonth.getUTCFullYear(), lastMonth.getUTCMonth(), lastMonth.getUTCDate()));
  const range = `from=${day.toISOString()}&to=${new Date(day.getTime() + 86_400_000).toISOString()}`;
  await h.open(`#/savings?${range}`);
  const panel = h.page.locator('[data-testid="runs"]');
  await expect.poll(() => panel.locator('[data-testid="runs-table"]').getAttribute('data-by')).toBe('trace');
  await panel.locator('[data-testid="runs-by"] button', { hasText: 'By session' }).click();
  await expect.poll(() => panel.locator('[data-testid="runs-table"]').getAttribute('data-by')).toBe('session');

  const runs = await h.api<RunsResponse>(`/api/v1/finance/runs?${range}&by=session&limit=20`);
  expect(runs.rows.map((r) => [r.id, r.calls, r.traces])).toEqual([
    ['conversation-a', 3, 2],
    ['conversation-b', 1, 1],
  ]);
  const rows = panel.locator('[data-testid="run-row"]');
  await expect.poll(() => rows.count()).toBe(runs.rows.length);
  for (const [i, r] of runs.rows.entries()) {
    expect(await rows.nth(i).getAttribute('data-run-id')).toBe(r.id);
    expect(await rows.nth(i).locator('th').innerText()).toBe(r.id);
    expect(await rows.nth(i).locator('[data-testid="run-traces"]').innerText()).toBe(String(r.traces));
    expect(await rows.nth(i).locator('[data-testid="run-cost"]').innerText()).toBe(formatUsd(r.costUsd));
  }
  // Last month's first call names no session: counted under the table, not lost.
  expect(runs.outside!.calls).toBe(1);
  expect(await panel.locator('[data-testid="runs-outside"]').innerText()).toBe(
    `No session id on 1 call (${formatUsd(runs.outside!.costUsd)}): they are in no session here.`,
  );

  await rows.nth(0).locator('button').click();
  const detail = await h.api<RunDetailResponse>(`/api/v1/finance/runs/conversation-a?${range}&by=session`);
  expect(detail.calls.map((c) => c.traceId)).toEqual([turn1, turn2, turn2]);
  const calls = panel.locator('[data-testid="run-call"]');
  await expect.poll(() => calls.count()).toBe(3);
  for (const [i, c] of detail.calls.entries()) {
    expect(await calls.nth(i).getAttribute('data-span-id')).toBe(c.spanId);
    expect(await calls.nth(i).locator('[data-testid="run-call-cost"]').innerText()).toBe(formatUsd(c.costUsd));
  }
  await h.screenshot('savings-runs-by-session');
});

it('a digest is set up on the Chargeback screen, previewed as the API says, and sent now to a real receiver', async () => {
  const channel = await fetch(`${h.collector.url}/api/v1/alerts/channels`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'finance hook', kind: 'webhook', url: `${receiver.url}/digest`, secret: 'a-digest-signing-secret' }),
  });
  expect(channel.status).toBe(201);
  await h.open('#/chargeback');
  const panel = h.page.locator('[data-testid="digests"]');
  const preview = await h.api<DigestContent>('/api/v1/finance/digests/preview?schedule=daily');
  // The forecast line moves with the clock (the share of today left); every other line is fixed.
  const steady = (text: string) => text.split('\n').filter((line) => !line.startsWith('Month-end forecast'));
  await expect.poll(async () => steady(await panel.locator('[data-testid="digest-preview"]').innerText())).toEqual(steady(preview.text));
  expect(steady(preview.text)[1]).toContain(`Spend: $`);

  await panel.locator('[data-testid="digests-empty"]').waitFor();
  const form = panel.locator('[data-testid="digest-form"]');
  await form.locator('input[name="name"]').fill('Finance weekly');
  await form.locator('select[name="schedule"]').selectOption('weekly');
  await form.locator('select[name="weekday"]').selectOption('1');
  await form.locator('input[name="hour"]').fill('7');
  await form.locator('button[type="submit"]').click();
  const row = panel.locator('[data-testid="digest-row"]');
  await row.waitFor();
  expect(await row.innerText()).toContain('every Monday at 07:00 UTC');
  const [saved] = (await h.api<DigestListResponse>('/api/v1/finance/digests')).digests;
  expect(saved).toMatchObject({ name: 'Finance weekly', schedule: 'weekly', weekday: 1, hourUtc: 7 });

  await row.locator('button', { hasText: 'Send now' }).click();
  const [got] = await receiver.waitFor(1);
  const body = JSON.parse(got!.body) as DigestContent & { kind: string };
  expect(body).toMatchObject({ kind: 'digest', schedule: 'weekly' });
  await panel.locator('[data-testid="digest-sent"]').waitFor();
  await h.screenshot('chargeback-digests');
});
