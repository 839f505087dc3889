import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from 'anthropic-sdk-0';
import AnthropicLegacy from 'anthropic-sdk-legacy';
import { context, propagation, ROOT_CONTEXT, type Attributes } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { instrument, type Burnrate } from './index';
import { Burnrate as B, GenAi } from './semconv';
import type { Sdk } from '../../test/support/sdkHook/callSuite';
import { fallbackCreate, MESSAGE_ATTRIBUTES, nativeCreate, responded } from '../../test/support/sdkHook/expected';
import { message, PARAMS, Script } from '../../test/support/sdkHook/scriptedFetch';
import { attemptsOf, captureDiag, expectNoHookFailures, finishedSpans } from '../../test/support/sdkHook/spans';

captureDiag();
const exporter = new InMemorySpanExporter();
let burnrate: Burnrate;
beforeAll(() => {
  burnrate = instrument({ serviceName: 'context-test', exporter, maxValueLength: 32 });
});

const VARIANTS: Array<{ label: string; sdk: Sdk; native: boolean }> = [
  { label: '1.x native', sdk: Anthropic, native: true },
  { label: '0.x fallback', sdk: Anthropic0 as unknown as Sdk, native: false },
  { label: '0.39 fallback (before native tracing)', sdk: AnthropicLegacy as unknown as Sdk, native: false },
];

for (const { label, sdk, native } of VARIANTS) {
  const base = (...extra: Attributes[]) => (native ? nativeCreate : fallbackCreate)(responded(200, 'req_ok'), MESSAGE_ATTRIBUTES, ...extra);

  /** A client whose script answers every call with MESSAGE. */
  function client(calls: number, script = new Script()): Anthropic {
    for (let i = 0; i < calls; i++) script.then(message());
    return burnrate.anthropic(new sdk({ apiKey: 'k', fetch: script.fetch, ...(native ? {} : { openTelemetry: false }) }));
  }

  async function spans(): Promise<ReadableSpan[]> {
    return finishedSpans(() => burnrate.flush(), exporter);
  }

  describe(label, () => {
    beforeEach(async () => {
      await burnrate.flush();
      exporter.reset();
    });

    it('context-attributes-cross-awaits', async () => {
      const c = client(3);
      const long = 'x'.repeat(100);
      await burnrate.withContext({ team: 'search', project: 'bot' }, async () => {
        await sleep(1);
        await c.messages.create(PARAMS);
        await burnrate.withContext({ feature: 'summaries', user: long }, async () => {
          await Promise.resolve();
          await c.messages.create(PARAMS);
        });
      });
      await c.messages.create(PARAMS); // outside: nothing
      const all = (await spans()).map((s) => s.attributes);
      expect(all).toEqual([
        base({ [B.team]: 'search', [B.project]: 'bot' }),
        base({ [B.team]: 'search', [B.project]: 'bot', [B.feature]: 'summaries', [B.user]: 'x'.repeat(32) }),
        base(),
      ]);
      expectNoHookFailures();
    });

    it('session-from-context-on-every-call-inside', async () => {
      const c = client(3);
      await burnrate.withContext({ team: 'support', session: 'chat-42' }, async () => {
        await c.messages.create(PARAMS);
        // A nested scope keeps the session it did not name, and may name another.
        await burnrate.withContext({ feature: 'summaries' }, () => c.messages.create(PARAMS));
        await burnrate.withContext({ session: 'chat-43' }, () => c.messages.create(PARAMS));
      });
      const all = (await spans()).map((s) => s.attributes);
      expect(all).toEqual([
        base({ [B.team]: 'support', [B.session]: 'chat-42' }),
        base({ [B.team]: 'support', [B.session]: 'chat-42', [B.feature]: 'summaries' }),
        base({ [B.team]: 'support', [B.session]: 'chat-43' }),
      ]);
      expectNoHookFailures();
    });

    it('context-attributes-on-concurrent-calls', async () => {
      const c = client(2);
      // Interleaved: a starts first and finishes last. Each call's max_tokens tells them apart.
      await Promise.all(
        [
          ['a', 100],
          ['b', 200],
        ].map(([tenant, maxTokens]) =>
          burnrate.withContext({ tenant: String(tenant) }, async () => {
            await sleep(tenant === 'a' ? 5 : 0);
            return c.messages.create({ ...PARAMS, max_tokens: Number(maxTokens) });
          }),
        ),
      );
      const byMaxTokens = Object.fromEntries((await spans()).map((s) => [s.attributes[GenAi.requestMaxTokens], s.attributes[B.tenant]]));
      expect(byMaxTokens).toEqual({ 100: 'a', 200: 'b' });
    });

    it('baggage-propagates', async () => {
      const script = new Script();
      const c = client(2, script);
      const carrier: Record<string, string> = {};
      await burnrate.withContext({ team: 'payments', tenant: 'acme corp' }, async () => {
        await sleep(1);
        // What the app's HTTP client instrumentation sends to a downstream service.
        propagation.inject(context.active(), carrier);
        await c.messages.create(PARAMS);
      });
      expect(carrier['baggage']).toContain(`${B.team}=payments`);
      // The downstream service: its server instrumentation extracts the baggage; the call there
      // carries the attribution without any withContext of its own.
      await context.with(propagation.extract(ROOT_CONTEXT, carrier), () => c.messages.create(PARAMS));
      const [upstream, downstream] = (await spans()).map((s) => s.attributes);
      const attribution = { [B.team]: 'payments', [B.tenant]: 'acme corp' };
      expect(upstream).toEqual(base(attribution));
      expect(downstream).toEqual(base(attribution));
      if (native) {
        // The SDK sends the trace context, baggage included, with each attempt.
        expect(script.requests[0]?.headers.get('baggage')).toContain(`${B.team}=payments`);
      }
    });

    it('route-records-decision', async () => {
      const c = client(5);
      const cheap = { name: 'cheap-first', reason: 'short prompt', requested: 'claude-opus-4-6', chosen: PARAMS.model };
      await burnrate.withContext({ team: 'search' }, async () => {
        burnrate.route(cheap); // the next call only
        await c.messages.create(PARAMS);
        await c.messages.create(PARAMS);
      });
      const fallback = { name: 'cheap-first', reason: 'overloaded', chosen: 'claude-haiku-4-5', fallbackFrom: PARAMS.model };
      const result = await burnrate.route(fallback, async () => {
        await c.messages.create(PARAMS); // every call inside
        return c.messages.create(PARAMS);
      });
      expect(result.id).toBe('msg_01'); // route(fn) returns fn's result
      await c.messages.create(PARAMS);
      const all = (await spans()).map((s) => s.attributes);
      const decided = {
        [B.routeName]: 'cheap-first',
        [B.routeReason]: 'short prompt',
        [B.routeRequestedModel]: 'claude-opus-4-6',
        [B.routeChosenModel]: PARAMS.model,
      };
      const fellBack = {
        [B.routeName]: 'cheap-first',
        [B.routeReason]: 'overloaded',
        [B.routeChosenModel]: 'claude-haiku-4-5',
        [B.routeFallbackFrom]: PARAMS.model,
      };
      expect(all).toEqual([base({ [B.team]: 'search' }, decided), base({ [B.team]: 'search' }), base(fellBack), base(fellBack), base()]);
      expectNoHookFailures();
    });

    it('instrument-twice-harmless', async () => {
      const again = instrument({ serviceName: 'other' });
      expect(again).toBe(burnrate);
      const c = client(1);
      expect(again.anthropic(c)).toBe(c);
      await c.messages.create(PARAMS);
      const all = await spans();
      expect(all).toHaveLength(1);
      expect(attemptsOf(all[0]!)).toHaveLength(1);
    });
  });
}

describe('hook misuse never breaks the call', () => {
  it('bad-arguments-are-ignored', async () => {
    const c = burnrate.anthropic(new Anthropic({ apiKey: 'k', fetch: new Script().then(message()).fetch }));
    const bad = { team: 42 as unknown as string, project: { nested: true } as unknown as string };
    const result = await burnrate.withContext(bad, () => burnrate.route(null as never, () => c.messages.create(PARAMS)));
    expect(result.id).toBe('msg_01');
    expect(burnrate.anthropic(null)).toBeNull();
    expect(burnrate.anthropic('not a client')).toBe('not a client');
  });
});
