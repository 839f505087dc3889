import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from 'anthropic-sdk-0';
import AnthropicLegacy from 'anthropic-sdk-legacy';
import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BudgetExceededError, instrument, type Burnrate, type BudgetGuardOptions } from './index';
import { Burnrate as B, BurnrateValue, ErrorTypeValue, GenAi, Header, Http, SCOPE_NAME } from './semconv';
import type { Sdk } from '../../test/support/sdkHook/callSuite';
import { budgetStatus, BudgetStatusServer, deadEndpoint } from '../../test/support/sdkHook/budgetStatusServer';
import { fallbackCreate, MESSAGE_ATTRIBUTES, nativeCreate, responded, STREAMED } from '../../test/support/sdkHook/expected';
import { MESSAGE, message, MODEL, PARAMS, Script, sse, streamEvents } from '../../test/support/sdkHook/scriptedFetch';
import { accepted, attemptsOf, captureDiag, diagMessages, expectNoHookFailures, finishedSpans } from '../../test/support/sdkHook/spans';

// The budget guard wired into instrument(): a real local server answers the collector's budget
// status, real SDKs (1.x natively traced, 0.39 through the fallback) send through a scripted
// fetch, and each case checks what was sent (or that nothing was) and the whole span.

captureDiag();

const OPUS = 'claude-opus-4-6';
const HAIKU = 'claude-haiku-4-5';
const HAIKU_RESPONSE = 'claude-haiku-4-5-20251001';
const DOWNGRADE = { [OPUS]: MODEL, [MODEL]: HAIKU };

const VARIANTS: Array<{ label: string; sdk: Sdk; native: boolean }> = [
  { label: '@anthropic-ai/sdk 1.x (native tracing, middleware)', sdk: Anthropic, native: true },
  { label: '@anthropic-ai/sdk 0.137 (native tracing, middleware)', sdk: Anthropic0 as unknown as Sdk, native: true },
  { label: '@anthropic-ai/sdk 0.39 (fallback wrapper)', sdk: AnthropicLegacy as unknown as Sdk, native: false },
];

let status: BudgetStatusServer;
let burnrate: Burnrate | undefined;
let exporter: InMemorySpanExporter;

beforeAll(async () => {
  status = await BudgetStatusServer.start();
});
afterAll(() => status.close());
beforeEach(() => {
  // A shut-down handle stops its exporter too: each case gets its own.
  exporter = new InMemorySpanExporter();
  diagMessages.length = 0;
  status.requests.length = 0;
  status.budgets(
    budgetStatus('b-search', 'team search', 'team', 'search', 1.02, 1),
    budgetStatus('b-ads', 'team ads', 'team', 'ads', 0.2, 1),
    budgetStatus('b-company', 'company', 'all', '', 10, 100),
  );
});
afterEach(async () => {
  await burnrate?.shutdown();
  burnrate = undefined;
});

/** instrument() with the guard, reading the test server (or `endpoint`) with an ingest key. */
async function start(budgetGuard: BudgetGuardOptions, endpoint = status.endpoint): Promise<Burnrate> {
  burnrate = instrument({ serviceName: 'search-api', endpoint, ingestKey: 'brk_guard', exporter, budgetGuard });
  return burnrate;
}

async function spans(): Promise<ReadableSpan[]> {
  return finishedSpans(() => burnrate!.flush(), exporter);
}

const team = (name: string): Attributes => ({ [B.team]: name });
const guarded = (action: string): Attributes => ({ [B.guardAction]: action });
const refused: Attributes = { ...guarded('block'), [Http.errorType]: ErrorTypeValue.budgetExceeded };
const downgraded = (from: string, to: string, reason = 'budget "team search" exceeded'): Attributes => ({
  ...guarded('downgrade'),
  [B.routeName]: BurnrateValue.guardRouteName,
  [B.routeReason]: reason,
  [B.routeRequestedModel]: from,
  [B.routeChosenModel]: to,
});

for (const { label, sdk, native } of VARIANTS) {
  /** A guarded call's span as this path makes it. */
  const create = (...extra: Attributes[]) => (native ? nativeCreate : fallbackCreate)(...extra);
  /** A refused call never reaches the SDK: burnrate makes its span, on either path. */
  const refusedCall = (...extra: Attributes[]) => fallbackCreate(refused, ...extra);
  const client = (script: Script) => burnrate!.anthropic(new sdk({ apiKey: 'k', fetch: script.fetch, maxRetries: 0 }));

  describe(label, () => {
    it('guard-block-refuses-before-any-request', async () => {
      const b = await start({ mode: 'block' });
      expect(await b.refreshBudgets()).toBe(true);
      const script = new Script();
      const c = client(script);
      await b.withContext({ team: 'search', feature: 'summaries' }, async () => {
        // Thrown by create() and stream() themselves, as the SDK's own argument checks are.
        expect(() => c.messages.create(PARAMS)).toThrow(BudgetExceededError);
        expect(() => c.messages.stream(PARAMS)).toThrow(BudgetExceededError);
        const error = await (async () => c.messages.create({ ...PARAMS, stream: true }))().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BudgetExceededError);
        expect((error as BudgetExceededError).budgets.map((budget) => budget.id)).toEqual(['b-search']);
        expect((error as Error).message).toMatch(/^burnrate budget exceeded: "team search" \(\$1\.02 of \$1 spent by team search, resets /);
      });
      expect(script.requests).toHaveLength(0);

      const all = await spans();
      const who = { [B.team]: 'search', [B.feature]: 'summaries' };
      expect(all.map((s) => s.attributes)).toEqual([
        refusedCall(who),
        refusedCall(who, { [GenAi.requestStream]: true }),
        refusedCall(who, { [GenAi.requestStream]: true }),
      ]);
      for (const span of all) {
        expect(span.instrumentationScope.name).toBe(SCOPE_NAME);
        expect(span.status.code).toBe(SpanStatusCode.ERROR);
        expect(attemptsOf(span)).toEqual([]);
      }
      expectNoHookFailures();
    });

    it('guard-block-lets-other-teams-through', async () => {
      const b = await start({ mode: 'block' });
      await b.refreshBudgets();
      const script = new Script().then(message(), message());
      const c = client(script);
      expect(await b.withContext({ team: 'ads' }, () => c.messages.create(PARAMS))).toEqual(MESSAGE);
      expect(await c.messages.create(PARAMS)).toEqual(MESSAGE); // no team: only the company budget, not used up
      expect(script.requests.map((r) => (r.body as { model: string }).model)).toEqual([MODEL, MODEL]);
      const all = await spans();
      expect(all.map((s) => s.attributes)).toEqual([
        create(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES, team('ads')),
        create(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES),
      ]);
      expectNoHookFailures();
    });

    it('guard-warn-records-and-proceeds', async () => {
      const b = await start({ mode: 'warn' });
      await b.refreshBudgets();
      const script = new Script().then(message(), message());
      const c = client(script);
      await b.withContext({ team: 'search' }, async () => {
        expect(await c.messages.create(PARAMS)).toEqual(MESSAGE);
        expect(await c.messages.create(PARAMS)).toEqual(MESSAGE);
      });
      expect(script.requests.map((r) => (r.body as { model: string }).model)).toEqual([MODEL, MODEL]);
      const all = await spans();
      const warned = create(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES, team('search'), guarded('warn'));
      expect(all.map((s) => s.attributes)).toEqual([warned, warned]);
      expect(attemptsOf(all[0]!)).toEqual([accepted(1, 'req_ok')]);
      // Said once per budget and period, not once per call.
      expect(diagMessages.filter((m) => m.includes('"team search" is used up'))).toHaveLength(1);
      expectNoHookFailures();
    });

    it('guard-downgrade-rewrites-model-and-records-route', async () => {
      const b = await start({ mode: 'downgrade', downgrade: DOWNGRADE });
      await b.refreshBudgets();
      const reply = message({}, { ...MESSAGE, model: HAIKU_RESPONSE });
      const script = new Script().then(reply, sse(streamEvents({ ...MESSAGE, model: HAIKU_RESPONSE })), reply);
      const c = client(script);
      const params = { ...PARAMS, messages: [...PARAMS.messages] };
      await b.withContext({ team: 'search' }, async () => {
        expect((await c.messages.create(params)).model).toBe(HAIKU_RESPONSE);
        expect((await c.messages.stream(params).finalMessage()).model).toBe(HAIKU_RESPONSE);
        // The guard's downgrade is the call's routing record: it replaces the app's own route().
        await b.route({ name: 'cheap-first', reason: 'short prompt', requested: OPUS, chosen: MODEL, fallbackFrom: OPUS }, () => c.messages.create(params));
      });
      // Sent with the cheaper model; the caller's params are untouched.
      expect(script.requests.map((r) => r.body)).toEqual([
        { ...PARAMS, model: HAIKU },
        { ...PARAMS, model: HAIKU, stream: true },
        { ...PARAMS, model: HAIKU },
      ]);
      expect(params).toEqual(PARAMS);

      const haiku = { [GenAi.requestModel]: HAIKU, [GenAi.responseModel]: HAIKU_RESPONSE };
      const route = downgraded(MODEL, HAIKU);
      const all = await spans();
      expect(all.map((s) => s.attributes)).toEqual([
        create(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES, haiku, team('search'), route),
        create(STREAMED, responded(200, 'req_stream'), MESSAGE_ATTRIBUTES, haiku, team('search'), route),
        create(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES, haiku, team('search'), route),
      ]);
      expectNoHookFailures();
    });

    it('guard-downgrade-walks-the-map-past-a-used-up-model-budget', async () => {
      // Sonnet has its own used-up budget: an Opus call of team search goes past it to Haiku.
      status.budgets(budgetStatus('b-search', 'team search', 'team', 'search', 1.02, 1), budgetStatus('b-sonnet', 'sonnet', 'model', MODEL, 20, 20));
      const b = await start({ mode: 'downgrade', downgrade: DOWNGRADE });
      await b.refreshBudgets();
      const script = new Script().then(message());
      const c = client(script);
      await b.withContext({ team: 'search' }, () => c.messages.create({ ...PARAMS, model: OPUS }));
      expect((script.requests[0]!.body as { model: string }).model).toBe(HAIKU);
      const [span] = await spans();
      expect(span!.attributes).toEqual(
        create(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES, { [GenAi.requestModel]: HAIKU }, team('search'), downgraded(OPUS, HAIKU)),
      );
    });

    it('guard-fails-open-when-collector-down', async () => {
      const b = await start({ mode: 'block', intervalMs: 100 }, await deadEndpoint());
      expect(await b.refreshBudgets()).toBe(false);
      await sleep(250); // a few more failed polls
      const script = new Script().then(message(), message());
      const c = client(script);
      await b.withContext({ team: 'search' }, async () => {
        expect(await c.messages.create(PARAMS)).toEqual(MESSAGE);
        expect(await c.messages.create(PARAMS)).toEqual(MESSAGE);
      });
      expect(script.requests).toHaveLength(2);
      const all = await spans();
      expect(all.map((s) => s.attributes)).toEqual([
        create(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES, team('search')),
        create(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES, team('search')),
      ]);
      expect(diagMessages.filter((m) => m.includes('cannot read budget status'))).toHaveLength(1);
      expectNoHookFailures();
    });

    it('guard-stops-on-shutdown', async () => {
      const b = await start({ mode: 'block', intervalMs: 100 });
      await sleep(250);
      expect(status.requests.length).toBeGreaterThanOrEqual(2);
      // The status is read where spans go, with the exporter's key.
      expect(status.requests[0]).toMatchObject({ url: '/api/v1/budgets/status', headers: { [Header.ingestKey]: 'brk_guard' } });
      const script = new Script().then(message());
      const c = client(script);
      await b.shutdown();
      burnrate = undefined;
      const polled = status.requests.length;
      await sleep(300);
      expect(status.requests.length).toBe(polled);
      // A stopped hook enforces nothing: the call goes as asked.
      expect(await b.withContext({ team: 'search' }, () => c.messages.create(PARAMS))).toEqual(MESSAGE);
      expect(script.requests).toHaveLength(1);
    });

    it('guard-of-a-later-handle-takes-over-a-client', async () => {
      const first = await start({ mode: 'warn' });
      const script = new Script().then(message());
      const c = client(script);
      await first.shutdown();
      const b = await start({ mode: 'block' });
      await b.refreshBudgets();
      expect(b.anthropic(c)).toBe(c);
      expect(() => b.withContext({ team: 'search' }, () => c.messages.create(PARAMS))).toThrow(BudgetExceededError);
      await b.withContext({ team: 'ads' }, () => c.messages.create(PARAMS));
      expect(script.requests).toHaveLength(1);
    });
  });
}

describe('budget guard setup', () => {
  it('guard-options-are-checked-at-start', () => {
    expect(() => instrument({ exporter: new InMemorySpanExporter(), budgetGuard: { mode: 'downgrade' } })).toThrow(/needs a downgrade map/);
    expect(() => instrument({ exporter: new InMemorySpanExporter(), budgetGuard: { mode: 'blok' as 'block' } })).toThrow(/mode must be/);
  });

  it('guard-warns-once-for-a-client-with-only-the-middleware', async () => {
    const b = await start({ mode: 'block' });
    await b.refreshBudgets();
    const script = new Script().then(message(), message());
    // Never passed to burnrate.anthropic(): the middleware records it, but nothing guards it.
    const c = new Anthropic({ apiKey: 'k', fetch: script.fetch, middleware: [b.middleware()] });
    await b.withContext({ team: 'search' }, async () => {
      await c.messages.create(PARAMS);
      await c.messages.create(PARAMS);
    });
    expect(diagMessages.filter((m) => m.includes('without the budget guard'))).toHaveLength(1);
  });
});
