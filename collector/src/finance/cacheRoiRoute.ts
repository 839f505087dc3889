// GET /api/v1/finance/cache-roi?by=service|feature|model|team|project&from&to&<filters>: what
// prompt caching saved or cost, per key, with the 5m-vs-1h what-if. One query reads token sums
// per key, model and UTC day (the day picks the price in force); the money is computed exactly
// in cacheRoi.ts.
import { Router } from 'express';
import { z } from 'zod';
import { FILTER_NAMES } from '@burnrate/contract';
import { filtersFrom, oneOf, onlyParams, RANGE_PARAMS, timeRange } from '../api/queryParams';
import { allow } from '../auth/policy';
import type { PriceTable } from '../pricing/priceTable';
import { CALLS_TABLE } from '../store/callsTable';
import { chCount } from '../store/chValues';
import type { Gateway } from '../store/gateway';
import { filterConditions } from '../store/query/filters';
import { dateToDateTime64 } from '../store/time';
import { queryRows } from '../store/typedQuery';
import { cacheRoi } from './cacheRoi';
import { CACHE_ROI_DIMENSIONS, type CacheRoiDimension, type CacheRoiResponse } from './contract';

// A fixed map from dimension to column, so no request text ever reaches the SQL.
const COLUMNS: Record<CacheRoiDimension, string> = { service: 'service_name', feature: 'feature', model: 'model', team: 'team', project: 'project' };

const count = chCount;
const cellSchema = z.object({
  key: z.string(),
  model: z.string(),
  day: z.string(),
  calls: count,
  caching_calls: count,
  reads: count,
  writes_5m: count,
  writes_1h: count,
});

// Aliases differ from the columns: ClickHouse would otherwise read countIf's columns as the sums.
const toCell = ({ reads, writes_5m, writes_1h, ...rest }: z.infer<typeof cellSchema>) => ({
  ...rest,
  cache_read_tokens: reads,
  cache_write_5m_tokens: writes_5m,
  cache_write_1h_tokens: writes_1h,
});

export function cacheRoiRouter(gateway: Gateway, prices: PriceTable): Router {
  const router = Router();
  router.get('/api/v1/finance/cache-roi', allow('viewer'), async (req, res) => {
    onlyParams(req, ['by', ...RANGE_PARAMS, ...FILTER_NAMES]);
    const by = oneOf(req, 'by', CACHE_ROI_DIMENSIONS, 'feature');
    const range = timeRange(req);
    const params: Record<string, unknown> = { from: dateToDateTime64(range.from), to: dateToDateTime64(range.to) };
    const conditions = filterConditions(gateway, 'calls', filtersFrom(req), range, params);
    const rows = await queryRows(
      gateway,
      'finance-cache-roi',
      cellSchema,
      `SELECT ${COLUMNS[by]} AS key, model, formatDateTime(toStartOfDay(start_time), '%Y-%m-%d') AS day,
         count() AS calls,
         countIf(cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens > 0) AS caching_calls,
         sum(cache_read_tokens) AS reads,
         sum(cache_write_5m_tokens) AS writes_5m,
         sum(cache_write_1h_tokens) AS writes_1h
       FROM ${gateway.table(CALLS_TABLE)} FINAL
       WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}${conditions.map((c) => ` AND ${c}`).join('')}
       GROUP BY key, model, day`,
      params,
    );
    const body: CacheRoiResponse = cacheRoi(by, range, rows.map(toCell), prices);
    res.json(body);
  });
  return router;
}
