// Alert rules as the API takes them: a name, a severity, where to send, and a condition whose
// fields take defaults, validated once with zod.
import { z } from 'zod';
import { ALERT_SEVERITIES, type AlertCondition, type AlertRule, type AlertSeverity, deprecatedModelsAt } from '@burnrate/contract';
import { canonicalModelId } from '../pricing/modelId';
import { BURN_PACES } from './burnRate';
import { SDK_DEPRECATED_MODELS } from './deprecatedModels';

/** A rule as stored: the API's shape, with its times as dates. */
export interface AlertRuleRecord extends Omit<AlertRule, 'createdAt' | 'updatedAt'> {
  createdAt: Date;
  updatedAt: Date;
}

const ids = z.array(z.string().min(1).max(100)).max(100).default([]);
const windowMinutes = (fallback: number) => z.number().int().min(1).max(1440).default(fallback);
const percent = z.number().gt(0).max(100);
const label = z.string().trim().max(128).default('');
const model = label.transform((m) => (m ? canonicalModelId(m) : m));

export const conditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('budget_threshold'), budgetIds: ids }).strict(),
  z.object({ kind: z.literal('budget_forecast'), budgetIds: ids }).strict(),
  z.object({ kind: z.literal('budget_burn_rate'), budgetIds: ids, pace: z.enum(BURN_PACES).default('fast') }).strict(),
  z
    .object({
      kind: z.literal('rate_limited_ratio'),
      thresholdPercent: percent.default(5),
      windowMinutes: windowMinutes(15),
      minAttempts: z.number().int().min(1).default(20),
      service: label,
      model,
    })
    .strict(),
  z
    .object({
      kind: z.literal('spend_anomaly'),
      weeks: z.number().int().min(2).max(8).default(4),
      minUsd: z.number().min(0).max(1_000_000).default(1),
      factor: z.number().min(1).max(1000).default(3),
      minScore: z.number().min(0).max(1000).default(5),
    })
    .strict(),
  z
    .object({
      kind: z.literal('model_throttled'),
      thresholdPercent: percent.default(10),
      windowMinutes: windowMinutes(5),
      minAttempts: z.number().int().min(1).default(10),
    })
    .strict(),
  z
    .object({
      kind: z.literal('rate_limit_headroom'),
      withinMinutes: z.number().min(0).max(1440).default(10),
      percentOfLimit: percent.default(95),
      windowMinutes: windowMinutes(60),
    })
    .strict(),
  z
    .object({
      kind: z.literal('error_ratio'),
      thresholdPercent: percent.default(5),
      windowMinutes: windowMinutes(15),
      minCalls: z.number().int().min(1).default(20),
      service: label,
      model,
    })
    .strict(),
  z
    .object({
      kind: z.literal('latency_p95'),
      thresholdMs: z.number().positive().max(3_600_000).default(120_000),
      windowMinutes: windowMinutes(15),
      minCalls: z.number().int().min(1).default(20),
      model,
    })
    .strict(),
  z.object({ kind: z.literal('unpriced_model'), windowMinutes: windowMinutes(60) }).strict(),
  z
    .object({
      kind: z.literal('deprecated_model'),
      windowMinutes: windowMinutes(60),
      models: z
        .array(z.string().trim().min(1).max(128))
        .max(200)
        // The SDK's list and every model the retirement schedule (@burnrate/contract) has as
        // deprecated when the rule is read, so a new deprecation needs no rule edit.
        .default(() => [...SDK_DEPRECATED_MODELS, ...deprecatedModelsAt(new Date())])
        .transform((list) => [...new Set(list.map(canonicalModelId))]),
    })
    .strict(),
  z
    .object({
      kind: z.literal('key_spend_spike'),
      windowMinutes: windowMinutes(60),
      factor: z.number().min(1).max(1000).default(5),
      // Below this a new key's first calls would all read as a spike.
      minUsd: z.number().min(0).max(1_000_000).default(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('reconcile_drift'),
      thresholdPercent: percent.default(10),
      lookbackDays: z.number().int().min(1).max(31).default(3),
      // Below this, a few cents of rounding reads as a large percentage.
      minReportedUsd: z.number().min(0).max(1_000_000).default(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('ingest_log'),
      maxAgeSeconds: z.number().int().min(1).max(86_400).default(300),
      maxPercent: percent.default(50),
      // 2: warn while there is still room, before exports are refused at the floor.
      freeSpaceFactor: z.number().min(1).max(100).default(2),
    })
    .strict(),
  z.object({ kind: z.literal('spend_limit_refused') }).strict(),
  z.object({ kind: z.literal('spend_limit_threshold'), forecast: z.boolean().default(true) }).strict(),
  z.object({ kind: z.literal('usage_window'), thresholdPercent: percent.default(80), windowMinutes: windowMinutes(60) }).strict(),
]);

export const ruleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean().default(true),
    severity: z.enum(ALERT_SEVERITIES).default('warning'),
    channelIds: ids,
    condition: conditionSchema,
  })
  .strict();

export type ValidRuleInput = z.infer<typeof ruleInputSchema>;

export function ruleToApi(rule: AlertRuleRecord): AlertRule {
  return { ...rule, createdAt: rule.createdAt.toISOString(), updatedAt: rule.updatedAt.toISOString() };
}

/** What a fresh install watches; seeded once by a migration, then the user's to change or remove. */
export const DEFAULT_RULES: { id: string; name: string; severity: AlertSeverity; condition: AlertCondition }[] = [
  { id: 'default-budget-thresholds', name: 'Budget threshold reached', severity: 'warning', condition: conditionSchema.parse({ kind: 'budget_threshold' }) },
  {
    id: 'default-budget-forecast',
    name: 'Budget projected to be exceeded',
    severity: 'warning',
    condition: conditionSchema.parse({ kind: 'budget_forecast' }),
  },
  {
    id: 'default-rate-limited',
    name: 'Rate-limited (429) attempts above 5%',
    severity: 'critical',
    condition: conditionSchema.parse({ kind: 'rate_limited_ratio' }),
  },
  { id: 'default-error-rate', name: 'Failed calls above 5%', severity: 'critical', condition: conditionSchema.parse({ kind: 'error_ratio' }) },
  { id: 'default-latency-p95', name: 'p95 latency above 2 minutes', severity: 'warning', condition: conditionSchema.parse({ kind: 'latency_p95' }) },
  { id: 'default-unpriced-model', name: 'Call to a model with no price', severity: 'warning', condition: conditionSchema.parse({ kind: 'unpriced_model' }) },
  { id: 'default-deprecated-model', name: 'Call to a deprecated model', severity: 'info', condition: conditionSchema.parse({ kind: 'deprecated_model' }) },
];

/** Added with migration 214: page on a fast burn, ticket a slow one (windows per budget period in burnRate.ts). */
export const BURN_RATE_RULES = [
  {
    id: 'default-budget-burn-fast',
    name: 'Budget burning fast',
    severity: 'critical' as AlertSeverity,
    condition: conditionSchema.parse({ kind: 'budget_burn_rate', pace: 'fast' }),
  },
  {
    id: 'default-budget-burn-slow',
    name: 'Budget burning slowly but steadily',
    severity: 'warning' as AlertSeverity,
    condition: conditionSchema.parse({ kind: 'budget_burn_rate', pace: 'slow' }),
  },
];

/** Added with migration 216: one alert per model and status, so on-call sees which model and how long to back off. */
export const MODEL_THROTTLED_RULE = {
  id: 'default-model-throttled',
  name: 'A model is rate-limited (429) or overloaded (529)',
  severity: 'warning' as AlertSeverity,
  condition: conditionSchema.parse({ kind: 'model_throttled' }),
};

/** Added with migration 230: a rate limit about to run out, before the 429s come. */
export const RATE_LIMIT_HEADROOM_RULE = {
  id: 'default-rate-limit-headroom',
  name: 'A rate limit is about to run out',
  severity: 'warning' as AlertSeverity,
  condition: conditionSchema.parse({ kind: 'rate_limit_headroom' }),
};

/** Added with migration 217. */
export const SPEND_ANOMALY_RULE = {
  id: 'default-spend-anomaly',
  name: 'Spend far above its usual hour',
  severity: 'warning' as AlertSeverity,
  condition: conditionSchema.parse({ kind: 'spend_anomaly' }),
};

/**
 * Added with migration 250: a leaked key's first sign is spend it never had, so every install
 * watches each ingest key's last hour against its own week before (issue 17).
 */
export const KEY_SPEND_SPIKE_RULE = {
  id: 'default-key-spend-spike',
  name: 'An ingest key is spending far above its usual rate (leaked?)',
  severity: 'critical' as AlertSeverity,
  condition: conditionSchema.parse({ kind: 'key_spend_spike' }),
};

/** Added with migration 240: accepted exports piling up unstored, or the disk running out under them. */
export const INGEST_LOG_RULE = {
  id: 'default-ingest-log',
  name: 'Accepted spans are piling up in the write-ahead log, or its disk is running out',
  severity: 'critical' as AlertSeverity,
  condition: conditionSchema.parse({ kind: 'ingest_log' }),
};

/** Added after the first defaults (migration 212), so installs that already have those get it too. */
export const DRIFT_RULE = {
  id: 'default-reconcile-drift',
  name: "Estimate drifts more than 10% from Anthropic's report",
  severity: 'warning' as AlertSeverity,
  condition: conditionSchema.parse({ kind: 'reconcile_drift' }),
};

/** Added with migration 220: every limit that stops calls, told apart (collector/src/limits). */
export const LIMIT_RULES = [
  {
    id: 'default-spend-limit-refused',
    name: 'Calls refused by a spend cap or limit',
    severity: 'critical' as AlertSeverity,
    condition: conditionSchema.parse({ kind: 'spend_limit_refused' }),
  },
  {
    id: 'default-spend-limit-threshold',
    name: 'Spend limit threshold reached or forecast to be crossed',
    severity: 'warning' as AlertSeverity,
    condition: conditionSchema.parse({ kind: 'spend_limit_threshold' }),
  },
  {
    id: 'default-usage-window',
    name: 'Usage window above 80%',
    severity: 'warning' as AlertSeverity,
    condition: conditionSchema.parse({ kind: 'usage_window' }),
  },
];
