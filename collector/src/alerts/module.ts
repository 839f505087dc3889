// Budgets, alerts and /metrics as one collector module: they share the budget status code and
// the evaluator (the alerts API shows what it holds firing; /metrics counts it).
import { Router } from 'express';
import type { CollectorModule, ModuleContext } from '../collectorModule';
import { alertLifecycleRouter } from './alertLifecycleRoutes';
import { alertsRouter } from './alertsRoutes';
import { budgetsRouter } from '../budgets/budgetsRoutes';
import { metricsRouter } from './metricsRoute';
import { BUDGET_MIGRATIONS } from '../budgets/migrations';
import { BUDGETS_TABLE } from '../budgets/budgetsTable';
import { budgetsInScope, rulesOverBudgetsInScope } from './scopeRules';
import { RULES_TABLE } from './rulesTable';
import { alertsOptionsFromConfig, type AlertsOptions } from './config';
import { Dispatcher } from './dispatcher';
import { guardedFetch, outboundPolicy } from './outbound';
import { AlertEvaluator } from './evaluator';
import { EvaluatorLease } from './lease/evaluatorLease';
import { ALERT_MIGRATIONS } from './migrations';

const outbound = (context: ModuleContext) => outboundPolicy(context.config.BURNRATE_OUTBOUND_ALLOW);

interface Running {
  evaluator: AlertEvaluator;
  dispatcher: Dispatcher;
}

/** Options left out come from the collector's config (BURNRATE_ALERT_*). */
export function budgetsAlertsModule(overrides: Partial<AlertsOptions> & { fetch?: typeof fetch } = {}): CollectorModule {
  let running: Running | undefined;
  const since = new Date();

  function build(context: ModuleContext): Running {
    if (running) return running;
    const options = { ...alertsOptionsFromConfig(context.config), ...overrides };
    const dispatcher = new Dispatcher({
      gateway: context.gateway,
      policy: options.delivery,
      fetch: overrides.fetch ?? guardedFetch(outbound(context)),
      publicUrl: options.publicUrl,
      logger: context.logger,
    });
    const now = options.now ?? (() => new Date());
    // Always on: alone on a store, a collector takes the lease at its first evaluation.
    const lease = new EvaluatorLease({ gateway: context.gateway, termMs: options.leaseTermMs ?? 4 * options.intervalMs, now, settleMs: options.leaseSettleMs });
    const evaluator = new AlertEvaluator({
      gateway: context.gateway,
      dispatcher,
      intervalMs: options.intervalMs,
      now,
      lease,
      writeAheadLog: () => context.writer.status(),
      spendLimitsFile: context.config.BURNRATE_SPEND_LIMITS_FILE,
      logger: context.logger,
    });
    running = { evaluator, dispatcher };
    return running;
  }

  return {
    name: 'budgets-alerts',
    migrations: [...BUDGET_MIGRATIONS, ...ALERT_MIGRATIONS],
    // A reader limited to a team sees that team's budgets, and the rules that watch only those
    // budgets (named by id); other rules, events and channels concern the whole organisation and
    // stay closed to them.
    scopeRules: (gateway) => ({
      [BUDGETS_TABLE]: budgetsInScope,
      [RULES_TABLE]: (scope) => rulesOverBudgetsInScope(gateway.table(BUDGETS_TABLE), scope),
    }),
    router: (context) => {
      const { evaluator } = build(context);
      const router = Router();
      router.use(budgetsRouter({ gateway: context.gateway, now: overrides.now }));
      router.use(alertsRouter({ gateway: context.gateway, evaluator, outbound: outbound(context) }));
      router.use(alertLifecycleRouter({ gateway: context.gateway, evaluator, now: overrides.now }));
      router.use(
        metricsRouter({
          gateway: context.gateway,
          evaluator,
          since,
          now: overrides.now,
          ingestHealth: context.ingestHealth,
          writer: context.writer,
          processMonitor: context.processMonitor,
        }),
      );
      return router;
    },
    start: (context) => build(context).evaluator.start(),
    stop: async () => {
      if (!running) return;
      await running.evaluator.stop();
      await running.dispatcher.close();
      running = undefined;
    },
  };
}
