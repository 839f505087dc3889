// Filters → WHERE conditions. Values only ever travel as parameters ({f_team:Array(String)});
// status values pick one of the fixed conditions in dimensions.ts.
import { CALL_STATUSES, type CallStatus, type Filters } from '@burnrate/contract';
import { CALLS_TABLE } from '../callsTable';
import type { Gateway } from '../gateway';
import { dateToDateTime64 } from '../time';
import { filterOnAttempts, filterTarget, statusCondition } from './dimensions';
import type { Source } from './rollups';
import { activeFilters } from './segments';

/** A request the query layer cannot serve; the API answers 400 with this message. */
export class WidgetRequestError extends Error {}

function asStatus(value: string): CallStatus {
  if (!(CALL_STATUSES as readonly string[]).includes(value)) throw new WidgetRequestError(`status must be one of ${CALL_STATUSES.join(', ')}`);
  return value as CallStatus;
}

/**
 * Conditions selecting the rows of `source` that belong to the calls the filters choose. Attempt
 * rows carry service, team and model themselves; any other filter selects them through their
 * calls, with the calls bounded in time like every other read.
 */
export function filterConditions(
  gateway: Gateway,
  source: Source,
  filters: Filters,
  range: { from: Date; to: Date },
  params: Record<string, unknown>,
): string[] {
  const conditions: string[] = [];
  const callConditions: string[] = [];
  for (const [name, values] of activeFilters(filters)) {
    const target = filterTarget(name);
    let condition: string;
    if (target.kind === 'column') {
      params[`f_${name}`] = values;
      condition = `${target.column} IN {f_${name}:Array(String)}`;
    } else {
      condition = `(${values.map((v) => statusCondition(asStatus(v))).join(' OR ')})`;
    }
    if (source === 'attempts' && !filterOnAttempts(name)) callConditions.push(condition);
    else conditions.push(condition);
  }
  if (callConditions.length > 0) {
    // Attempts start after their call; an hour's lead covers any call that is still retrying.
    params.calls_from = dateToDateTime64(new Date(range.from.getTime() - 3_600_000));
    params.calls_to = dateToDateTime64(range.to);
    conditions.push(
      `(trace_id, span_id) IN (SELECT trace_id, span_id FROM ${gateway.table(CALLS_TABLE)}
         WHERE start_time >= {calls_from:DateTime64(6, 'UTC')} AND start_time < {calls_to:DateTime64(6, 'UTC')} AND ${callConditions.join(' AND ')})`,
    );
  }
  return conditions;
}
