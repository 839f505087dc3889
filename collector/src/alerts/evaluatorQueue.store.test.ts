// On the embedded engine, parameterized queries run one at a time in the order asked (chdb-node),
// so a dashboard request that comes during an alert evaluation waits behind every alert query
// already queued. The evaluator therefore asks one at a time there, and the key spend spike rule
// does not read 8 days of calls' versions when no call was sent with a key.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { capturedLog } from '../../../test/support/capturedLog';
import { newDataDir, openTestCollector, removeDataDir, type TestCollector } from '../../../test/support/budgetsCollector';
import type { Gateway } from '../store/gateway';
import { Dispatcher } from './dispatcher';
import { AlertEvaluator } from './evaluator';
import { budgetsAlertsModule } from './module';

let dataDir: string;
let running: TestCollector;
beforeAll(async () => {
  dataDir = newDataDir();
  running = await openTestCollector(dataDir, [budgetsAlertsModule({ intervalMs: 3_600_000, leaseSettleMs: 0 })]);
});
afterAll(async () => {
  await running?.close();
  removeDataDir(dataDir);
});

/** Read beside the rules on purpose (evaluator.ts): needed only when something fires. */
const BESIDE_THE_RULES = new Set(['alert-silences-list']);

/** The collector's own embedded gateway, watched: how many of the rules' queries run at once, and which ran. */
function watched(gateway: Gateway) {
  const seen = { most: 0, now: 0, tags: [] as string[] };
  const query: Gateway['query'] = async (tag, ...rest) => {
    seen.tags.push(tag);
    const counted = !BESIDE_THE_RULES.has(tag);
    if (counted) seen.most = Math.max(seen.most, ++seen.now);
    try {
      return await gateway.query(tag, ...rest);
    } finally {
      if (counted) seen.now--;
    }
  };
  return { gateway: { ...gateway, query }, seen };
}

it('embedded, evaluates one rule at a time, and reads no call versions for the key spend spike when no call has a key', async () => {
  const { gateway, seen } = watched(running.collector.gateway);
  expect(gateway.kind).toBe('embedded');
  const { logger } = capturedLog();
  const dispatcher = new Dispatcher({ gateway, policy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 100 }, logger });
  const evaluator = new AlertEvaluator({ gateway, dispatcher, intervalMs: 3_600_000, logger });
  await evaluator.evaluateOnce();
  expect(seen.tags.filter((t) => t.startsWith('alert-')).length).toBeGreaterThan(5); // the default rules ran
  // One rule at a time; a rule itself may read two things at once (a rate and its limit).
  expect(seen.most).toBeLessThanOrEqual(2);
  expect(seen.tags).toContain('key-spend-any');
  expect(seen.tags).not.toContain('key-spend');
  await evaluator.stop();
});
