// anthropic_daily_report: what Anthropic's cost and usage reports said, per UTC day and model,
// one set of rows per pull. A day's figures are those of its latest pull, taken whole: a model
// that a later pull no longer lists is not left over from an earlier one. Owns its DDL, insert
// shape and queries.
import { z } from 'zod';
import { mergeTreeEngine, onCluster } from '../store/engines';
import type { Gateway } from '../store/gateway';
import { dateTime64ToDate, dateToDateTime64 } from '../store/time';
import type { DailyReport } from './dailyReport';

export const ANTHROPIC_REPORT_TABLE = 'anthropic_daily_report';

export function anthropicReportTableDdl(gateway: Gateway): string {
  return `CREATE TABLE IF NOT EXISTS ${gateway.table(ANTHROPIC_REPORT_TABLE)}${onCluster(gateway)} (
    day Date,
    model LowCardinality(String),
    cost_nano Int64,
    list_cost_nano Int64,
    other_cost_nano Int64,
    requests UInt64,
    uncached_input_tokens UInt64,
    output_tokens UInt64,
    cache_read_tokens UInt64,
    cache_write_5m_tokens UInt64,
    cache_write_1h_tokens UInt64,
    data_refreshed_at Nullable(DateTime64(3, 'UTC')),
    pulled_at DateTime64(3, 'UTC')
  )
  ENGINE = ${mergeTreeEngine(gateway, 'ReplacingMergeTree', ANTHROPIC_REPORT_TABLE)}
  PARTITION BY toYYYYMM(day)
  ORDER BY (day, pulled_at, model)`;
}

export interface PullStamp {
  pulledAt: Date;
  refreshedAt: Date | null;
}

export async function insertDailyReports(gateway: Gateway, rows: readonly DailyReport[], stamp: PullStamp): Promise<void> {
  await gateway.insert(
    'anthropic-report-insert',
    gateway.table(ANTHROPIC_REPORT_TABLE),
    rows.map((row) => ({
      day: row.day,
      model: row.model,
      // Int64 as text: JSON numbers lose exactness past 2^53.
      cost_nano: row.costNano.toString(),
      list_cost_nano: row.listCostNano.toString(),
      other_cost_nano: row.otherCostNano.toString(),
      requests: row.requests,
      uncached_input_tokens: row.uncachedInputTokens,
      output_tokens: row.outputTokens,
      cache_read_tokens: row.cacheReadTokens,
      cache_write_5m_tokens: row.cacheWrite5mTokens,
      cache_write_1h_tokens: row.cacheWrite1hTokens,
      data_refreshed_at: stamp.refreshedAt ? dateToDateTime64(stamp.refreshedAt).slice(0, 23) : null,
      pulled_at: dateToDateTime64(stamp.pulledAt).slice(0, 23),
    })),
  );
}

const nano = z.string().transform((s) => BigInt(s));
const count = z.coerce.number();
const instant = z.string().transform(dateTime64ToDate);

const storedSchema = z.object({
  // Not aliased `day`: an alias would shadow the column in the WHERE clause.
  report_day: z.string(),
  model: z.string(),
  cost_nano: nano,
  list_cost_nano: nano,
  other_cost_nano: nano,
  requests: count,
  uncached_input_tokens: count,
  output_tokens: count,
  cache_read_tokens: count,
  cache_write_5m_tokens: count,
  cache_write_1h_tokens: count,
  data_refreshed_at: instant.nullable(),
  pulled_at: instant,
});

export interface StoredDailyReport extends DailyReport, PullStamp {}

/** Each day's rows from its latest pull, for days in [fromDay, toDay) (YYYY-MM-DD, UTC). */
export async function latestDailyReports(gateway: Gateway, fromDay: string, toDay: string): Promise<StoredDailyReport[]> {
  const table = gateway.table(ANTHROPIC_REPORT_TABLE);
  const inRange = 'day >= {from:Date} AND day < {to:Date}';
  const rows = await gateway.query(
    'anthropic-report-latest',
    `SELECT toString(day) AS report_day, model, toString(cost_nano) AS cost_nano, toString(list_cost_nano) AS list_cost_nano,
            toString(other_cost_nano) AS other_cost_nano, requests, uncached_input_tokens, output_tokens, cache_read_tokens,
            cache_write_5m_tokens, cache_write_1h_tokens, data_refreshed_at, pulled_at
     FROM ${table} FINAL
     WHERE ${inRange} AND (day, pulled_at) IN (SELECT day, max(pulled_at) FROM ${table} WHERE ${inRange} GROUP BY day)
     ORDER BY report_day, model`,
    { from: fromDay, to: toDay },
  );
  return rows.map((raw) => {
    const row = storedSchema.parse(raw);
    return {
      day: row.report_day,
      model: row.model,
      costNano: row.cost_nano,
      listCostNano: row.list_cost_nano,
      otherCostNano: row.other_cost_nano,
      requests: row.requests,
      uncachedInputTokens: row.uncached_input_tokens,
      outputTokens: row.output_tokens,
      cacheReadTokens: row.cache_read_tokens,
      cacheWrite5mTokens: row.cache_write_5m_tokens,
      cacheWrite1hTokens: row.cache_write_1h_tokens,
      refreshedAt: row.data_refreshed_at,
      pulledAt: row.pulled_at,
    };
  });
}
