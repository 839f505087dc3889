// budgets: the current definition of each budget (see versionedTable.ts for the model).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { BudgetPeriod, BudgetScopeKind } from '@burnrate/contract';
import { onCluster } from '../store/engines';
import type { Gateway } from '../store/gateway';
import { dateTime64ToDate, dateToDateTime64 } from '../store/time';
import { amountNanoOf, type BudgetRecord, type ValidBudgetInput } from './budget';
import { nextVersion, replacingEngine, versionedReader } from '../store/versionedTable';

export const BUDGETS_TABLE = 'budgets';

export function budgetsTableDdl(gateway: Gateway): string {
  return `CREATE TABLE IF NOT EXISTS ${gateway.table(BUDGETS_TABLE)}${onCluster(gateway)} (
    id String,
    name String,
    scope_kind LowCardinality(String),
    scope_value String,
    period LowCardinality(String),
    time_zone LowCardinality(String),
    amount_nano_usd Int64,
    thresholds_percent Array(UInt16),
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    deleted Bool,
    version UInt64
  )
  ENGINE = ${replacingEngine(gateway, BUDGETS_TABLE)}
  ORDER BY id`;
}

const readSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope_kind: z.string(),
  scope_value: z.string(),
  period: z.string(),
  time_zone: z.string(),
  amount_nano_usd: z.string().transform((s) => BigInt(s)),
  thresholds_percent: z.array(z.coerce.number()),
  created_at_text: z.string().transform(dateTime64ToDate),
  updated_at_text: z.string().transform(dateTime64ToDate),
});

function toRecord(row: unknown): BudgetRecord {
  const r = readSchema.parse(row);
  return {
    id: r.id,
    name: r.name,
    scope: { kind: r.scope_kind as BudgetScopeKind, value: r.scope_value },
    period: r.period as BudgetPeriod,
    timeZone: r.time_zone,
    amountNano: r.amount_nano_usd,
    thresholdsPercent: r.thresholds_percent,
    createdAt: r.created_at_text,
    updatedAt: r.updated_at_text,
  };
}

// Int64 as text: JSON numbers lose exactness past 2^53.
const SELECT = `SELECT id, name, scope_kind, scope_value, period, time_zone, toString(amount_nano_usd) AS amount_nano_usd,
  thresholds_percent, toString(created_at) AS created_at_text, toString(updated_at) AS updated_at_text`;

const reader = versionedReader(BUDGETS_TABLE, 'budgets', SELECT, toRecord);
export const listBudgets = reader.list;
export const getBudget = reader.get;

function insertRow(record: BudgetRecord, deleted: boolean) {
  return {
    id: record.id,
    name: record.name,
    scope_kind: record.scope.kind,
    scope_value: record.scope.value,
    period: record.period,
    time_zone: record.timeZone,
    amount_nano_usd: record.amountNano.toString(),
    thresholds_percent: record.thresholdsPercent,
    created_at: dateToDateTime64(record.createdAt),
    updated_at: dateToDateTime64(record.updatedAt),
    deleted,
    version: nextVersion(),
  };
}

export async function createBudget(gateway: Gateway, input: ValidBudgetInput, now = new Date()): Promise<BudgetRecord> {
  const record: BudgetRecord = { id: randomUUID(), ...fields(input, amountNanoOf(input)), createdAt: now, updatedAt: now };
  await gateway.insert('budgets-create', gateway.table(BUDGETS_TABLE), [insertRow(record, false)]);
  return record;
}

/** amountNano is passed separately so an unchanged amount is never re-derived from a float. */
export async function replaceBudget(
  gateway: Gateway,
  existing: BudgetRecord,
  input: ValidBudgetInput,
  amountNano: bigint,
  now = new Date(),
): Promise<BudgetRecord> {
  const record: BudgetRecord = { id: existing.id, ...fields(input, amountNano), createdAt: existing.createdAt, updatedAt: now };
  await gateway.insert('budgets-update', gateway.table(BUDGETS_TABLE), [insertRow(record, false)]);
  return record;
}

export async function deleteBudget(gateway: Gateway, existing: BudgetRecord, now = new Date()): Promise<void> {
  await gateway.insert('budgets-delete', gateway.table(BUDGETS_TABLE), [insertRow({ ...existing, updatedAt: now }, true)]);
}

function fields(input: ValidBudgetInput, amountNano: bigint) {
  return {
    name: input.name,
    scope: input.scope,
    period: input.period,
    timeZone: input.timeZone,
    amountNano,
    thresholdsPercent: input.thresholdsPercent,
  };
}
