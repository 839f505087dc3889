// alert_rules: the current definition of each rule (see store/versionedTable.ts). The
// condition is kept as JSON text and validated again on the way out.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AlertCondition, AlertSeverity } from '@burnrate/contract';
import { nextVersion, replacingEngine, versionedReader } from '../store/versionedTable';
import { onCluster } from '../store/engines';
import type { Gateway } from '../store/gateway';
import { dateTime64ToDate, dateToDateTime64 } from '../store/time';
import { conditionSchema, DEFAULT_RULES, type AlertRuleRecord, type ValidRuleInput } from './rule';

export const RULES_TABLE = 'alert_rules';

export function rulesTableDdl(gateway: Gateway): string {
  return `CREATE TABLE IF NOT EXISTS ${gateway.table(RULES_TABLE)}${onCluster(gateway)} (
    id String,
    name String,
    enabled Bool,
    severity LowCardinality(String),
    channel_ids Array(String),
    condition String,
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    deleted Bool,
    version UInt64
  )
  ENGINE = ${replacingEngine(gateway, RULES_TABLE)}
  ORDER BY id`;
}

function sqlString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The default rules as one INSERT for the seeding migration (constants only, quoted anyway). */
export function defaultRulesInsert(
  gateway: Gateway,
  rules: readonly { id: string; name: string; severity: AlertSeverity; condition: AlertCondition }[] = DEFAULT_RULES,
): string {
  const rows = rules.map(
    (r) =>
      `(${sqlString(r.id)}, ${sqlString(r.name)}, true, ${sqlString(r.severity)}, [], ${sqlString(JSON.stringify(r.condition))}, now64(3), now64(3), false, 1)`,
  );
  return `INSERT INTO ${gateway.table(RULES_TABLE)} (id, name, enabled, severity, channel_ids, condition, created_at, updated_at, deleted, version) VALUES ${rows.join(', ')}`;
}

const readSchema = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  severity: z.string(),
  channel_ids: z.array(z.string()),
  condition: z.string(),
  created_at_text: z.string().transform(dateTime64ToDate),
  updated_at_text: z.string().transform(dateTime64ToDate),
});

function toRecord(row: unknown): AlertRuleRecord {
  const r = readSchema.parse(row);
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    severity: r.severity as AlertSeverity,
    channelIds: r.channel_ids,
    condition: conditionSchema.parse(JSON.parse(r.condition)),
    createdAt: r.created_at_text,
    updatedAt: r.updated_at_text,
  };
}

const SELECT = `SELECT id, name, enabled, severity, channel_ids, condition, toString(created_at) AS created_at_text, toString(updated_at) AS updated_at_text`;

const reader = versionedReader(RULES_TABLE, 'alert-rules', SELECT, toRecord);
export const listRules = reader.list;
export const getRule = reader.get;

function insertRow(rule: AlertRuleRecord, deleted: boolean) {
  return {
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    severity: rule.severity,
    channel_ids: rule.channelIds,
    condition: JSON.stringify(rule.condition),
    created_at: dateToDateTime64(rule.createdAt),
    updated_at: dateToDateTime64(rule.updatedAt),
    deleted,
    version: nextVersion(),
  };
}

export async function saveRule(gateway: Gateway, input: ValidRuleInput, existing?: AlertRuleRecord, now = new Date()): Promise<AlertRuleRecord> {
  const rule: AlertRuleRecord = { id: existing?.id ?? randomUUID(), ...input, createdAt: existing?.createdAt ?? now, updatedAt: now };
  await gateway.insert('alert-rules-save', gateway.table(RULES_TABLE), [insertRow(rule, false)]);
  return rule;
}

export async function deleteRule(gateway: Gateway, existing: AlertRuleRecord, now = new Date()): Promise<void> {
  await gateway.insert('alert-rules-delete', gateway.table(RULES_TABLE), [insertRow({ ...existing, updatedAt: now }, true)]);
}
