// Done means (issue 12): a real @anthropic-ai/sdk client with a scripted API → sdk-hook → OTLP →
// a running collector with a price file → the query API shows every charge on the bill, exact to
// the nano-dollar, each as its own line, and which price row priced each call.
// Calls run "now" (after every default price row), which is what makes the price-file case bite:
// its Opus 4.7 row starts 2026-01-01, before the default Opus 4.7 row of 2026-04-16.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallDetailResponse, CallsResponse, CostLinesResponse, PricesResponse, RetirementNoticeResponse, SummaryResponse } from '@burnrate/contract';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { instrument, type Burnrate } from '../../sdk-hook/src/index';
import { MESSAGE, message, Script, sse, streamEvents, USAGE } from '../support/sdkHook/scriptedFetch';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';
import { syntheticExport } from '../support/syntheticSpans';
import { GenAi } from '../../collector/src/semconv';
import { removeTestDir } from '../support/removeTestDir';

const NO_CACHE = { cache_read_input_tokens: 0, cache_creation_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } };
const usage = (input: number, output: number, extra: Record<string, unknown> = {}) => ({
  ...USAGE,
  ...NO_CACHE,
  input_tokens: input,
  output_tokens: output,
  ...extra,
});
const reply = (id: string, model: string, u: ReturnType<typeof usage>) => ({ ...MESSAGE, id, model, usage: u });

// Costs by hand (USD/MTok × 1000 = n$/token; collector/src/pricing/defaultPrices.ts):
// 1. Opus 5.5 fast: (1000·4000 + 500·20,000) = 14,000,000, ×2 fast                   = 28,000,000
const OPUS_FAST = reply('msg_fast', 'claude-opus-5-5', usage(1000, 500, { speed: 'fast' }));
// 2. Sonnet 5.5 US-only, streamed: (1000·2000 + 500·10,000) = 7,000,000, ×1.1           =  7,700,000
const SONNET_US = reply('msg_us', 'claude-sonnet-5-5', usage(1000, 500, { inference_geo: 'us' }));
// 3. Haiku 4.5 with 3 web searches: 1000·1000 + 100·5000 = 1,500,000 + 3·10,000,000     = 31,500,000
const SEARCHED = reply('msg_search', 'claude-haiku-4-5-20251001', usage(1000, 100, { server_tool_use: { web_search_requests: 3, web_fetch_requests: 0 } }));
// 4. Opus 4.7 under the price file's row ($4 / $20 from 2026-01-01): 1000·4000 + 1000·20,000 = 24,000,000
//    (the default row of 2026-04-16 would make it 30,000,000)
const NEGOTIATED = reply('msg_file', 'claude-opus-4-7', usage(1000, 1000));
// 5. A Bedrock id: anthropic.claude-sonnet-4-5-20250929-v1:0 → claude-sonnet-4-5: 1000·3000 + 100·15,000 = 4,500,000
const BEDROCK = reply('msg_bedrock', 'anthropic.claude-sonnet-4-5-20250929-v1:0', usage(1000, 100));
const TOTAL = 28_000_000 + 7_700_000 + 31_500_000 + 24_000_000 + 4_500_000;

const money = (nano: number) => ({ costUsd: nano / 1e9, costNanoUsd: String(nano) });

let running: RunningCollector;
let burnrate: Burnrate;
let dir: string;
let window: { from: string; to: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'burnrate-money-'));
  const priceFile = join(dir, 'prices.json');
  writeFileSync(
    priceFile,
    JSON.stringify({
      prices: [{ model: 'claude-opus-4-7', from: '2026-01-01', usdPerMTok: { input: 4, output: 20, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.4 } }],
    }),
  );
  running = await startCollector({ BURNRATE_PRICING_FILE: priceFile }, DEFAULT_MODULES);
  burnrate = instrument({ serviceName: 'money-app', endpoint: running.url });
  const script = new Script().then(
    message({}, OPUS_FAST),
    sse(streamEvents(SONNET_US as typeof MESSAGE)),
    message({}, SEARCHED),
    message({}, NEGOTIATED),
    message({}, BEDROCK),
  );
  const client = burnrate.anthropic(new Anthropic({ apiKey: 'test-key', fetch: script.fetch }));
  const messages = [{ role: 'user' as const, content: 'hi' }];
  const from = Date.now();
  await client.messages.create({ model: 'claude-opus-5-5', max_tokens: 512, messages, speed: 'fast' } as never);
  const stream = await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 512, messages, stream: true, inference_geo: 'us' } as never);
  for await (const _event of stream as unknown as AsyncIterable<unknown>);
  await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 512, messages, tools: [{ type: 'web_search_20250305', name: 'web_search' }] } as never);
  await client.messages.create({ model: 'claude-opus-4-7', max_tokens: 512, messages });
  await client.messages.create({ model: 'anthropic.claude-sonnet-4-5-20250929-v1:0', max_tokens: 512, messages });
  expect(script.remaining).toBe(0);
  window = { from: new Date(from).toISOString(), to: new Date(Date.now() + 1).toISOString() };
  await burnrate.flush();
});

afterAll(async () => {
  await burnrate?.shutdown();
  await running?.stop();
  if (dir) removeTestDir(dir);
});

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${running.url}/api/v1${path}`);
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
}
const range = () => `from=${window.from}&to=${window.to}`;

it("the bill's lines: tokens, fast mode, US-only and web search, summing to the summary's total", async () => {
  const lines = await get<CostLinesResponse>(`/spend/lines?${range()}`);
  expect(lines).toEqual({
    ...window,
    tokens: money(51_000_000),
    fastMode: money(14_000_000),
    usOnly: money(700_000),
    webSearch: { ...money(30_000_000), requests: 3 },
    total: money(TOTAL),
    unpricedCalls: 0,
  });
  const summary = await get<SummaryResponse>(`/summary?${range()}`);
  expect(summary).toMatchObject({ ...money(TOTAL), unpricedCalls: 0 });
});

it('each call at its exact cost, the Bedrock id under its canonical model', async () => {
  const calls = await get<CallsResponse>(`/calls?${range()}&limit=50`);
  const byModel = Object.fromEntries(calls.rows.map((r) => [r.model, r.costNanoUsd]));
  expect(byModel).toEqual({
    'claude-opus-5-5': '28000000',
    'claude-sonnet-5-5': '7700000',
    'claude-haiku-4-5': '31500000',
    'claude-opus-4-7': '24000000',
    'claude-sonnet-4-5': '4500000',
  });
});

it('a call priced by the price file says so in its detail, with its lines', async () => {
  const calls = await get<CallsResponse>(`/calls?${range()}&limit=50`);
  const detailOf = async (model: string) => {
    const row = calls.rows.find((r) => r.model === model)!;
    return (await get<CallDetailResponse>(`/calls/${row.traceId}/${row.spanId}`)).call;
  };
  expect(await detailOf('claude-opus-4-7')).toMatchObject({
    priceSource: 'file',
    priceFrom: '2026-01-01',
    costLines: { tokens: '24000000', fastMode: '0', usOnly: '0', webSearch: '0' },
  });
  expect(await detailOf('claude-opus-5-5')).toMatchObject({ priceSource: 'default', speed: 'fast', costLines: { tokens: '14000000', fastMode: '14000000' } });
  expect(await detailOf('claude-sonnet-5-5')).toMatchObject({ dataResidency: true, costLines: { tokens: '7000000', usOnly: '700000' } });
  expect(await detailOf('claude-haiku-4-5')).toMatchObject({ webSearchRequests: 3, costLines: { tokens: '1500000', webSearch: '30000000' } });
});

it('GET /api/v1/prices shows the row in force and where it came from', async () => {
  const fileRow = await get<PricesResponse>('/prices?model=us.anthropic.claude-opus-4-7-v1&at=2026-11-20');
  expect(fileRow.rows).toEqual([
    expect.objectContaining({
      model: 'claude-opus-4-7',
      source: 'file',
      from: '2026-01-01',
      until: null,
      usdPerMTok: { input: '4', output: '20', cacheWrite5m: '5', cacheWrite1h: '8', cacheRead: '0.4' },
      usOnly: '1.1',
    }),
  ]);
  const listRow = await get<PricesResponse>('/prices?model=claude-opus-5-5&at=2026-11-20');
  expect(listRow.rows).toEqual([expect.objectContaining({ source: 'default', from: '2026-09-22', fast: '2', webSearchUsdPerThousand: '10' })]);
  const res = await fetch(`${running.url}/api/v1/prices?at=not-a-date`);
  expect(res.status).toBe(400);
});

it("the Overview notice counts yesterday's calls to models retiring within 30 days, with the model to move to", async () => {
  // As of 2026-07-10, Opus 4.1 retires on 2026-08-05 (within 30 days). Yesterday (2026-07-09):
  // two Opus 4.1 calls (one by its Bedrock id) and one to a model with no retirement. (The past,
  // because the collector refuses spans from more than a day ahead.)
  const at = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;
  const otlp = syntheticExport(3, 0, at('2026-07-09T10:00:00Z'), 'retiring-app');
  const spans = otlp.resourceSpans[0]!.scopeSpans[0]!.spans;
  const models = ['claude-opus-4-1-20250805', 'us.anthropic.claude-opus-4-1-20250805-v1:0', 'claude-opus-4-8'];
  spans.forEach((span, i) => {
    for (const a of span.attributes) if (a.key === GenAi.responseModel || a.key === GenAi.requestModel) a.value = { stringValue: models[i]! };
  });
  const res = await postTraces(running.url, JSON.stringify(otlp), { 'content-type': 'application/json' });
  expect(res.status).toBe(200);
  await expect.poll(async () => (await get<RetirementNoticeResponse>('/retirements/notice?at=2026-07-10T08:00:00Z')).calls, { timeout: 10_000 }).toBe(2);
  expect(await get<RetirementNoticeResponse>('/retirements/notice?at=2026-07-10T08:00:00Z')).toEqual({
    day: '2026-07-09',
    withinDays: 30,
    calls: 2,
    models: [{ model: 'claude-opus-4-1', calls: 2, retires: '2026-08-05', replacement: 'claude-opus-4-8' }],
  });
  // The day after, those calls are no longer "yesterday".
  expect((await get<RetirementNoticeResponse>('/retirements/notice?at=2026-07-11T08:00:00Z')).calls).toBe(0);
  // Seen from today, nothing retires within 30 days and nothing is counted.
  expect((await get<RetirementNoticeResponse>('/retirements/notice?at=2026-12-06T08:00:00Z')).calls).toBe(0);
});
