// Runs from llm_calls: the calls that share a trace, or a session id, summed exactly (Int128 over
// nano-dollars). The grouping picks one of two fixed columns; every value travels as a parameter.
import { z } from 'zod';
import { nanoToUsd } from '@burnrate/contract';
import { CALLS_TABLE } from '../store/callsTable';
import type { Gateway } from '../store/gateway';
import { LIST_COLUMNS, listColumnsSchema, toListRow } from '../store/query/callsList';
import { queryRows } from '../store/typedQuery';
import { unreachable } from '../store/query/dimensions';
import { chBigInt, chCount, chDateTime } from '../store/chValues';
import type { CallListRow } from '@burnrate/contract';
import type { CallsOutsideRuns, RunGrouping, RunSummary } from './contract';

export function runKeyColumn(by: RunGrouping): string {
  switch (by) {
    case 'trace':
      return 'trace_id';
    case 'session':
      return 'session_id';
    default:
      return unreachable(by);
  }
}

/** Only calls that belong to a run: every call has a trace, but not every call has a session. */
function inRun(by: RunGrouping): string[] {
  return by === 'session' ? ["session_id != ''"] : [];
}

const count = chCount;
const runSchema = z.object({
  run_id: z.string(),
  first: chDateTime,
  last_end_ms: count,
  calls: count,
  traces: count,
  cost_nano: chBigInt,
  unpriced_calls: count,
  models: z.array(z.string()),
  services: z.array(z.string()),
  // Aliases differ from the columns: ClickHouse would otherwise read a WHERE filter on team as the aggregate.
  first_team: z.string(),
  first_feature: z.string(),
  first_user: z.string(),
});

const runsTotalSchema = z.object({ runs: chCount, total: chBigInt });
const outsideRunsSchema = z.object({ calls: chCount, cost: chBigInt, unpriced: chCount });

const COST = 'sum(toInt128(ifNull(cost_nano_usd, 0)))';

export interface RunsQuery {
  by: RunGrouping;
  /** Range and filter conditions over llm_calls, with their parameters in `params`. */
  where: string[];
  params: Record<string, unknown>;
  limit: number;
}

export async function topRuns(gateway: Gateway, query: RunsQuery): Promise<{ rows: RunSummary[]; runs: number; totalNano: bigint }> {
  const key = runKeyColumn(query.by);
  const where = [...query.where, ...inRun(query.by)].join(' AND ');
  const table = `${gateway.table(CALLS_TABLE)} FINAL`;
  const params = { ...query.params, limit: query.limit };
  const [rows, totals] = await Promise.all([
    queryRows(
      gateway,
      `finance-runs-by-${query.by}`,
      runSchema,
      `SELECT ${key} AS run_id, toString(min(start_time)) AS first,
         max(toUnixTimestamp64Milli(start_time) + toInt64(duration_ms)) AS last_end_ms,
         count() AS calls, uniqExact(trace_id) AS traces, toString(${COST}) AS cost_nano, countIf(cost_nano_usd IS NULL) AS unpriced_calls,
         arraySort(groupUniqArray(model)) AS models, arraySort(groupUniqArray(service_name)) AS services,
         argMin(team, start_time) AS first_team, argMin(feature, start_time) AS first_feature, argMin(user, start_time) AS first_user
       FROM ${table} WHERE ${where}
       GROUP BY run_id
       ORDER BY ${COST} DESC, run_id
       LIMIT {limit:UInt32}`,
      params,
    ),
    queryRows(
      gateway,
      `finance-runs-total-by-${query.by}`,
      runsTotalSchema,
      `SELECT uniqExact(${key}) AS runs, toString(${COST}) AS total FROM ${table} WHERE ${where}`,
      params,
    ),
  ]);
  return {
    runs: totals[0]?.runs ?? 0,
    totalNano: totals[0]?.total ?? 0n,
    rows: rows.map((r) => {
      const start = r.first;
      return {
        id: r.run_id,
        start: start.toISOString(),
        end: new Date(r.last_end_ms).toISOString(),
        durationMs: Math.max(0, r.last_end_ms - start.getTime()),
        calls: r.calls,
        traces: r.traces,
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
}

/** by=session: the calls that carry no session id, so that what the runs leave out is shown. */
export async function callsWithoutSession(gateway: Gateway, query: Pick<RunsQuery, 'where' | 'params'>): Promise<CallsOutsideRuns> {
  const [row] = await queryRows(
    gateway,
    'finance-runs-no-session',
    outsideRunsSchema,
    `SELECT count() AS calls, toString(${COST}) AS cost, countIf(cost_nano_usd IS NULL) AS unpriced
     FROM ${gateway.table(CALLS_TABLE)} FINAL WHERE ${[...query.where, "session_id = ''"].join(' AND ')}`,
    query.params,
  );
  const cost = row?.cost ?? 0n;
  return { calls: row?.calls ?? 0, costUsd: nanoToUsd(cost), costNanoUsd: cost.toString(), unpricedCalls: row?.unpriced ?? 0 };
}

/** One run's calls in time order (at most 1000: a timeline, not an export). */
export async function runCalls(gateway: Gateway, by: RunGrouping, id: string, range: { from: string; to: string }): Promise<CallListRow[]> {
  const rows = await queryRows(
    gateway,
    `finance-run-calls-by-${by}`,
    listColumnsSchema,
    `SELECT ${LIST_COLUMNS} FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')} AND ${runKeyColumn(by)} = {id:String}
     ORDER BY start_time, span_id
     LIMIT 1000`,
    { ...range, id },
  );
  return rows.map(toListRow);
}
