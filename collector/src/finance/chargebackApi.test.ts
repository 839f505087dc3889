// The chargeback API against a real collector and the embedded store: calls sent as OTLP spans
// through the real ingest path, every figure compared with the exact cost the price table gives
// each call, summed as integers here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../test/support/collector';
import type { ChargebackResponse } from './contract';
import { FOCUS_COLUMNS } from './focusExport';
import { auditModule } from '../audit/module';
import { financeModule } from './module';
import { expectedNano, postFinanceCalls, type FinanceCall } from '../../../test/support/financeCalls';

const HAIKU = 'claude-haiku-4-5';
const OPUS = 'claude-opus-4-6';
const UNPRICED = 'claude-mystery-9';
const FORMULA_TEAM = '=HYPERLINK("http://evil","x")';

const at = (iso: string) => new Date(iso);
const CALLS: FinanceCall[] = [
  // October: search only.
  { at: at('2026-10-05T10:00:00Z'), model: HAIKU, team: 'search', tenant: 'acme', input: 1000, output: 200 },
  { at: at('2026-10-30T23:59:59Z'), model: OPUS, team: 'search', tenant: 'acme', input: 3000, output: 900, cacheRead: 50_000 },
  // November.
  {
    at: at('2026-11-01T00:00:00Z'),
    model: OPUS,
    team: 'search',
    tenant: 'acme',
    user: 'u1',
    input: 1234,
    output: 567,
    cacheRead: 100_000,
    cacheWrite5m: 20_000,
  },
  { at: at('2026-11-14T12:00:00Z'), model: HAIKU, team: 'search', tenant: 'globex', user: 'u2', input: 777, output: 333, cacheWrite1h: 9_000 },
  { at: at('2026-11-20T08:30:00Z'), model: HAIKU, team: 'ads', project: 'bidder', tenant: 'globex', input: 5, output: 7 },
  { at: at('2026-11-29T18:00:00Z'), model: OPUS, input: 11, output: 13 }, // no team
  { at: at('2026-11-21T09:00:00Z'), model: UNPRICED, team: 'ads', input: 100, output: 100 },
  { at: at('2026-11-22T09:00:00Z'), model: HAIKU, team: FORMULA_TEAM, input: 1, output: 1 },
  // December: outside the month asked for.
  { at: at('2026-12-01T00:00:00Z'), model: OPUS, team: 'search', input: 99_999, output: 99_999 },
];

let running: RunningCollector;
const cost = (call: FinanceCall) => expectedNano(running.collector.prices, call) ?? 0n;
const inMonth = (call: FinanceCall, month: string) => call.at.toISOString().startsWith(month);
const sumOf = (calls: FinanceCall[]) => calls.reduce((s, c) => s + cost(c), 0n);

beforeAll(async () => {
  running = await startCollector({}, [auditModule, financeModule()]);
  await postFinanceCalls(running.url, CALLS);
});
afterAll(async () => running?.stop());

async function chargeback(query: string): Promise<ChargebackResponse> {
  const res = await fetch(`${running.url}/api/v1/chargeback?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ChargebackResponse;
}

/** Exact decimal text ("0.012345678") to nano-dollars. */
function nanoOf(text: string): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole!) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0'));
}

describe('GET /api/v1/chargeback', () => {
  it('splits the month by team, to the nano-dollar, with share, previous month and models', async () => {
    const report = await chargeback('by=team&month=2026-11&months=2');
    const november = CALLS.filter((c) => inMonth(c, '2026-11'));
    expect(report.months).toEqual(['2026-10', '2026-11']);
    expect(report.periodStart).toBe('2026-11-01T00:00:00.000Z');
    expect(report.periodEnd).toBe('2026-12-01T00:00:00.000Z');
    expect(BigInt(report.total.nanoUsd)).toBe(sumOf(november));
    expect(report.calls).toBe(november.length);

    const search = report.rows.find((r) => r.key === 'search')!;
    const searchNov = november.filter((c) => c.team === 'search');
    expect(BigInt(search.cost.nanoUsd)).toBe(sumOf(searchNov));
    expect(BigInt(search.previous.nanoUsd)).toBe(sumOf(CALLS.filter((c) => c.team === 'search' && inMonth(c, '2026-10'))));
    expect(BigInt(search.changeNanoUsd)).toBe(BigInt(search.cost.nanoUsd) - BigInt(search.previous.nanoUsd));
    expect(search.share).toBeCloseTo(Number(sumOf(searchNov)) / Number(sumOf(november)), 8);
    expect(search.tokens).toEqual({ input: 1234 + 777, output: 567 + 333, cacheRead: 100_000, cacheWrite5m: 20_000, cacheWrite1h: 9_000 });
    expect(search.byModel.map((m) => [m.model, BigInt(m.cost.nanoUsd)])).toEqual([
      [OPUS, cost(searchNov[0]!)],
      [HAIKU, cost(searchNov[1]!)],
    ]);
    expect(search.history.map((h) => h.month)).toEqual(['2026-10', '2026-11']);

    // Calls with no team are a row of their own, not dropped.
    expect(report.rows.find((r) => r.key === '')!.calls).toBe(1);
    // Most expensive first; the rows' cents add up to the total's cents.
    const costs = report.rows.map((r) => BigInt(r.cost.nanoUsd));
    expect([...costs].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(costs);
    expect(report.rows.reduce((s, r) => s + r.cost.cents, 0)).toBe(report.total.cents);
  });

  it('shows unpriced calls as unpriced, never as $0 of spend', async () => {
    const report = await chargeback('by=team&month=2026-11');
    expect(report.unpricedCalls).toBe(1);
    expect(report.unpricedModels).toEqual([UNPRICED]);
    const ads = report.rows.find((r) => r.key === 'ads')!;
    expect(ads.unpricedCalls).toBe(1);
    expect(ads.byModel.find((m) => m.model === UNPRICED)).toMatchObject({ unpricedCalls: 1, calls: 1 });
  });

  it('splits by tenant and by user too', async () => {
    const tenants = await chargeback('by=tenant&month=2026-11&months=1');
    const globex = CALLS.filter((c) => c.tenant === 'globex' && inMonth(c, '2026-11'));
    expect(BigInt(tenants.rows.find((r) => r.key === 'globex')!.cost.nanoUsd)).toBe(sumOf(globex));
    expect(tenants.months).toEqual(['2026-11']);
    const users = await chargeback('by=user&month=2026-11');
    expect(users.rows.find((r) => r.key === 'u1')!.calls).toBe(1);
  });

  it('refuses what it cannot serve, naming the parameter', async () => {
    for (const [query, word] of [
      ['by=region', 'by'],
      ['month=2026-13', 'month'],
      ['month=nov', 'month'],
      ['months=99', 'months'],
      ['team=x', 'unknown parameter'],
    ] as const) {
      const res = await fetch(`${running.url}/api/v1/chargeback?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { message: string }).message).toContain(word);
    }
  });
});

describe('CSV and FOCUS exports', () => {
  it('the chargeback CSV has exact amounts and neutralises a formula planted in a team name', async () => {
    const res = await fetch(`${running.url}/api/v1/chargeback.csv?by=team&month=2026-11`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('burnrate-chargeback-team-2026-11.csv');
    const text = await res.text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'month,team,model,cost_usd,cost_cents,share,previous_month_usd,change_usd,calls,unpriced_calls,input_tokens,output_tokens,cache_read_tokens,cache_write_5m_tokens,cache_write_1h_tokens',
    );
    const searchTotal = lines.find((l) => l.startsWith('2026-11,search,(all),'))!.split(',');
    expect(nanoOf(searchTotal[3]!)).toBe(sumOf(CALLS.filter((c) => c.team === 'search' && inMonth(c, '2026-11'))));
    // The planted formula arrives as text: quoted, with the apostrophe that keeps it inert.
    expect(text).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(text).not.toMatch(/(^|\r\n|,)=HYPERLINK/);
  });

  it('each export is recorded in the audit log', async () => {
    await (await fetch(`${running.url}/api/v1/chargeback/focus.csv?month=2026-10`)).text();
    await expect.poll(async () => JSON.stringify(await (await fetch(`${running.url}/api/v1/audit`)).json())).toContain('focus 2026-10');
  });

  it('the FOCUS export has the specification columns, and its BilledCost adds up to the priced spend', async () => {
    const res = await fetch(`${running.url}/api/v1/chargeback/focus.csv?month=2026-11`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-burnrate-unpriced-calls')).toBe('1');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(FOCUS_COLUMNS.join(','));
    for (const column of [
      'BilledCost',
      'EffectiveCost',
      'ListCost',
      'ChargePeriodStart',
      'ChargePeriodEnd',
      'BillingPeriodStart',
      'BillingPeriodEnd',
      'ServiceName',
      'SkuId',
      'Tags',
    ]) {
      expect(FOCUS_COLUMNS).toContain(column);
    }
    const col = (name: string) => FOCUS_COLUMNS.indexOf(name as never);
    // Split on commas outside quotes (Tags is quoted JSON).
    const rows = lines.slice(1).map((l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '')));
    const priced = CALLS.filter((c) => inMonth(c, '2026-11') && c.model !== UNPRICED);
    expect(rows).toHaveLength(priced.length); // one call per day/service/model/attribution here
    expect(rows.reduce((s, r) => s + nanoOf(r[col('BilledCost')]!), 0n)).toBe(sumOf(priced));
    for (const r of rows) {
      expect(r[col('EffectiveCost')]).toBe(r[col('BilledCost')]);
      expect(r[col('BillingPeriodStart')]).toBe('2026-11-01T00:00:00Z');
      expect(r[col('BillingPeriodEnd')]).toBe('2026-12-01T00:00:00Z');
      expect(r[col('ChargePeriodStart')]! >= '2026-11-01' && r[col('ChargePeriodEnd')]! <= '2026-12-01T00:00:00Z').toBe(true);
      expect(r[col('ChargeCategory')]).toBe('Usage');
      expect(r[col('BillingCurrency')]).toBe('USD');
    }
    const searchOpus = rows.find((r) => r[col('SkuId')] === OPUS && r[col('Tags')]!.includes('acme'))!;
    expect(JSON.parse(searchOpus[col('Tags')]!.slice(1, -1).replace(/""/g, '"'))).toEqual({ team: 'search', tenant: 'acme', user: 'u1' });
    expect(searchOpus[col('ChargePeriodStart')]).toBe('2026-11-01T00:00:00Z');
    expect(searchOpus[col('ConsumedQuantity')]).toBe(String(1234 + 567 + 100_000 + 20_000));
  });
});
