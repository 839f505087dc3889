// The first read queries: totals and one-dimension breakdowns over the raw tables. FINAL makes
// any duplicate that slipped past the writer (two collectors racing) collapse at read time.
import { z } from 'zod';
import type { BreakdownDimension } from '../api/contract';
import { ATTEMPTS_TABLE } from './attemptsTable';
import { CALLS_TABLE } from './callsTable';
import type { Gateway } from './gateway';
import { dateToDateTime64 } from './time';

export interface QueryRange {
  from: Date;
  to: Date;
}

const count = z.coerce.number();
const nano = z.string().transform((s) => BigInt(s));

const callTotalsSchema = z.object({
  calls: count,
  errors: count,
  cost_nano: nano,
  unpriced_calls: count,
  input_tokens: count,
  output_tokens: count,
  cache_read_tokens: count,
  cache_write_5m_tokens: count,
  cache_write_1h_tokens: count,
});
export type CallTotals = z.infer<typeof callTotalsSchema>;

const attemptTotalsSchema = z.object({
  attempts: count,
  retried: count,
  rate_limited: count,
  overloaded: count,
  unknown_status: count,
});

// ClickHouse column per dimension: a fixed map, so no request text ever reaches the SQL.
const DIMENSION_COLUMNS: Record<BreakdownDimension, string> = {
  model: 'model',
  service: 'service_name',
  team: 'team',
  project: 'project',
  feature: 'feature',
  user: 'user',
  route: 'route',
};

const CALL_TOTALS_SELECT = `
  count() AS calls,
  countIf(status_code >= 400 OR error_type != '') AS errors,
  toString(sum(ifNull(cost_nano_usd, 0))) AS cost_nano,
  countIf(cost_nano_usd IS NULL) AS unpriced_calls,
  sum(input_tokens) AS input_tokens,
  sum(output_tokens) AS output_tokens,
  sum(cache_read_tokens) AS cache_read_tokens,
  sum(cache_write_5m_tokens) AS cache_write_5m_tokens,
  sum(cache_write_1h_tokens) AS cache_write_1h_tokens`;

const RANGE_WHERE = `start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}`;

function rangeParams(range: QueryRange) {
  return { from: dateToDateTime64(range.from), to: dateToDateTime64(range.to) };
}

export async function callTotals(gateway: Gateway, range: QueryRange) {
  const [row] = await gateway.query('summary-calls', `SELECT ${CALL_TOTALS_SELECT} FROM ${gateway.table(CALLS_TABLE)} FINAL WHERE ${RANGE_WHERE}`, rangeParams(range));
  return callTotalsSchema.parse(row);
}

export async function attemptTotals(gateway: Gateway, range: QueryRange) {
  const [row] = await gateway.query(
    'summary-attempts',
    `SELECT count() AS attempts, countIf(attempt > 1) AS retried, countIf(status_code = 429) AS rate_limited,
            countIf(status_code = 529) AS overloaded, countIf(status_code = 0) AS unknown_status
     FROM ${gateway.table(ATTEMPTS_TABLE)} FINAL WHERE ${RANGE_WHERE}`,
    rangeParams(range),
  );
  return attemptTotalsSchema.parse(row);
}

export async function unpricedModels(gateway: Gateway, range: QueryRange): Promise<string[]> {
  const rows = await gateway.query<{ model: string }>(
    'summary-unpriced-models',
    `SELECT DISTINCT model FROM ${gateway.table(CALLS_TABLE)} FINAL WHERE ${RANGE_WHERE} AND cost_nano_usd IS NULL ORDER BY model LIMIT 100`,
    rangeParams(range),
  );
  return rows.map((r) => r.model);
}

export async function breakdownTotals(gateway: Gateway, by: BreakdownDimension, range: QueryRange, limit: number) {
  const column = DIMENSION_COLUMNS[by];
  const rows = await gateway.query(
    `breakdown-${by}`,
    `SELECT ${column} AS key, ${CALL_TOTALS_SELECT} FROM ${gateway.table(CALLS_TABLE)} FINAL WHERE ${RANGE_WHERE}
     GROUP BY key ORDER BY toInt64(cost_nano) DESC, calls DESC, key LIMIT {limit:UInt32}`,
    { ...rangeParams(range), limit },
  );
  return rows.map((row) => callTotalsSchema.extend({ key: z.string() }).parse(row));
}
