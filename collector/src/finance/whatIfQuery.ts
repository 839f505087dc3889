// The what-if's one query: the window's calls grouped by everything that decides their price
// (model, day, Batch API, data residency, fast mode, long-context band), with their tokens and
// what they cost at the time, so every scenario is priced from the groups without another query.
import type { Filters } from '@burnrate/contract';
import { z } from 'zod';
import { CALLS_TABLE } from '../store/callsTable';
import { chBigInt, chBool, chCount } from '../store/chValues';
import type { Gateway } from '../store/gateway';
import { filterConditions } from '../store/query/filters';
import { dateToDateTime64 } from '../store/time';
import { queryRows } from '../store/typedQuery';
import type { PriceGroup } from './whatIf';

const count = chCount;
// Conditions come as Bool or UInt8 (true / 1).
const flag = chBool;
const groupSchema = z.object({
  model: z.string(),
  day: z.string(),
  is_batch: flag,
  is_residency: flag,
  is_fast: flag,
  band: count,
  calls: count,
  unpriced_calls: count,
  actual_nano: chBigInt,
  input: count,
  output: count,
  cache_read: count,
  write_5m: count,
  write_1h: count,
});

export async function priceGroups(gateway: Gateway, range: { from: Date; to: Date }, filters: Filters, thresholds: readonly number[]): Promise<PriceGroup[]> {
  const params: Record<string, unknown> = { from: dateToDateTime64(range.from), to: dateToDateTime64(range.to), thresholds };
  const conditions = filterConditions(gateway, 'calls', filters, range, params);
  const rows = await queryRows(
    gateway,
    'finance-what-if',
    groupSchema,
    `SELECT model, formatDateTime(toStartOfDay(start_time), '%Y-%m-%d') AS day,
       batch OR service_tier = 'batch' AS is_batch, data_residency AS is_residency, lower(speed) = 'fast' AS is_fast,
       arrayCount(t -> input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens > t, {thresholds:Array(UInt64)}) AS band,
       count() AS calls, countIf(cost_nano_usd IS NULL) AS unpriced_calls,
       toString(sum(toInt128(ifNull(cost_nano_usd, 0)))) AS actual_nano,
       sum(input_tokens) AS input, sum(output_tokens) AS output, sum(cache_read_tokens) AS cache_read,
       sum(cache_write_5m_tokens) AS write_5m, sum(cache_write_1h_tokens) AS write_1h
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}${conditions.map((c) => ` AND ${c}`).join('')}
     GROUP BY model, day, is_batch, is_residency, is_fast, band`,
    params,
  );
  return rows.map((g): PriceGroup => ({
    model: g.model,
    day: g.day,
    batch: g.is_batch,
    dataResidency: g.is_residency,
    fast: g.is_fast,
    band: g.band,
    calls: g.calls,
    unpricedCalls: g.unpriced_calls,
    actualNano: g.actual_nano,
    input: g.input,
    output: g.output,
    cacheRead: g.cache_read,
    cacheWrite5m: g.write_5m,
    cacheWrite1h: g.write_1h,
  }));
}
