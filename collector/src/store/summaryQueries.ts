// Totals for a time range, and one-dimension breakdowns: through the widget builder, so they
// read the hourly rollups when the query module installed them and the raw tables otherwise
// (the core mounts these routes with or without that module), with the same filters everywhere.
import type { BreakdownDimension, Filters, Metric } from '@burnrate/contract';
import type { Gateway } from './gateway';
import { rollupsInstalled } from './query/rollups';
import { buildSeriesQuery, type WidgetRequest } from './query/widgetQuery';
import { runRanking, widgetRowSchema, type MetricValue } from './query/widgets';
import { queryRows } from './typedQuery';

export interface QueryRange {
  from: Date;
  to: Date;
}

export interface QueryScope extends QueryRange {
  filters: Filters;
}

const CALL_TOTALS = [
  'calls',
  'errors',
  'cost_usd',
  'unpriced_calls',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_5m_tokens',
  'cache_write_1h_tokens',
] as const satisfies readonly Metric[];

export interface CallTotals {
  calls: number;
  errors: number;
  cost_nano: bigint;
  unpriced_calls: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
}

function toCallTotals(values: MetricValue[]): CallTotals {
  const [calls, errors, cost, unpriced, input, output, cacheRead, write5m, write1h] = values;
  return {
    calls: Number(calls),
    errors: Number(errors),
    cost_nano: BigInt(cost ?? 0),
    unpriced_calls: Number(unpriced),
    input_tokens: Number(input),
    output_tokens: Number(output),
    cache_read_tokens: Number(cacheRead),
    cache_write_5m_tokens: Number(write5m),
    cache_write_1h_tokens: Number(write1h),
  };
}

async function totals(gateway: Gateway, tag: string, scope: QueryScope, metrics: readonly Metric[]): Promise<MetricValue[]> {
  const request: WidgetRequest = { metrics, groupBy: [], filters: scope.filters, interval: null, from: scope.from, to: scope.to };
  const built = buildSeriesQuery(gateway, request, { rollups: await rollupsInstalled(gateway) });
  const schema = widgetRowSchema(built.kinds);
  // No row at all (an empty table on some engines) reads as no calls: every metric's empty value.
  const [row] = await queryRows(gateway, tag, schema, built.sql, built.params);
  return (row ?? schema.parse({})).values;
}

export async function callTotals(gateway: Gateway, scope: QueryScope): Promise<CallTotals> {
  return toCallTotals(await totals(gateway, 'summary-calls', scope, CALL_TOTALS));
}

export async function attemptTotals(gateway: Gateway, scope: QueryScope) {
  const [attempts, retried, rateLimited, overloaded, unknown] = await totals(gateway, 'summary-attempts', scope, [
    'attempts',
    'retried_attempts',
    'rate_limited_attempts',
    'overloaded_attempts',
    'unknown_status_attempts',
  ]);
  return {
    attempts: Number(attempts),
    retried: Number(retried),
    rate_limited: Number(rateLimited),
    overloaded: Number(overloaded),
    unknown_status: Number(unknown),
  };
}

export async function unpricedModels(gateway: Gateway, scope: QueryScope): Promise<string[]> {
  const request: WidgetRequest = { metrics: ['unpriced_calls'], groupBy: ['model'], filters: scope.filters, interval: null, from: scope.from, to: scope.to };
  const rows = await runRanking(gateway, request, { rollups: await rollupsInstalled(gateway) }, 100);
  return rows
    .filter((r) => Number(r.values[0]) > 0)
    .map((r) => r.key[0]!)
    .sort();
}

export async function breakdownTotals(gateway: Gateway, by: BreakdownDimension, scope: QueryScope, limit: number) {
  // cost first, then calls: the order the breakdown has always had.
  const metrics: Metric[] = ['cost_usd', 'calls', ...CALL_TOTALS.filter((m) => m !== 'cost_usd' && m !== 'calls')];
  const request: WidgetRequest = { metrics, groupBy: [by], filters: scope.filters, interval: null, from: scope.from, to: scope.to };
  const rows = await runRanking(gateway, request, { rollups: await rollupsInstalled(gateway) }, limit, [0, 1]);
  return rows.map((row) => {
    const [cost, calls, ...rest] = row.values;
    const byName = Object.fromEntries(metrics.slice(2).map((m, i) => [m, rest[i]!]));
    const ordered = CALL_TOTALS.map((m) => (m === 'cost_usd' ? cost! : m === 'calls' ? calls! : byName[m]!));
    return { key: row.key[0]!, ...toCallTotals(ordered) };
  });
}
