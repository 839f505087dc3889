// The stages beyond the core that `npm start` runs. Migration versions: core 1–99, query API
// and rollups 100–199, budgets and alerts 200–299, auth 300–399, integrations 400–499, audit 500–599,
// finance 600–699, limits 700–709.
import type { CollectorModule } from './collectorModule';
import { budgetsAlertsModule } from './alerts/module';
import { auditModule } from './audit/module';
import { billingModule } from './billing/module';
import { queryModule } from './query';
import { claudeCodeModule } from './claudeCode/module';
import { reconcileModule } from './reconcile/module';
import { financeModule } from './finance/module';
import { limitsModule } from './limits/module';

export const DEFAULT_MODULES: CollectorModule[] = [
  queryModule,
  billingModule,
  claudeCodeModule(),
  reconcileModule(),
  budgetsAlertsModule(),
  auditModule,
  financeModule(),
  limitsModule(),
];
