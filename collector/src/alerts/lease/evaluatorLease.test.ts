// Two evaluators on one store (one embedded chDB in this process, shared as two collectors
// would share a ClickHouse server): each alert is sent once, whoever holds the lease; a holder
// that stops hands over at once, one that dies is replaced within two terms, and the new holder
// resolves what the old one fired, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUDGET_MIGRATIONS } from '../../budgets/migrations';
import { newDataDir, openTestCollector, postCalls, removeDataDir, type TestCollector } from '../../../../test/support/budgetsCollector';
import { channelInputSchema } from '../channel';
import { saveChannel } from '../channelsTable';
import { getRule, saveRule } from '../rulesTable';
import { Dispatcher } from '../dispatcher';
import { AlertEvaluator } from '../evaluator';
import { ALERT_MIGRATIONS } from '../migrations';
import { anthropicReportTableDdl } from '../../reconcile/reportTable';
import { startReceiver, type Receiver } from '../../../../test/support/alertReceiver';
import { EvaluatorLease } from './evaluatorLease';
import { capturedLog } from '../../../../test/support/capturedLog';

const TERM_MS = 4 * 60_000;
// A term boundary (10:00 UTC is a multiple of 4 minutes since the epoch).
const TERM_START = Date.UTC(2026, 11, 6, 10, 0, 0);
const policy = { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50, timeoutMs: 2000 };

let dataDir: string;
let running: TestCollector;
let receiver: Receiver;
let clock = TERM_START;
const now = () => new Date(clock);

function evaluatorNamed(holder: string) {
  const gateway = running.collector.gateway;
  const { logger } = capturedLog();
  const dispatcher = new Dispatcher({ gateway, policy, logger });
  const lease = new EvaluatorLease({ gateway, termMs: TERM_MS, now, holder, settleMs: 100 });
  return { evaluator: new AlertEvaluator({ gateway, dispatcher, intervalMs: 60_000, now, lease, logger }), dispatcher };
}

beforeAll(async () => {
  dataDir = newDataDir();
  receiver = await startReceiver();
  // The tables only: the evaluators under test are built here, not by the module.
  running = await openTestCollector(dataDir, [
    {
      name: 'alert-tables',
      migrations: [...BUDGET_MIGRATIONS, ...ALERT_MIGRATIONS, { version: 400, name: 'report', statements: (g) => [anthropicReportTableDdl(g)] }],
    },
  ]);
  // The storm below is about the lease, not the rules: one rule that holds is enough.
  const perModel = (await getRule(running.collector.gateway, 'default-model-throttled'))!;
  await saveRule(running.collector.gateway, { ...perModel, enabled: false }, perModel);
  await saveChannel(
    running.collector.gateway,
    channelInputSchema.parse({ name: 'hook', kind: 'webhook', url: `${receiver.url}/hook`, secret: 'lease-test-secret-0123456789' }),
  );
});
afterAll(async () => {
  await running?.close();
  await receiver?.close();
  removeDataDir(dataDir);
});

const sent = () => receiver.received.map((r) => JSON.parse(r.body) as { ruleId: string; status: string });
/** A 429 storm on Haiku a minute before the clock: only the rate-limited rule holds. */
const storm = () =>
  postCalls(
    running.url,
    Array.from({ length: 30 }, (_, i) => ({ model: 'claude-haiku-4-5', attemptStatuses: [429, 200], at: new Date(clock - 60_000 + i) })),
  );

describe('one evaluator among many', () => {
  it('two-evaluators-starting-together-send-each-alert-once', async () => {
    const a = evaluatorNamed('collector-a');
    const b = evaluatorNamed('collector-b');
    clock = TERM_START + 30_000;
    await storm();
    const [ra, rb] = await Promise.all([a.evaluator.evaluateOnce(), b.evaluator.evaluateOnce()]);
    expect(ra.fired.length + rb.fired.length).toBe(1);
    expect([a.evaluator.isLeader, b.evaluator.isLeader].sort()).toEqual([false, true]);
    await receiver.waitFor(1);
    // The follower shows what the holder fired, read from the store.
    const follower = a.evaluator.isLeader ? b.evaluator : a.evaluator;
    expect((await follower.active()).map((s) => s.ruleId)).toEqual(['default-rate-limited']);

    // Into the last quarter and on to the next term: the holder keeps the lease, nothing is sent again.
    for (const at of [TERM_START + 190_000, TERM_START + TERM_MS + 30_000]) {
      clock = at;
      const results = await Promise.all([a.evaluator.evaluateOnce(), b.evaluator.evaluateOnce()]);
      expect(results.flatMap((r) => [...r.fired, ...r.resolved])).toEqual([]);
    }
    const holder = a.evaluator.isLeader ? a : b;
    const other = holder === a ? b : a;
    expect(holder.evaluator.isLeader).toBe(true);

    // The holder stops cleanly: the other takes over at once, knows the alert, and resolves it once when the storm is over.
    await holder.evaluator.stop();
    expect(await other.evaluator.evaluateOnce()).toEqual({ fired: [], resolved: [] });
    expect(other.evaluator.isLeader).toBe(true);
    clock = TERM_START + TERM_MS + 20 * 60_000;
    const ended = await other.evaluator.evaluateOnce();
    expect(ended.resolved.map((s) => s.ruleId)).toEqual(['default-rate-limited']);
    await other.dispatcher.idle();
    expect(sent().map((b) => `${b.ruleId} ${b.status}`)).toEqual(['default-rate-limited firing', 'default-rate-limited resolved']);
    await other.evaluator.stop();
  });

  it('a-holder-that-dies-is-replaced-within-two-terms', async () => {
    receiver.received.length = 0;
    const term = TERM_START + 60 * 60_000;
    clock = term + 10_000;
    const dead = evaluatorNamed('collector-dead');
    const alive = evaluatorNamed('collector-alive');
    expect((await dead.evaluator.evaluateOnce()).fired).toEqual([]);
    expect(dead.evaluator.isLeader).toBe(true);
    await alive.evaluator.evaluateOnce();
    expect(alive.evaluator.isLeader).toBe(false);
    // The holder dies without giving anything back; a storm starts.
    await storm();
    const seen: boolean[] = [];
    for (const at of [term + 200_000, term + TERM_MS + 10_000, term + TERM_MS + 200_000, term + 2 * TERM_MS + 10_000]) {
      clock = at;
      const result = await alive.evaluator.evaluateOnce();
      seen.push(alive.evaluator.isLeader);
      if (alive.evaluator.isLeader) expect(result.fired.map((s) => s.ruleId)).toEqual(['default-rate-limited']);
    }
    // Not while the dead holder's claims last (its term and the next, claimed ahead), then at once.
    expect(seen).toEqual([false, false, false, true]);
    await alive.dispatcher.idle();
    expect(sent().map((b) => `${b.ruleId} ${b.status}`)).toEqual(['default-rate-limited firing']);
    await alive.evaluator.stop();
  });
});
