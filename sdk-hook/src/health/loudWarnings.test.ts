import Anthropic from '@anthropic-ai/sdk';
import { diag } from '@opentelemetry/api';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { instrument } from '../index';
import { Env } from '../semconv';
import { message, PARAMS, Script } from '../../../test/support/sdkHook/scriptedFetch';
import { captureDiag } from '../../../test/support/sdkHook/spans';
import { NOTICE_INTERVAL_MS, Notices } from './notice';

// Failures that lose every span are said on the console, once per cause, whether or not the app
// set an OTel diag logger; burnrate.health() counts them; the app's calls never see them.

const servers: Server[] = [];
afterAll(() => servers.forEach((server) => server.close()));

/** A collector that answers every export with `status`, as the real one does without a valid key. */
async function refusing(status: number): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}'));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());
const said = () => warn.mock.calls.map(([text]) => String(text));

/** Three calls, each exported on its own, so three exports fail. */
async function threeExportedCalls(endpoint: string, ingestKey?: string, exportTimeoutMillis?: number) {
  const burnrate = instrument({ endpoint, ingestKey, scheduledDelayMillis: 1, exportTimeoutMillis });
  const client = burnrate.anthropic(new Anthropic({ apiKey: 'k', fetch: new Script().then(message(), message(), message()).fetch }));
  const results = [];
  for (let i = 0; i < 3; i++) {
    results.push((await client.messages.create(PARAMS)).id);
    await burnrate.flush();
  }
  const health = burnrate.health();
  await burnrate.shutdown();
  return { results, health };
}

describe.each([
  ['without a diag logger', () => diag.disable()],
  ['with a diag logger', () => captureDiag()],
])('an app %s', (_label, setUpDiag) => {
  beforeEach(() => setUpDiag());

  it('missing-key-401-says-set-BURNRATE_INGEST_KEY-once', async () => {
    const { results, health } = await threeExportedCalls(await refusing(401));
    expect(results).toEqual(['msg_01', 'msg_01', 'msg_01']); // the app's calls are untouched
    expect(said()).toEqual([expect.stringContaining(`none is set. Set ${Env.ingestKey}`)]);
    expect(health).toEqual({
      exportedSpans: 0,
      droppedSpans: 0,
      failedSpans: 3,
      queuedSpans: 0,
      lastError: { message: 'collector answered 401: Unauthorized', at: expect.any(Date) },
    });
  });

  it('refused-key-403-says-the-key-is-wrong-once', async () => {
    const { health } = await threeExportedCalls(await refusing(403), 'brk_revoked');
    expect(said()).toEqual([expect.stringContaining(`refused the ingest key (HTTP 403): it is wrong, revoked or not an ingest key. Set ${Env.ingestKey}`)]);
    expect(health.failedSpans).toBe(3);
  });
});

it('unreachable-collector-says-where-it-looked-once', async () => {
  diag.disable();
  const closed = await refusing(200);
  await new Promise((resolve) => servers.pop()!.close(resolve));
  // A shorter export timeout: the exporter may retry a refused connection until its deadline.
  const { results, health } = await threeExportedCalls(closed, undefined, 3000);
  expect(results).toHaveLength(3);
  expect(said()).toEqual([expect.stringContaining(`cannot reach the collector at ${closed}/v1/traces (ECONNREFUSED)`)]);
  expect(health).toMatchObject({ exportedSpans: 0, failedSpans: 3 });
});

it('a-cause-is-said-again-after-the-interval-with-what-was-held-back', () => {
  let now = 0;
  const lines: string[] = [];
  const notices = new Notices({ warn: (line) => lines.push(line) }, () => now);
  notices.say('auth', 'no key');
  notices.say('auth', 'no key');
  notices.say('unreachable', 'down'); // another cause has its own clock
  now += NOTICE_INTERVAL_MS - 1;
  notices.say('auth', 'no key');
  now += 1;
  notices.say('auth', 'no key');
  expect(lines).toEqual(['[burnrate] no key', '[burnrate] down', '[burnrate] no key (2 more like this since the last warning)']);
});

it('a-console-that-throws-is-survived', () => {
  const notices = new Notices({
    warn: () => {
      throw new Error('EPIPE');
    },
  });
  expect(() => notices.say('auth', 'no key')).not.toThrow();
});
