// burnrate_spend_limits: the limits entered on the dashboard. One row per limit id; a newer row
// replaces an older one, a removal is a row with deleted = true.
import { mergeTreeEngine, onCluster } from '../store/engines';
import type { Gateway } from '../store/gateway';
import { dateToDateTime64 } from '../store/time';
import type { SpendLimit, SpendLimitKind } from '@burnrate/contract';

export const SPEND_LIMITS_TABLE = 'burnrate_spend_limits';

export function spendLimitsTableDdl(gateway: Gateway): string {
  return `CREATE TABLE IF NOT EXISTS ${gateway.table(SPEND_LIMITS_TABLE)}${onCluster(gateway)} (
    id String,
    kind LowCardinality(String),
    workspace String,
    amount_nano_usd Int64,
    thresholds_percent Array(Float64),
    deleted Bool DEFAULT false,
    updated_at DateTime64(3, 'UTC')
  ) ENGINE = ${mergeTreeEngine(gateway, 'ReplacingMergeTree', SPEND_LIMITS_TABLE, 'updated_at')} ORDER BY id`;
}

interface Row {
  id: string;
  kind: SpendLimitKind;
  workspace: string;
  amount_nano_usd: string;
  thresholds_percent: number[];
  deleted: boolean | number;
}

export async function listDashboardLimits(gateway: Gateway): Promise<SpendLimit[]> {
  const rows = await gateway.query<Row>(
    'spend-limits-list',
    `SELECT id, kind, workspace, toString(amount_nano_usd) AS amount_nano_usd, thresholds_percent, deleted
     FROM ${gateway.table(SPEND_LIMITS_TABLE)} FINAL ORDER BY id`,
    {},
  );
  return rows
    .filter((r) => !r.deleted)
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      workspace: r.workspace,
      amountUsd: Number(BigInt(r.amount_nano_usd)) / 1e9,
      thresholdsPercent: r.thresholds_percent.map(Number),
      source: 'dashboard',
    }));
}

export async function saveDashboardLimit(gateway: Gateway, limit: SpendLimit, now: Date, deleted = false): Promise<void> {
  await gateway.insert('spend-limits-save', gateway.table(SPEND_LIMITS_TABLE), [
    {
      id: limit.id,
      kind: limit.kind,
      workspace: limit.workspace,
      // Cents are what the Console takes: exact in nano-dollars.
      amount_nano_usd: (BigInt(Math.round(limit.amountUsd * 100)) * 10_000_000n).toString(),
      thresholds_percent: limit.thresholdsPercent,
      deleted,
      updated_at: dateToDateTime64(now).slice(0, 23),
    },
  ]);
}
