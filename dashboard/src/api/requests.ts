// URLs of the query API, built from a view's scope (range + filters). Pure: the browser tests and
// the query benchmark import these to ask exactly what the screens ask.
import type { CallSort, Filters, GroupDimension, Interval, Metric } from './types';

export interface ViewScope {
  from: Date;
  to: Date;
  filters: Filters;
}

function query(scope: ViewScope, extra: [string, string][] = []): string {
  const params = new URLSearchParams([['from', scope.from.toISOString()], ['to', scope.to.toISOString()], ...extra]);
  for (const [name, values] of Object.entries(scope.filters)) for (const value of values ?? []) params.append(name, value);
  return params.toString();
}

export interface SeriesAsk {
  metric: readonly Metric[];
  groupBy?: readonly GroupDimension[];
  interval?: Interval;
  limit?: number;
}

export function timeseriesUrl(scope: ViewScope, ask: SeriesAsk): string {
  const extra: [string, string][] = [['metric', ask.metric.join(',')]];
  if (ask.groupBy && ask.groupBy.length > 0) extra.push(['groupBy', ask.groupBy.join(',')]);
  if (ask.interval) extra.push(['interval', ask.interval]);
  if (ask.limit !== undefined) extra.push(['limit', String(ask.limit)]);
  return `/api/v1/timeseries?${query(scope, extra)}`;
}

export const summaryUrl = (scope: ViewScope) => `/api/v1/summary?${query(scope)}`;

export const breakdownUrl = (scope: ViewScope, by: string, limit: number) =>
  `/api/v1/breakdown?${query(scope, [
    ['by', by],
    ['limit', String(limit)],
  ])}`;

export const rateLimitsUrl = (scope: ViewScope) => `/api/v1/ratelimits?${query(scope)}`;

export const costLinesUrl = (scope: ViewScope) => `/api/v1/spend/lines?${query(scope)}`;

export const attemptPeaksUrl = (scope: ViewScope) => `/api/v1/attempts/peaks?${query(scope)}`;

export interface CallsAsk {
  q?: string;
  sort: CallSort;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export function callsUrl(scope: ViewScope, ask: CallsAsk): string {
  const extra: [string, string][] = [
    ['sort', ask.sort],
    ['order', ask.order],
    ['offset', String(ask.offset)],
    ['limit', String(ask.limit)],
  ];
  if (ask.q) extra.push(['q', ask.q]);
  return `/api/v1/calls?${query(scope, extra)}`;
}

export const callDetailUrl = (traceId: string, spanId: string, at?: string) =>
  `/api/v1/calls/${encodeURIComponent(traceId)}/${encodeURIComponent(spanId)}${at ? `?at=${encodeURIComponent(at)}` : ''}`;

export const BUDGET_STATUS_URL = '/api/v1/budgets/status';
