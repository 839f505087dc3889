// How budgets and alert rules are limited to a reader's scope (store/readScope.ts). A budget is
// a team's when it is scoped to that team; a rule is a team's when it watches budgets named by id
// and every one of them is the team's. A rule over every budget (budgetIds []) or over something
// else (a model, the ingest log, keys) concerns the whole organisation.
import { columnIn, literal, type ReadScope } from '../store/readScope';

const BUDGET_CONDITIONS = ['budget_threshold', 'budget_forecast', 'budget_burn_rate'];

export const budgetsInScope = (scope: ReadScope): string => `scope_kind = ${literal(scope.dimension)} AND ${columnIn('scope_value', scope)}`;

/** `budgetsTable` is the qualified name (gateway.table): the filter reads it to learn the scope's budget ids. */
export function rulesOverBudgetsInScope(budgetsTable: string, scope: ReadScope): string {
  const ids = `JSONExtract(condition, ${literal('budgetIds')}, ${literal('Array(String)')})`;
  const kinds = BUDGET_CONDITIONS.map(literal).join(', ');
  return (
    `JSONExtractString(condition, ${literal('kind')}) IN (${kinds}) AND notEmpty(${ids}) ` +
    `AND hasAll((SELECT groupArray(id) FROM ${budgetsTable} WHERE ${budgetsInScope(scope)}), ${ids})`
  );
}
