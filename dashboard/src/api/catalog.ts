// Lists and labels only the dashboard has: what the Spend screen stacks by, and the words its
// pickers show. The lists a parameter may take (filters, statuses, intervals, budget scopes and
// periods, alert kinds, severities, channels) are the contract's: import them from @burnrate/contract.
import type { CallStatus, FilterName, GroupDimension } from './types';

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
  session: 'Session',
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
