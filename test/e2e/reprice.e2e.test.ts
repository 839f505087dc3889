// Done means (issue 12): a re-pricing after a price change corrects a month's totals in the raw
// calls and in the rollups the dashboard reads alike, exactly, once however often it runs.
// A month of stored Opus 4.7 calls (and one call to a model with no price) is written by a
// collector with the default prices; the same store is then opened by a collector with a price
// file (Opus 4.7 at 80% of list, and a price for the unknown model), and the admin API re-prices.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BreakdownResponse, CallDetailResponse, CallsResponse, CostLinesResponse, RepriceReport, SummaryResponse } from '@burnrate/contract';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';
import { syntheticExport } from '../support/syntheticSpans';
import { GenAi } from '../../collector/src/semconv';
import { removeTestDir } from '../support/removeTestDir';

const MONTH = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
// Opus 4.7 list: in 5, 5m write 6.25, 1h write 10, read 0.5, out 25 (USD/MTok); the file: 80% of each.
const FILE_CARD = { input: 4, output: 20, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.4 };
const IMAGINARY_CARD = { input: 5, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5 };

let dir: string;
let running: RunningCollector;

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${running.url}/api/v1${path}`);
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
}

async function reprice(body: object): Promise<RepriceReport> {
  const res = await fetch(`${running.url}/api/v1/admin/reprice`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as RepriceReport;
}

/** The month's cost as the rollups hold it (daily core rollup) and as the raw calls hold it. */
async function monthTotals() {
  const summary = await get<SummaryResponse>(`/summary?from=${MONTH.from}&to=${MONTH.to}`);
  const lines = await get<CostLinesResponse>(`/spend/lines?from=${MONTH.from}&to=${MONTH.to}`);
  const [rollup] = await running.collector.gateway.query<{ cost: string; unpriced: string }>(
    'test-rollup',
    `SELECT toString(sum(cost_nano)) AS cost, toString(sum(unpriced_calls)) AS unpriced FROM ${running.collector.gateway.table('llm_calls_core_daily')}
     WHERE day >= toDateTime('2026-11-01 00:00:00', 'UTC') AND day < toDateTime('2026-12-01 00:00:00', 'UTC')`,
  );
  return {
    summary: summary.costNanoUsd,
    summaryUnpriced: summary.unpricedCalls,
    raw: lines.total.costNanoUsd,
    rawUnpriced: lines.unpricedCalls,
    rollup: rollup!.cost,
    rollupUnpriced: Number(rollup!.unpriced),
  };
}

// Nano-dollars per token at the list prices and at the file's.
const cost = (c: CallsResponse['rows'][number], card: typeof FILE_CARD) =>
  BigInt(c.inputTokens) * BigInt(card.input * 1000) +
  BigInt(c.outputTokens) * BigInt(card.output * 1000) +
  BigInt(c.cacheReadTokens) * BigInt(Math.round(card.cacheRead * 1000));

let before: Awaited<ReturnType<typeof monthTotals>>;
let calls: CallsResponse['rows'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'burnrate-reprice-'));
  const first = await startCollector({}, DEFAULT_MODULES, { keepData: true });
  // 12 calls on 4 days of November: 11 to Opus 4.7, one to a model with no price.
  for (const [d, day] of ['2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24'].entries()) {
    const otlp = syntheticExport(3, d * 3, BigInt(Date.parse(`${day}T12:00:00Z`)) * 1_000_000n, 'reprice-app');
    otlp.resourceSpans[0]!.scopeSpans[0]!.spans.forEach((span, i) => {
      const model = d === 3 && i === 2 ? 'claude-imaginary-9' : 'claude-opus-4-7';
      for (const a of span.attributes) {
        if (a.key === GenAi.responseModel || a.key === GenAi.requestModel) a.value = { stringValue: model };
        // No cache writes, so the hand-computed costs need only input, output and reads.
        if (a.key === GenAi.cacheWriteTokens || a.key === 'anthropic.usage.cache_creation.ephemeral_5m_input_tokens') a.value = { intValue: 0 };
      }
    });
    expect((await postTraces(first.url, JSON.stringify(otlp), { 'content-type': 'application/json' })).status).toBe(200);
  }
  running = first;
  // A 200 means the spans are in the write-ahead log; wait for the store to hold them.
  for (let i = 0; i < 200 && (await get<CallsResponse>(`/calls?from=${MONTH.from}&to=${MONTH.to}&limit=100`)).rows.length < 12; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await first.collector.close();

  const priceFile = join(dir, 'prices.json');
  writeFileSync(
    priceFile,
    JSON.stringify({
      prices: [
        { model: 'claude-opus-4-7', from: '2026-01-01', usdPerMTok: FILE_CARD },
        { model: 'claude-imaginary-9', from: '2026-01-01', usdPerMTok: IMAGINARY_CARD },
      ],
    }),
  );
  running = await startCollector({ BURNRATE_PRICING_FILE: priceFile }, DEFAULT_MODULES, { dataDir: first.dataDir });
  calls = (await get<CallsResponse>(`/calls?from=${MONTH.from}&to=${MONTH.to}&limit=100`)).rows;
  before = await monthTotals();
}, 120_000);

afterAll(async () => {
  await running?.stop();
  if (running) removeTestDir(running.dataDir);
  if (dir) removeTestDir(dir);
});

it('re-prices the month: calls, raw totals and rollups move together, exactly', async () => {
  const opus = calls.filter((c) => c.model === 'claude-opus-4-7');
  const imaginary = calls.find((c) => c.model === 'claude-imaginary-9')!;
  const listTotal = opus.reduce((sum, c) => sum + cost(c, IMAGINARY_CARD), 0n); // list = the imaginary card
  const fileTotal = opus.reduce((sum, c) => sum + cost(c, FILE_CARD), 0n);
  // Before: list prices, one unpriced call; rollups and raw agree.
  expect(before).toEqual({
    summary: String(listTotal),
    summaryUnpriced: 1,
    raw: String(listTotal),
    rawUnpriced: 1,
    rollup: String(listTotal),
    rollupUnpriced: 1,
  });

  const report = await reprice({ from: MONTH.from, to: MONTH.to });
  expect(report).toMatchObject({ scannedCalls: 12, changedCalls: 12, dryRun: false, model: null });
  // Reported per day and model: the 24th has both models.
  expect(report.changes.map((c) => `${c.day} ${c.model} ${c.calls}`)).toEqual([
    '2026-11-03 claude-opus-4-7 3',
    '2026-11-10 claude-opus-4-7 3',
    '2026-11-17 claude-opus-4-7 3',
    '2026-11-24 claude-imaginary-9 1',
    '2026-11-24 claude-opus-4-7 2',
  ]);
  expect(report.changes.find((c) => c.model === 'claude-imaginary-9')).toMatchObject({
    beforeNanoUsd: '0',
    afterNanoUsd: String(cost(imaginary, IMAGINARY_CARD)),
    unpricedBefore: 1,
    unpricedAfter: 0,
  });

  const expected = String(fileTotal + cost(imaginary, IMAGINARY_CARD));
  expect(await monthTotals()).toEqual({ summary: expected, summaryUnpriced: 0, raw: expected, rawUnpriced: 0, rollup: expected, rollupUnpriced: 0 });
  const byModel = await get<BreakdownResponse>(`/breakdown?by=model&from=${MONTH.from}&to=${MONTH.to}`);
  expect(Object.fromEntries(byModel.rows.map((r) => [r.key, r.costNanoUsd]))).toEqual({
    'claude-opus-4-7': String(fileTotal),
    'claude-imaginary-9': String(cost(imaginary, IMAGINARY_CARD)),
  });

  // A re-priced call says which row priced it.
  const detail = await get<CallDetailResponse>(`/calls/${opus[0]!.traceId}/${opus[0]!.spanId}`);
  expect(detail.call).toMatchObject({ priceSource: 'file', priceFrom: '2026-01-01', costNanoUsd: String(cost(opus[0]!, FILE_CARD)) });
});

it('a second run changes nothing', async () => {
  const totals = await monthTotals();
  const again = await reprice({ from: MONTH.from, to: MONTH.to });
  expect(again).toMatchObject({ scannedCalls: 12, changedCalls: 0, changes: [] });
  expect(await monthTotals()).toEqual(totals);
});

it("refuses a request that is not an admin's shape", async () => {
  const res = await fetch(`${running.url}/api/v1/admin/reprice`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: 'yesterday', to: MONTH.to }),
  });
  expect(res.status).toBe(400);
});
