// Runtime lists the dashboard's pickers offer. The contract's own lists are values in a
// collector module, so they are restated here and checked against its types: adding a filter
// or a dimension there fails this file's type check until it is listed here too.
import type { CallStatus, FilterName, GroupDimension, Interval } from './types';

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { missing: Exclude<All, Listed> };
const exhaustive = <All, Listed>(check: Exhaustive<All, Listed>) => check;

export const FILTER_NAMES = ['service', 'team', 'project', 'feature', 'user', 'model', 'route', 'status'] as const satisfies readonly FilterName[];
exhaustive<FilterName, (typeof FILTER_NAMES)[number]>(true);

export const CALL_STATUSES = ['ok', 'error', 'rate_limited', 'overloaded'] as const satisfies readonly CallStatus[];
exhaustive<CallStatus, (typeof CALL_STATUSES)[number]>(true);

export const INTERVALS = ['1m', '5m', '15m', '1h', '6h', '1d'] as const satisfies readonly Interval[];
exhaustive<Interval, (typeof INTERVALS)[number]>(true);

/** What spend can be stacked by (the Spend screen's picker). */
export const SPEND_DIMENSIONS = ['model', 'team', 'project', 'feature', 'user', 'service'] as const satisfies readonly GroupDimension[];
export type SpendDimension = (typeof SPEND_DIMENSIONS)[number];

export const FILTER_LABELS: Record<FilterName, string> = {
  service: 'Service',
  team: 'Team',
  project: 'Project',
  feature: 'Feature',
  user: 'User',
  model: 'Model',
  route: 'Route',
  status: 'Status',
};

export const STATUS_LABELS: Record<CallStatus, string> = { ok: 'OK', error: 'Error', rate_limited: 'Rate limited (429)', overloaded: 'Overloaded (529)' };

export const DIMENSION_LABELS: Record<GroupDimension, string> = {
  model: 'Model',
  service: 'Service',
  team: 'Team',
  project: 'Project',
  feature: 'Feature',
  user: 'User',
  route: 'Route',
  requested_model: 'Requested model',
  status_code: 'HTTP status',
  error_type: 'Error type',
};
