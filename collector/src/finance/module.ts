// The finance module: chargeback (JSON, CSV, FOCUS), the budget days every spend chart marks, and
// period-end forecasts. It owns no table: every figure is read from llm_calls (and budgets from
// their table), so it can never disagree with the other screens.
import { Router } from 'express';
import type { CollectorModule } from '../app';
import { budgetDaysRouter } from './budgetDaysRoute';
import { chargebackRouter } from './chargebackRoutes';
import { forecastRouter } from './forecastRoutes';

export function financeModule(options: { now?: () => Date } = {}): CollectorModule {
  const now = options.now ?? (() => new Date());
  return {
    name: 'finance',
    router: ({ gateway }) => Router().use(chargebackRouter(gateway, now), budgetDaysRouter(gateway), forecastRouter(gateway, now)),
  };
}
