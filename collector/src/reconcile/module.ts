// Reconciling with Anthropic's own bill: with ANTHROPIC_ADMIN_KEY set, pull Anthropic's cost and
// usage reports once a day and serve burnrate's estimate beside them per day and model.
// Migration 400 of the integrations range (400–499).
import Anthropic from '@anthropic-ai/sdk';
import { reconcileRouter } from './reconcileRoutes';
import type { CollectorModule } from '../collectorModule';
import { ReportPuller, type PullOutcome } from './puller';
import { anthropicReportTableDdl } from './reportTable';

const DAY_MS = 86_400_000;

export interface ReconcileModuleOptions {
  /** The fetch the Anthropic SDK uses; tests pass a scripted one, so no test calls the live API. */
  fetch?: typeof fetch;
  now?: () => Date;
  /** Pull as soon as the collector starts (default true). */
  pullOnStart?: boolean;
  warn?: (message: string) => void;
}

export interface ReconcileModule extends CollectorModule {
  /** Pulls now; undefined when no Admin API key is configured. */
  pullNow(): Promise<PullOutcome | undefined>;
}

export function reconcileModule(options: ReconcileModuleOptions = {}): ReconcileModule {
  let puller: ReportPuller | undefined;
  return {
    name: 'reconcile',
    migrations: [{ version: 400, name: "Anthropic's daily cost and usage report", statements: (g) => [anthropicReportTableDdl(g)] }],
    router: ({ gateway }) => reconcileRouter({ gateway, pullStatus: () => ({ configured: puller !== undefined, last: puller?.last }) }),
    start: ({ gateway, config, logger }) => {
      if (!config.ANTHROPIC_ADMIN_KEY) return;
      const client = new Anthropic({ apiKey: config.ANTHROPIC_ADMIN_KEY, fetch: options.fetch, timeout: 60_000 });
      puller = new ReportPuller({
        client,
        gateway,
        lookbackDays: config.BURNRATE_RECONCILE_LOOKBACK_DAYS,
        now: options.now ?? (() => new Date()),
        warn: options.warn ?? ((message) => logger.warn(message)),
      });
      // Not awaited: a slow or unreachable Anthropic API must not hold up the collector's start.
      if (options.pullOnStart !== false) void puller.pull();
      puller.schedule(DAY_MS);
    },
    stop: () => puller?.stop(),
    pullNow: async () => puller?.pull(),
  };
}
