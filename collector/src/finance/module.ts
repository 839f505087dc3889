// The finance module: chargeback (JSON, CSV, FOCUS) and the budget days every spend chart marks,
// over the calls already stored. It owns no
// table: every figure is read from llm_calls, so it can never disagree with the other screens.
import { Router } from 'express';
import type { CollectorModule } from '../app';
import { budgetDaysRouter } from './budgetDaysRoute';
import { chargebackRouter } from './chargebackRoutes';

export function financeModule(options: { now?: () => Date } = {}): CollectorModule {
  return {
    name: 'finance',
    router: ({ gateway }) => Router().use(chargebackRouter(gateway, options.now), budgetDaysRouter(gateway)),
  };
}
