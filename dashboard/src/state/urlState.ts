// Everything a view depends on lives in the URL hash (#/spend?range=7d&team=search), so a link
// shows the same view and static serving needs no route fallback. Pure parse/serialize.
import { CALL_STATUSES, FILTER_NAMES } from '@burnrate/contract';
import { SPEND_DIMENSIONS, type SpendDimension } from '../api/catalog';
import type { CallSort, Filters } from '../api/types';
import type { MixMetric } from '../api/widgetRequests';

export const SCREENS = ['overview', 'spend', 'reliability', 'routing', 'calls', 'budgets', 'chargeback', 'savings'] as const;
export type Screen = (typeof SCREENS)[number];

/** Budgets and chargeback count their own day or month: the page's range and filters do not apply there. */
export const usesRangeAndFilters = (screen: Screen) => screen !== 'budgets' && screen !== 'chargeback';

export const RANGE_PRESETS = ['1h', '24h', '7d', '30d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type RangeChoice = { kind: 'preset'; preset: RangePreset } | { kind: 'custom'; from: Date; to: Date };

export const REFRESH_CHOICES = ['off', '10s', '30s', '1m', '5m'] as const;
export type RefreshChoice = (typeof REFRESH_CHOICES)[number];

export const MIX_METRICS = ['calls', 'total_tokens', 'cost_usd'] as const satisfies readonly MixMetric[];
const CALL_SORT_VALUES = ['time', 'cost', 'tokens', 'latency'] as const satisfies readonly CallSort[];

export interface UrlState {
  screen: Screen;
  range: RangeChoice;
  filters: Filters;
  refresh: RefreshChoice;
  /** Spend: what the spend chart is stacked by. */
  by: SpendDimension;
  /** Routing: what the model mix counts. */
  mix: MixMetric;
  /** Calls: search, sort, and the open call ("traceId/spanId@startTime"). */
  q: string;
  sort: CallSort;
  order: 'asc' | 'desc';
  call: string;
}

export const DEFAULT_STATE: UrlState = {
  screen: 'overview',
  range: { kind: 'preset', preset: '24h' },
  filters: {},
  refresh: '30s',
  by: 'model',
  mix: 'calls',
  q: '',
  sort: 'time',
  order: 'desc',
  call: '',
};

const oneOf = <T extends string>(allowed: readonly T[], value: string | null, fallback: T): T =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

function parseRange(params: URLSearchParams): RangeChoice {
  const from = params.get('from');
  const to = params.get('to');
  if (from && to) {
    const f = new Date(from);
    const t = new Date(to);
    if (!Number.isNaN(f.getTime()) && !Number.isNaN(t.getTime()) && f < t) return { kind: 'custom', from: f, to: t };
  }
  return { kind: 'preset', preset: oneOf(RANGE_PRESETS, params.get('range'), '24h') };
}

export function parseHash(hash: string): UrlState {
  const text = hash.replace(/^#/, '');
  const [path = '', search = ''] = text.split('?', 2);
  const params = new URLSearchParams(search);
  const filters: Filters = {};
  for (const name of FILTER_NAMES) {
    const values = params.getAll(name).filter((v) => name !== 'status' || (CALL_STATUSES as readonly string[]).includes(v));
    if (values.length > 0) filters[name] = [...new Set(values)];
  }
  return {
    screen: oneOf(SCREENS, path.replace(/^\//, '') || null, 'overview'),
    range: parseRange(params),
    filters,
    refresh: oneOf(REFRESH_CHOICES, params.get('refresh'), DEFAULT_STATE.refresh),
    by: oneOf(SPEND_DIMENSIONS, params.get('by'), DEFAULT_STATE.by),
    mix: oneOf(MIX_METRICS, params.get('mix'), DEFAULT_STATE.mix),
    q: params.get('q') ?? '',
    sort: oneOf(CALL_SORT_VALUES, params.get('sort'), DEFAULT_STATE.sort),
    order: oneOf(['asc', 'desc'] as const, params.get('order'), DEFAULT_STATE.order),
    call: params.get('call') ?? '',
  };
}

/** Only what differs from the defaults is written, so URLs stay short. */
export function toHash(state: UrlState): string {
  const params = new URLSearchParams();
  if (state.range.kind === 'custom') {
    params.set('from', state.range.from.toISOString());
    params.set('to', state.range.to.toISOString());
  } else if (state.range.preset !== '24h') params.set('range', state.range.preset);
  for (const name of FILTER_NAMES) for (const value of state.filters[name] ?? []) params.append(name, value);
  const scalars = ['refresh', 'by', 'mix', 'q', 'sort', 'order', 'call'] as const;
  for (const key of scalars) if (state[key] !== DEFAULT_STATE[key]) params.set(key, state[key]);
  const search = params.toString();
  return `#/${state.screen}${search ? `?${search}` : ''}`;
}

export function withFilter(filters: Filters, name: keyof Filters, value: string): Filters {
  const current = filters[name] ?? [];
  return current.includes(value) ? filters : { ...filters, [name]: [...current, value] };
}

export function withoutFilter(filters: Filters, name: keyof Filters, value: string): Filters {
  const rest = (filters[name] ?? []).filter((v) => v !== value);
  const next = { ...filters };
  if (rest.length > 0) next[name] = rest;
  else delete next[name];
  return next;
}
