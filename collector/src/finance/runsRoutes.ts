// Cost per agent run: calls grouped by trace (one request or agent run spans one trace). GET
// /api/v1/finance/runs lists the most expensive runs in a range; /api/v1/finance/runs/:traceId
// gives one run's calls in time order, for its timeline.
import { Router } from 'express';
import { z } from 'zod';
import { FILTER_NAMES, nanoToUsd } from '@burnrate/contract';
import { badRequest } from '../api/errors';
import { filtersFrom, onlyParams, RANGE_PARAMS } from '../query/params';
import { integer, timeRange } from '../api/queryParams';
import { allow } from '../auth/policy';
import { CALLS_TABLE } from '../store/callsTable';
import type { Gateway } from '../store/gateway';
import { LIST_COLUMNS, toListRow } from '../store/query/callsList';
import { filterConditions } from '../store/query/filters';
import { dateTime64ToDate, dateToDateTime64 } from '../store/time';
import type { RunDetailResponse, RunsResponse } from './contract';

const count = z.coerce.number();
const runSchema = z.object({
  trace_id: z.string(),
  first: z.string(),
  last_end_ms: count,
  calls: count,
  cost_nano: z.string().transform((s) => BigInt(s)),
  unpriced_calls: count,
  models: z.array(z.string()),
  services: z.array(z.string()),
  // Aliases differ from the columns: ClickHouse would otherwise read a WHERE filter on team as the aggregate.
  first_team: z.string(),
  first_feature: z.string(),
  first_user: z.string(),
});

export function runsRouter(gateway: Gateway): Router {
  const router = Router();

  router.get('/api/v1/finance/runs', allow('viewer'), async (req, res) => {
    onlyParams(req, ['limit', ...RANGE_PARAMS, ...FILTER_NAMES]);
    const range = timeRange(req);
    const limit = integer(req, 'limit', 20, 1, 200);
    const params: Record<string, unknown> = { from: dateToDateTime64(range.from), to: dateToDateTime64(range.to), limit };
    const where = [`start_time >= {from:DateTime64(6, 'UTC')}`, `start_time < {to:DateTime64(6, 'UTC')}`, ...filterConditions(gateway, 'calls', filtersFrom(req), range, params)].join(' AND ');
    const table = `${gateway.table(CALLS_TABLE)} FINAL`;
    const [rows, totals] = await Promise.all([
      gateway.query<unknown>(
        'finance-runs',
        `SELECT trace_id, toString(min(start_time)) AS first,
           max(toUnixTimestamp64Milli(start_time) + toInt64(duration_ms)) AS last_end_ms,
           count() AS calls, toString(sum(toInt128(ifNull(cost_nano_usd, 0)))) AS cost_nano, countIf(cost_nano_usd IS NULL) AS unpriced_calls,
           arraySort(groupUniqArray(model)) AS models, arraySort(groupUniqArray(service_name)) AS services,
           argMin(team, start_time) AS first_team, argMin(feature, start_time) AS first_feature, argMin(user, start_time) AS first_user
         FROM ${table} WHERE ${where}
         GROUP BY trace_id
         ORDER BY sum(toInt128(ifNull(cost_nano_usd, 0))) DESC, trace_id
         LIMIT {limit:UInt32}`,
        params,
      ),
      gateway.query<{ runs: string; total: string }>('finance-runs-total', `SELECT uniqExact(trace_id) AS runs, toString(sum(toInt128(ifNull(cost_nano_usd, 0)))) AS total FROM ${table} WHERE ${where}`, params),
    ]);
    const total = BigInt(totals[0]?.total ?? '0');
    const body: RunsResponse = {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      runs: Number(totals[0]?.runs ?? 0),
      totalUsd: nanoToUsd(total),
      totalNanoUsd: total.toString(),
      rows: rows.map((raw) => {
        const r = runSchema.parse(raw);
        const start = dateTime64ToDate(r.first);
        return {
          traceId: r.trace_id,
          start: start.toISOString(),
          end: new Date(r.last_end_ms).toISOString(),
          durationMs: Math.max(0, r.last_end_ms - start.getTime()),
          calls: r.calls,
          costUsd: nanoToUsd(r.cost_nano),
          costNanoUsd: r.cost_nano.toString(),
          unpricedCalls: r.unpriced_calls,
          models: r.models,
          services: r.services,
          team: r.first_team,
          feature: r.first_feature,
          user: r.first_user,
        };
      }),
    };
    res.json(body);
  });

  router.get('/api/v1/finance/runs/:traceId', allow('viewer'), async (req, res) => {
    onlyParams(req, RANGE_PARAMS);
    const traceId = String(req.params.traceId);
    if (!/^[0-9a-f]{32}$/.test(traceId)) throw badRequest('traceId must be 32 lowercase hex digits');
    const range = timeRange(req);
    const rows = await gateway.query<Record<string, unknown>>(
      'finance-run-calls',
      `SELECT ${LIST_COLUMNS} FROM ${gateway.table(CALLS_TABLE)} FINAL
       WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')} AND trace_id = {traceId:String}
       ORDER BY start_time, span_id
       LIMIT 1000`,
      { from: dateToDateTime64(range.from), to: dateToDateTime64(range.to), traceId },
    );
    const body: RunDetailResponse = { traceId, calls: rows.map(toListRow) };
    res.json(body);
  });

  return router;
}
