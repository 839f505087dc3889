// Alerts' schema: versions 210–239 of the 200–299 range that budgets and alerts share. The
// default rules are seeded by a migration so they arrive exactly once: a rule the user removes
// stays removed.
import type { Migration } from '../store/migrations';
import { channelsTableDdl } from './channelsTable';
import { deliveriesTableDdl } from './deliveriesTable';
import { eventsTableDdl } from './eventsTable';
import { defaultRulesInsert, rulesTableDdl } from './rulesTable';
import {
  BURN_RATE_RULES,
  DRIFT_RULE,
  INGEST_LOG_RULE,
  KEY_SPEND_SPIKE_RULE,
  LIMIT_RULES,
  MODEL_THROTTLED_RULE,
  RATE_LIMIT_HEADROOM_RULE,
  SPEND_ANOMALY_RULE,
} from './rule';
import { leaseTableDdl } from './lease/leaseTable';
import { acksTableDdl } from './lifecycle/acksTable';
import { silencesTableDdl } from './lifecycle/silencesTable';
import { stateTableDdl } from './stateTable';

export const ALERT_MIGRATIONS: Migration[] = [
  {
    version: 210,
    name: 'alert rules, channels, state, events, deliveries',
    statements: (g) => [rulesTableDdl(g), channelsTableDdl(g), stateTableDdl(g), eventsTableDdl(g), deliveriesTableDdl(g)],
  },
  { version: 211, name: 'default alert rules', statements: (g) => [defaultRulesInsert(g)] },
  { version: 212, name: 'default reconciliation drift rule', statements: (g) => [defaultRulesInsert(g, [DRIFT_RULE])] },
  { version: 213, name: 'alert evaluator lease', statements: (g) => [leaseTableDdl(g)] },
  { version: 214, name: 'default budget burn-rate rules', statements: (g) => [defaultRulesInsert(g, BURN_RATE_RULES)] },
  { version: 215, name: 'alert silences and acknowledgements', statements: (g) => [silencesTableDdl(g), acksTableDdl(g)] },
  { version: 216, name: 'default per-model 429/529 rule', statements: (g) => [defaultRulesInsert(g, [MODEL_THROTTLED_RULE])] },
  { version: 217, name: 'default spend anomaly rule', statements: (g) => [defaultRulesInsert(g, [SPEND_ANOMALY_RULE])] },
  { version: 220, name: 'default spend limit and usage window rules', statements: (g) => [defaultRulesInsert(g, LIMIT_RULES)] },
  { version: 230, name: 'default rate-limit headroom rule', statements: (g) => [defaultRulesInsert(g, [RATE_LIMIT_HEADROOM_RULE])] },
  { version: 240, name: 'default write-ahead log rule', statements: (g) => [defaultRulesInsert(g, [INGEST_LOG_RULE])] },
  { version: 250, name: 'default key spend spike rule', statements: (g) => [defaultRulesInsert(g, [KEY_SPEND_SPIKE_RULE])] },
];
