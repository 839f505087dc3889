// One query for a chargeback: per UTC month, attribution value and model, the calls' exact cost
// and tokens by kind. Reads llm_calls (FINAL, so a replayed span is never counted twice) because
// tenant and user are not in every rollup; a chargeback reads a few months once, not per refresh.
import { z } from 'zod';
import { CALLS_TABLE } from '../store/callsTable';
import { chBigInt, chCount } from '../store/chValues';
import type { Gateway } from '../store/gateway';
import { dateToDateTime64 } from '../store/time';
import { queryRows } from '../store/typedQuery';
import type { ChargebackDimension } from './contract';

// A fixed map from dimension to column, so no request text ever reaches the SQL.
export const DIMENSION_COLUMNS: Record<ChargebackDimension, string> = {
  team: 'team',
  project: 'project',
  tenant: 'tenant',
  user: 'user',
  service: 'service_name',
  feature: 'feature',
};

const count = chCount;
const rowSchema = z.object({
  month: z.string(),
  key: z.string(),
  model: z.string(),
  calls: count,
  unpriced_calls: count,
  batch_calls: count,
  cost_nano: chBigInt,
  input_tokens: count,
  output_tokens: count,
  cache_read_tokens: count,
  cache_write_5m_tokens: count,
  cache_write_1h_tokens: count,
});

export type ChargebackCell = z.infer<typeof rowSchema>;

export function buildChargebackQuery(gateway: Gateway, by: ChargebackDimension, from: Date, to: Date) {
  return {
    sql: `SELECT
       formatDateTime(toStartOfMonth(start_time), '%Y-%m') AS month,
       ${DIMENSION_COLUMNS[by]} AS key,
       model,
       count() AS calls,
       countIf(cost_nano_usd IS NULL) AS unpriced_calls,
       countIf(batch OR service_tier = 'batch') AS batch_calls,
       toString(sum(toInt128(ifNull(cost_nano_usd, 0)))) AS cost_nano,
       sum(input_tokens) AS input_tokens,
       sum(output_tokens) AS output_tokens,
       sum(cache_read_tokens) AS cache_read_tokens,
       sum(cache_write_5m_tokens) AS cache_write_5m_tokens,
       sum(cache_write_1h_tokens) AS cache_write_1h_tokens
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}
     GROUP BY month, key, model
     ORDER BY month, key, model`,
    params: { from: dateToDateTime64(from), to: dateToDateTime64(to) },
  };
}

export async function chargebackCells(gateway: Gateway, by: ChargebackDimension, from: Date, to: Date): Promise<ChargebackCell[]> {
  const { sql, params } = buildChargebackQuery(gateway, by, from, to);
  return queryRows(gateway, 'finance-chargeback', rowSchema, sql, params);
}
