// Request names → ClickHouse columns, by exhaustive switches: a request's text only ever picks
// one of these fixed strings, it never reaches the SQL itself.
import type { CallStatus, FilterName, GroupDimension } from '@burnrate/contract';
import type { Source } from './rollups';
import { CALL_FAILED_SQL } from '../callRules';

/** The column a dimension reads. Rollups keep the raw tables' column names. */
export function dimensionColumn(dimension: GroupDimension): string {
  switch (dimension) {
    case 'service':
      return 'service_name';
    case 'team':
      return 'team';
    case 'project':
      return 'project';
    case 'feature':
      return 'feature';
    case 'user':
      return 'user';
    case 'model':
      return 'model';
    case 'route':
      return 'route';
    case 'requested_model':
      // The routed-to or asked-for model: an ALIAS column on calls, a key column of the detail
      // rollups (rollups.ts, REQUESTED_MODEL_SQL).
      return 'requested_model';
    case 'status_code':
      return 'status_code';
    case 'error_type':
      return 'error_type';
    default:
      return unreachable(dimension);
  }
}

/** Columns of llm_attempts (and its rollup) that a dimension can use directly. */
const ATTEMPT_COLUMNS = new Set(['service_name', 'team', 'model', 'status_code', 'error_type']);

export function dimensionAvailable(dimension: GroupDimension, source: Source): boolean {
  return source === 'calls' || ATTEMPT_COLUMNS.has(dimensionColumn(dimension));
}

export function statusCondition(status: CallStatus): string {
  switch (status) {
    case 'ok':
      return `NOT ${CALL_FAILED_SQL}`;
    case 'error':
      return CALL_FAILED_SQL;
    case 'rate_limited':
      return 'status_code = 429';
    case 'overloaded':
      return 'status_code = 529';
    default:
      return unreachable(status);
  }
}

export type FilterTarget = { kind: 'column'; column: string } | { kind: 'status' };

export function filterTarget(name: FilterName): FilterTarget {
  switch (name) {
    case 'service':
    case 'team':
    case 'project':
    case 'feature':
    case 'user':
    case 'model':
    case 'route':
      return { kind: 'column', column: dimensionColumn(name) };
    case 'session':
      // No rollup keeps session ids (one per conversation): a session filter reads the raw table.
      return { kind: 'column', column: 'session_id' };
    case 'status':
      return { kind: 'status' };
    default:
      return unreachable(name);
  }
}

/** Columns a status condition reads. */
export const STATUS_COLUMNS = ['status_code', 'error_type'];

/** Columns a filter reads on the calls side. */
export function filterColumns(name: FilterName): string[] {
  const target = filterTarget(name);
  return target.kind === 'column' ? [target.column] : STATUS_COLUMNS;
}

/** Whether a filter can be applied to attempt rows directly (else through their calls). */
export function filterOnAttempts(name: FilterName): boolean {
  const target = filterTarget(name);
  // An attempt's own status is not its call's outcome, so status always goes through the call.
  return target.kind === 'column' && ATTEMPT_COLUMNS.has(target.column);
}

export function unreachable(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
