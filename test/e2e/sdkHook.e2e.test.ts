// Done means (issue 3): a real @anthropic-ai/sdk client with a scripted fetch → sdk-hook's
// instrument() → the real OTLP/HTTP protobuf exporter → a running collector → its query API shows
// exactly the calls, attempts, tokens, costs and attribution that were scripted. Run twice: the
// 1.x SDK (its own call span, burnrate's middleware adds the attempts) and the pre-tracing 0.39
// (burnrate's fallback span and wrapped fetch). Each SDK's calls are read back through their own
// time window, then all of them together.
import Anthropic from '@anthropic-ai/sdk';
import AnthropicLegacy from 'anthropic-sdk-legacy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BreakdownResponse, BreakdownRow, CallDetailResponse, CallListRow, CallsResponse, SummaryResponse } from '@burnrate/contract';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { instrument, type Burnrate } from '../../sdk-hook/src/index';
import { RATE_LIMIT_FIELDS, RATE_LIMIT_KINDS, rateLimitHeader, SCOPE_NAME } from '../../sdk-hook/src/semconv';
import { apiError, message, MESSAGE, RATE_LIMITS, Script, sse, streamEvents, USAGE } from '../support/sdkHook/scriptedFetch';
import { captureDiag, diagMessages } from '../support/sdkHook/spans';
import { startCollector, type RunningCollector } from '../support/collector';

const SERVICE = 'e2e-app';
const HAIKU = 'claude-haiku-4-5';
const SONNET = 'claude-sonnet-4-6';

// Call A, routed to Haiku after two 429s: uncached input, cache reads and both cache-write TTLs.
const A_USAGE = {
  ...USAGE,
  input_tokens: 1200,
  output_tokens: 300,
  cache_read_input_tokens: 40_000,
  cache_creation_input_tokens: 3000,
  cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 1000 },
};
// Each SDK's run has its own message and request ids, as real calls do: the collector stores one
// call per message id, so two runs replaying the same ids would be one run to it.
const idOf = (name: string, run: number) => `${name}_run${run}`;
const aMessage = (run: number) => ({ ...MESSAGE, id: idOf('msg_a', run), model: `${HAIKU}-20251001`, usage: A_USAGE });
// Call B, streamed from Sonnet, no cache.
const B_USAGE = {
  ...USAGE,
  input_tokens: 500,
  output_tokens: 80,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
};
const bMessage = (run: number) => ({ ...MESSAGE, id: idOf('msg_b', run), model: SONNET, usage: B_USAGE });

// Cost by hand, from collector/src/pricing/defaultPrices.ts (USD per MTok; ×1000 = nano-dollars
// per token). Haiku 4.5: input 1, 5m write 1.25, 1h write 2, cache read 0.1, output 5.
// Sonnet 4.6 (the entry from 2026-03-13, no long-context band): input 3, output 15.
//   A: 1200×1000 + 300×5000 + 40,000×100 + 2000×1250 + 1000×2000
//      = 1,200,000 + 1,500,000 + 4,000,000 + 2,500,000 + 2,000,000 = 11,200,000
//   B: 500×3000 + 80×15000 = 1,500,000 + 1,200,000                      =  2,700,000
//   C: the 529-exhausted call has no usage                               =          0
//   one SDK's run                                                        = 13,900,000 n$ = $0.0139
const A_COST = 11_200_000;
const B_COST = 2_700_000;

const SEARCH = { team: 'search', project: 'p', feature: 'autocomplete', user: 'u1' };
const ADS = { team: 'ads', project: 'p', feature: 'chat', user: 'u2' };
const ROUTE = { name: 'cheap-first', reason: 'sonnet overloaded', requested: SONNET, chosen: HAIKU, fallbackFrom: SONNET };

function script(run: number): Script {
  const retryFast = { 'retry-after-ms': '1' };
  return new Script().then(
    apiError(429, 'rate_limit_error', { ...retryFast, 'request-id': idOf('req_429a', run) }),
    apiError(429, 'rate_limit_error', { ...retryFast, 'request-id': idOf('req_429b', run) }),
    message({ ...RATE_LIMITS, 'request-id': idOf('req_a', run) }, aMessage(run)),
    sse(streamEvents(bMessage(run)), { 'request-id': idOf('req_b', run) }),
    apiError(529, 'overloaded_error', { ...retryFast, 'request-id': idOf('req_529a', run) }),
    apiError(529, 'overloaded_error', { ...retryFast, 'request-id': idOf('req_529b', run) }),
    apiError(529, 'overloaded_error', { ...retryFast, 'request-id': idOf('req_529c', run) }),
  );
}

/** The app: three calls, as an app writes them. Returns what the app saw of the failed one. */
async function runApp(burnrate: Burnrate, client: Anthropic, run: number): Promise<{ failedWith: unknown }> {
  const messages = [{ role: 'user' as const, content: 'complete: how to' }];
  const a = await burnrate.withContext(SEARCH, () => burnrate.route(ROUTE, () => client.messages.create({ model: HAIKU, max_tokens: 512, messages })));
  expect(a.id).toBe(idOf('msg_a', run));
  await burnrate.withContext(ADS, async () => {
    const stream = await client.messages.create({ model: SONNET, max_tokens: 512, messages, stream: true });
    for await (const _event of stream);
  });
  const failedWith = await burnrate
    .withContext(SEARCH, () => client.messages.create({ model: SONNET, max_tokens: 512, messages }))
    .catch((error: unknown) => error);
  return { failedWith };
}

interface Window {
  from: string;
  to: string;
}

const SDKS = [
  {
    label: '@anthropic-ai/sdk 1.x (native span + middleware)',
    sdk: Anthropic,
    scope: expect.stringMatching(/^com\.anthropic\.sdk/),
  },
  {
    label: '@anthropic-ai/sdk 0.39 (fallback span + wrapped fetch)',
    sdk: AnthropicLegacy as unknown as typeof Anthropic,
    scope: SCOPE_NAME,
  },
];

captureDiag();
let running: RunningCollector;
let burnrate: Burnrate;
const windows: Window[] = [];
const failures: unknown[] = [];

beforeAll(async () => {
  running = await startCollector({}, DEFAULT_MODULES);
  burnrate = instrument({ serviceName: SERVICE, endpoint: running.url });
  for (const [run, { sdk }] of SDKS.entries()) {
    const from = Date.now(); // spans start at Date.now(), attempts on the span's clock
    const scripted = script(run);
    const { failedWith } = await runApp(burnrate, burnrate.anthropic(new sdk({ apiKey: 'test-key', fetch: scripted.fetch })), run);
    expect(scripted.remaining).toBe(0); // every scripted attempt was made, none more
    failures.push(failedWith);
    windows.push({ from: new Date(from).toISOString(), to: new Date(Date.now() + 1).toISOString() });
    await new Promise((resolve) => setTimeout(resolve, 10)); // the next window starts after this one
  }
  await burnrate.flush(); // resolves once the collector answered the export, i.e. stored the rows
});

afterAll(async () => {
  await burnrate?.shutdown();
  await running?.stop();
});

async function get<T>(path: string, window?: Window): Promise<T> {
  const range = window ? `${path.includes('?') ? '&' : '?'}from=${window.from}&to=${window.to}` : '';
  const res = await fetch(`${running.url}/api/v1${path}${range}`);
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
}

const tokens = (input: number, output: number, cacheRead: number, write5m: number, write1h: number) => ({
  inputTokens: input,
  outputTokens: output,
  cacheReadTokens: cacheRead,
  cacheWrite5mTokens: write5m,
  cacheWrite1hTokens: write1h,
});
const A_TOKENS = tokens(1200, 300, 40_000, 2000, 1000);
const B_TOKENS = tokens(500, 80, 0, 0, 0);
const price = (nano: number) => ({ costUsd: nano / 1e9, costNanoUsd: String(nano) });
const cost = (nano: number) => ({ ...price(nano), unpricedCalls: 0 });

function byKey(response: BreakdownResponse): BreakdownRow[] {
  return [...response.rows].sort((x, y) => x.key.localeCompare(y.key));
}

it('the export reached the collector without a hook failure or export error', () => {
  expect(diagMessages.filter((m) => m.startsWith('error') || /could not/.test(m))).toEqual([]);
  expect(burnrate.droppedSpans()).toBe(0);
});

SDKS.forEach(({ label, sdk, scope }, i) => {
  describe(label, () => {
    const window = () => windows[i]!;

    it("the app saw the SDK's own error for the exhausted 529", () => {
      expect(failures[i]).toBeInstanceOf(sdk.InternalServerError);
      expect((failures[i] as { status?: number }).status).toBe(529);
    });

    it('summary: calls, errors, attempts by status, tokens and exact cost', async () => {
      const summary = await get<SummaryResponse>('/summary', window());
      expect(summary).toEqual({
        ...window(),
        calls: 3,
        errors: 1, // the 529-exhausted call
        attempts: 7, // A: 3, B: 1, C: 3
        retriedAttempts: 4,
        rateLimitedAttempts: 2, // A's two 429s: known from the hook's attempt events
        overloadedAttempts: 3, // C's three 529s
        unknownStatusAttempts: 0,
        ...tokens(1700, 380, 40_000, 2000, 1000),
        ...cost(A_COST + B_COST), // 13,900,000 n$
        unpricedModels: [],
      });
    });

    it('breakdown by team, route and feature', async () => {
      const row = (key: string, calls: number, errors: number, t: ReturnType<typeof tokens>, nano: number) => ({
        key,
        calls,
        errors,
        ...t,
        ...cost(nano),
      });
      const searchRow = (key: string) => row(key, 2, 1, A_TOKENS, A_COST);
      const adsRow = (key: string) => row(key, 1, 0, B_TOKENS, B_COST);
      expect(byKey(await get<BreakdownResponse>('/breakdown?by=team', window()))).toEqual([adsRow('ads'), searchRow('search')]);
      expect(byKey(await get<BreakdownResponse>('/breakdown?by=feature', window()))).toEqual([searchRow('autocomplete'), adsRow('chat')]);
      expect(byKey(await get<BreakdownResponse>('/breakdown?by=route', window()))).toEqual([
        row('', 2, 1, B_TOKENS, B_COST), // B and C were not routed
        row('cheap-first', 1, 0, A_TOKENS, A_COST),
      ]);
    });

    it('calls list and call detail: attribution, route, attempts in order', async () => {
      const list = await get<CallsResponse>('/calls?sort=time&order=asc', window());
      expect(list.total).toBe(3);
      const base = (extra: Partial<CallListRow>) => ({
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
        spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
        startTime: expect.any(String),
        service: SERVICE,
        durationMs: expect.any(Number),
        ttftMs: null,
        sessionId: '',
        ...extra,
      });
      const [a, b, c] = list.rows;
      expect(list.rows).toEqual([
        base({
          ...SEARCH,
          model: HAIKU,
          route: 'cheap-first',
          statusCode: 200,
          errorType: '',
          ...price(A_COST),
          inputTokens: 1200,
          outputTokens: 300,
          cacheReadTokens: 40_000,
          cacheWriteTokens: 3000,
          retryCount: 2,
        }),
        base({
          ...ADS,
          model: SONNET,
          route: '',
          statusCode: 200,
          errorType: '',
          ...price(B_COST),
          inputTokens: 500,
          outputTokens: 80,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          ttftMs: expect.any(Number),
          retryCount: 0,
        }),
        base({
          ...SEARCH,
          model: SONNET,
          route: '',
          statusCode: 529,
          errorType: 'overloaded_error',
          ...price(0),
          inputTokens: 0,
          outputTokens: 0,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          retryCount: 2,
        }),
      ]);
      expect(b!.ttftMs).toBeGreaterThan(0);

      const detail = await get<CallDetailResponse>(`/calls/${a!.traceId}/${a!.spanId}`);
      const rateLimits = Object.fromEntries(
        RATE_LIMIT_KINDS.flatMap((kind) =>
          RATE_LIMIT_FIELDS.map((field) => [`${kind}.${field}`, RATE_LIMITS[rateLimitHeader(kind, field) as keyof typeof RATE_LIMITS]]),
        ),
      );
      expect(detail.call).toEqual({
        ...a,
        parentSpanId: '',
        environment: '',
        scopeName: scope,
        instrumentation: 'anthropic-sdk',
        provider: 'anthropic',
        operation: 'chat',
        requestModel: HAIKU,
        responseModel: `${HAIKU}-20251001`,
        cacheWrite5mTokens: 2000,
        cacheWrite1hTokens: 1000,
        serviceTier: 'standard',
        stream: false,
        stopReason: 'end_turn',
        requestId: idOf('req_a', i),
        batch: false,
        dataResidency: false,
        speed: '',
        tenant: '',
        routeReason: 'sonnet overloaded',
        routeRequestedModel: SONNET,
        routeFallbackFrom: SONNET,
        resourceAttributes: expect.objectContaining({ 'service.name': SERVICE }),
        rateLimits, // the last attempt's anthropic-ratelimit-* headers
        // The bill's detail (issue 12): a list price, all of it tokens.
        webSearchRequests: 0,
        webFetchRequests: 0,
        priceSource: 'default',
        priceFrom: '2025-10-15',
        costLines: { tokens: String(A_COST), fastMode: '0', usOnly: '0', webSearch: '0' },
      });
      const attempt = (n: number, statusCode: number, errorType: string, retryAfterMs: number | null, requestId: string) => ({
        attempt: n,
        startTime: expect.any(String),
        durationMs: expect.any(Number),
        statusCode,
        errorType,
        retryAfterMs,
        requestId,
      });
      expect(detail.attempts).toEqual([
        attempt(1, 429, 'rate_limit_error', 1, idOf('req_429a', i)),
        attempt(2, 429, 'rate_limit_error', 1, idOf('req_429b', i)),
        attempt(3, 200, '', null, idOf('req_a', i)),
      ]);
      // Attempts follow each other inside the call.
      const starts = detail.attempts.map((x) => Date.parse(x.startTime));
      expect(starts).toEqual([...starts].sort((x, y) => x - y));
      expect(starts[0]).toBeGreaterThanOrEqual(Date.parse(a!.startTime));

      const failed = await get<CallDetailResponse>(`/calls/${c!.traceId}/${c!.spanId}`);
      expect(failed.attempts).toEqual([
        attempt(1, 529, 'overloaded_error', 1, idOf('req_529a', i)),
        attempt(2, 529, 'overloaded_error', 1, idOf('req_529b', i)),
        attempt(3, 529, 'overloaded_error', 1, idOf('req_529c', i)),
      ]);
      expect(failed.call).toMatchObject({ requestId: idOf('req_529c', i), statusCode: 529, scopeName: scope });
    });
  });
});

it('both SDKs together: the default range and a team filter', async () => {
  const all = await get<SummaryResponse>('/summary');
  expect(all).toMatchObject({
    calls: 6,
    errors: 2,
    attempts: 14,
    rateLimitedAttempts: 4,
    overloadedAttempts: 6,
    unknownStatusAttempts: 0,
    ...tokens(3400, 760, 80_000, 4000, 2000),
    ...cost(2 * (A_COST + B_COST)), // 27,800,000 n$
  });
  const search = await get<SummaryResponse>('/summary?team=search');
  expect(search).toMatchObject({
    calls: 4,
    errors: 2,
    attempts: 12,
    rateLimitedAttempts: 4,
    overloadedAttempts: 6,
    ...cost(2 * A_COST),
  });
});
