// How the core tables (calls, attempts, their rollups) are limited to a reader's scope. A rollup
// keeps only some dimensions: one without the scope's dimension has no rule, so a read of it is
// refused rather than answered with other teams' rows; the rollup chooser (query/segments.ts)
// therefore counts the scope's column among those a query needs.
import { ATTEMPTS_TABLE } from './attemptsTable';
import { CALLS_TABLE } from './callsTable';
import type { Gateway } from './gateway';
import { columnIn, type ReadScope, type TableScopeRule } from './readScope';
import { RATE_LIMITS_HOURLY, ROLLUPS, rollupColumns } from './query/rollups';

const byColumn =
  (columns: ReadonlySet<string>): TableScopeRule =>
  (scope: ReadScope) =>
    columns.has(scope.dimension) ? columnIn(scope.dimension, scope) : undefined;

export function coreScopeRules(gateway: Gateway): Map<string, TableScopeRule> {
  const rules = new Map<string, TableScopeRule>();
  rules.set(CALLS_TABLE, byColumn(new Set(['team', 'project', 'tenant'])));
  // Attempts carry the team but not the project or tenant: those scopes pick them through their calls.
  rules.set(ATTEMPTS_TABLE, (scope) =>
    scope.dimension === 'team'
      ? columnIn('team', scope)
      : `(trace_id, span_id) IN (SELECT trace_id, span_id FROM ${gateway.table(CALLS_TABLE)} WHERE ${columnIn(scope.dimension, scope)})`,
  );
  for (const def of [...ROLLUPS, RATE_LIMITS_HOURLY]) rules.set(def.table, byColumn(rollupColumns(def)));
  return rules;
}
