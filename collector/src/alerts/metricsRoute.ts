// GET /metrics in the Prometheus text format, for the tools on-call already uses. The numbers
// come from the same code as the status API (budget gauges) and the evaluator (firing alerts).
import { Router } from 'express';
import type { AlertEvaluator } from './evaluator';
import { metricFamilies } from './metricFamilies';
import { attemptCounters, callCounters } from './metricsQueries';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from './prometheus';
import { listBudgets } from '../budgets/budgetsTable';
import { budgetStatuses } from '../budgets/status';
import type { IngestHealth } from '../ingestHealth/ingestHealth';
import { ingestHealthFamilies } from './ingestHealthMetrics';
import type { Gateway } from '../store/gateway';
import type { WriterStatus } from '../store/writer';
import { writeAheadLogFamilies } from './writeAheadLogMetrics';
import { processFamilies } from './processMetrics';
import type { ProcessHealth } from '../processHealth/processHealth';
import { allow } from '../auth/policy';

export interface MetricsRouteDeps {
  gateway: Gateway;
  evaluator: AlertEvaluator;
  ingestHealth?: IngestHealth;
  writer?: { status(): WriterStatus };
  processMonitor?: { snapshot(): ProcessHealth };
  /** Counters count calls that started from here on (the collector's start). */
  since: Date;
  now?: () => Date;
}

export function metricsRouter(deps: MetricsRouteDeps): Router {
  const { gateway, evaluator, since } = deps;
  const router = Router();
  router.get('/metrics', allow('metrics'), async (_req, res) => {
    const now = deps.now?.() ?? new Date();
    const calls = await callCounters(gateway, since, now);
    const attempts = await attemptCounters(gateway, since, now);
    const budgets = await budgetStatuses(gateway, await listBudgets(gateway), now);
    const firing = await evaluator.active();
    const ingest = deps.ingestHealth ? ingestHealthFamilies(deps.ingestHealth.snapshot()) : [];
    const log = deps.writer ? writeAheadLogFamilies(deps.writer.status()) : [];
    const process = deps.processMonitor ? processFamilies(deps.processMonitor.snapshot()) : [];
    res.type(PROMETHEUS_CONTENT_TYPE).send(renderPrometheus([...metricFamilies({ since, calls, attempts, budgets, firing }), ...ingest, ...log, ...process]));
  });
  return router;
}
