// The finance module: chargeback (JSON, CSV, FOCUS), the budget days every spend chart marks,
// period-end forecasts, cache ROI, what-if repricing and cost per run. It owns no table: every
// figure is read from llm_calls (and budgets from theirs), so it never disagrees with the other
// screens.
import { Router } from 'express';
import type { CollectorModule } from '../app';
import { budgetDaysRouter } from './budgetDaysRoute';
import { cacheRoiRouter } from './cacheRoiRoute';
import { chargebackRouter } from './chargebackRoutes';
import { forecastRouter } from './forecastRoutes';
import { runsRouter } from './runsRoutes';
import { whatIfRouter } from './whatIfRoute';

export function financeModule(options: { now?: () => Date } = {}): CollectorModule {
  const now = options.now ?? (() => new Date());
  return {
    name: 'finance',
    router: ({ gateway, prices }) => Router().use(chargebackRouter(gateway, now), budgetDaysRouter(gateway), forecastRouter(gateway, now), cacheRoiRouter(gateway, prices), whatIfRouter(gateway, prices), runsRouter(gateway)),
  };
}
