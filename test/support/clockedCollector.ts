// A collector on a clock the test moves, for the scripted alert tests: evaluations run when the
// test says, at the time it sets, and deliveries retry fast. The alerts module comes from
// `clock.alerts()`, so each test lists its modules in the order it needs.
import type { AlertRule } from '@burnrate/contract';
import type { AlertsOptions } from '../../collector/src/alerts/config';
import { budgetsAlertsModule } from '../../collector/src/alerts/module';
import type { CollectorModule } from '../../collector/src/collectorModule';
import { keepOnlyRules, newDataDir, openTestCollector, removeDataDir, sendJson, type TestCollector } from './budgetsCollector';

export interface Clock {
  now: () => Date;
  /** The alerts module on this clock: evaluated only on request, deliveries retried within 50 ms. */
  alerts(overrides?: Partial<AlertsOptions>): CollectorModule;
}

export interface ClockedCollector {
  running: TestCollector;
  api(path: string): string;
  setClock(ms: number): void;
  /** Moves the clock and runs one evaluation of the enabled rules. */
  evaluateAt(ms: number): Promise<{ fired: number; resolved: number }>;
  /** Closes the collector and removes its data directory. */
  close(): Promise<void>;
}

export async function openClockedCollector(
  startMs: number,
  modules: (clock: Clock) => CollectorModule[],
  options: { keepRules?: (rule: AlertRule) => boolean } = {},
): Promise<ClockedCollector> {
  let clockMs = startMs;
  const now = () => new Date(clockMs);
  const alerts = (overrides: Partial<AlertsOptions> = {}) =>
    budgetsAlertsModule({
      intervalMs: 3_600_000,
      leaseSettleMs: 0,
      now,
      delivery: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50, timeoutMs: 2000 },
      ...overrides,
    });
  const dataDir = newDataDir();
  const running = await openTestCollector(dataDir, modules({ now, alerts }));
  if (options.keepRules) await keepOnlyRules(running.url, options.keepRules);
  const api = (path: string) => `${running.url}/api/v1${path}`;
  return {
    running,
    api,
    setClock: (ms) => (clockMs = ms),
    evaluateAt: async (ms) => {
      clockMs = ms;
      return (await (await sendJson('POST', api('/alerts/evaluate'), {})).json()) as { fired: number; resolved: number };
    },
    close: async () => {
      await running.close();
      removeDataDir(dataDir);
    },
  };
}
