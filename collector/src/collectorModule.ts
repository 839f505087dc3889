// What a feature module (query API, budgets and alerts, reconcile, Claude Code, audit, finance…)
// plugs into the collector, and what it is handed. Kept apart from app.ts so a feature depends on
// this small contract, not on the app that mounts it.
import type { RequestHandler, Router } from 'express';
import type { Config } from './config';
import type { Logger } from './log/logger';
import type { IngestHealth } from './ingestHealth/ingestHealth';
import type { PriceTable } from './pricing/priceTable';
import type { Gateway } from './store/gateway';
import type { Migration } from './store/migrations';
import type { BatchWriter } from './store/writer';
import type { ProcessMonitor } from './processHealth/processHealth';
import type { TableScopeRule } from './store/readScope';

/** What a stage beyond the core (query API, budgets, alerts, auth) plugs into the collector. */
export interface CollectorModule {
  name: string;
  migrations?: Migration[];
  /** Rollup tables (and the DateTime column they are bucketed by), kept for BURNRATE_ROLLUP_RETENTION_DAYS. */
  rollupTables?: { table: string; timeColumn: string }[];
  /** Tables with a retention setting of their own (the audit log). */
  retention?: { table: string; timeColumn: string; days: (config: Config) => number }[];
  /**
   * How a viewer limited to some teams or projects reads this module's tables (store/readScope.ts).
   * A table left out is closed to such viewers: reading it answers 403.
   */
  scopeRules?: (gateway: Gateway) => Record<string, TableScopeRule>;
  /** Runs for every request, after the caller is known and before any route (the audit recorder). */
  middleware?: (context: ModuleContext) => RequestHandler;
  router?: (context: ModuleContext) => Router;
  /** Background work (an evaluator on a schedule); stop() must end it. */
  start?: (context: ModuleContext) => Promise<void> | void;
  stop?: () => Promise<void> | void;
}

export interface ModuleContext {
  config: Config;
  gateway: Gateway;
  writer: BatchWriter;
  /** The collector's own process: event-loop delay and memory (processHealth/). */
  processMonitor: ProcessMonitor;
  prices: PriceTable;
  ingestHealth: IngestHealth;
  /** The collector's logger; a module logs through it (in a route, through req.logger, which carries the request's id). */
  logger: Logger;
}
