// A store that is down when the collector starts must not stop it (the collector spools and
// retries); the evaluator then sends nothing until it has read what was already firing.
import { expect, it, vi } from 'vitest';
import { capturedLog } from '../../../test/support/capturedLog';
import { StoreError, type Gateway } from '../store/gateway';
import { Dispatcher } from './dispatcher';
import { AlertEvaluator } from './evaluator';

it('store-down-at-start-starts-anyway-and-evaluates-nothing-blind', async () => {
  let down = true;
  const query = vi.fn(async () => {
    if (down) throw new StoreError('ClickHouse alert-state-firing failed: connect ECONNREFUSED', true);
    return [];
  });
  const gateway = { table: (name: string) => name, query, insert: async () => undefined } as unknown as Gateway;
  const { logger, messages } = capturedLog();
  const dispatcher = new Dispatcher({ gateway, policy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 100 }, logger });
  const enqueue = vi.spyOn(dispatcher, 'enqueue');
  const evaluator = new AlertEvaluator({ gateway, dispatcher, intervalMs: 3_600_000, logger });
  await expect(evaluator.start()).resolves.toBeUndefined();
  await expect(evaluator.evaluateOnce()).rejects.toThrow(/ECONNREFUSED/);
  // Every read so far was the firing-state load: nothing was evaluated without it.
  expect(query.mock.calls.every((call) => (call as unknown[])[0] === 'alert-state-firing')).toBe(true);
  down = false;
  await expect(evaluator.evaluateOnce()).resolves.toEqual({ fired: [], resolved: [] });
  expect(enqueue).not.toHaveBeenCalled();
  await evaluator.stop();
  expect(messages('warn')).toContainEqual(expect.stringContaining('alert state not loaded yet'));
});
