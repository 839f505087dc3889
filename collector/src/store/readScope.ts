// Reads limited to a slice of the organisation (a viewer or admin scoped to some teams, projects
// or tenants),
// enforced in the one gateway every read goes through, not by each route.
//
// How: the request runs inside an AsyncLocalStorage context that carries the scope and the rules
// for each table. Every query the gateway runs in that context gets ClickHouse's
// `additional_table_filters` setting, which adds a row filter to every read of the named tables
// wherever they appear in the query (subqueries, joins, unions, FINAL included: checked against
// chDB 3.4). A query that reads a table with no rule for the scope is refused (403), so a new
// table or route is closed to scoped readers until its owner says how to filter it.
import { AsyncLocalStorage } from 'node:async_hooks';

export const SCOPE_DIMENSIONS = ['team', 'project', 'tenant'] as const;
export type ScopeDimension = (typeof SCOPE_DIMENSIONS)[number];

export interface ReadScope {
  dimension: ScopeDimension;
  /** The values of the dimension this reader may see (at least one). */
  values: readonly string[];
}

/**
 * How a table's rows are limited to a scope: a filter over its own columns, or undefined when
 * the table cannot be limited to that kind of scope (the read is then refused).
 */
export type TableScopeRule = (scope: ReadScope) => string | undefined;

/** Tables whose every row is safe to show any reader (none of the organisation's spend in them). */
export const UNSCOPED = (): string => '1';

export class ScopeRefusedError extends Error {
  constructor(
    readonly tables: string[],
    scope: ReadScope,
  ) {
    super(
      `your access is limited to ${describeScope(scope)}, and this view reads organisation-wide data (${tables.join(', ')}) that cannot be limited to it; ask an admin`,
    );
  }
}

export const describeScope = (scope: ReadScope) => `${scope.dimension} ${scope.values.join(', ')}`;

/**
 * A string literal with no quote or backslash in it: the filter travels inside a Map literal,
 * inside a SET statement (chDB) or a URL parameter (a server), each with its own escaping, so
 * bytes are spelled as char(…) and no escaping can go wrong.
 */
export const literal = (value: string): string => `char(${[...Buffer.from(value, 'utf8')].join(', ') || ''})`;

/** `column IN (…)` over the scope's values. */
export const columnIn = (column: string, scope: ReadScope): string => `${column} IN (${scope.values.map(literal).join(', ')})`;

interface ScopeContext {
  /** undefined: this request reads the whole organisation. */
  scope: ReadScope | undefined;
  rules: ReadonlyMap<string, TableScopeRule>;
  /** Set when the response is sent: work that outlives it (a timer it armed) reads unscoped. */
  ended: boolean;
}

const storage = new AsyncLocalStorage<ScopeContext>();

/**
 * Runs `work` (a request's handlers) with every read limited to `scope`, or to nothing when it
 * is undefined. Every request enters a context of its own, scoped or not: a context that
 * escaped an earlier request (a promise or resource it created and that outlived it, seen on
 * kept-alive connections) must never be the ambient one for the next caller.
 */
export function runInReadScope<T>(scope: ReadScope | undefined, rules: ReadonlyMap<string, TableScopeRule>, work: () => T): { result: T; end: () => void } {
  const context: ScopeContext = { scope, rules, ended: false };
  const result = storage.run(context, work);
  return { result, end: () => (context.ended = true) };
}

/** The scope reads are limited to here, if any. */
export function currentReadScope(): ReadScope | undefined {
  const context = storage.getStore();
  return context && !context.ended ? context.scope : undefined;
}

/**
 * The `additional_table_filters` setting (a Map's text) that limits one query to the current
 * scope: a filter for every table it reads,
 * or a ScopeRefusedError naming the tables that cannot be limited. Tables are found by their
 * qualified name, which every query writes through gateway.table().
 */
export function readScopeSettings(database: string, sql: string): string | undefined {
  const context = storage.getStore();
  if (!context?.scope || context.ended) return undefined;
  const scope = context.scope;
  const prefix = `\`${database}\`.\``;
  const tables = new Set<string>();
  for (let at = sql.indexOf(prefix); at >= 0; at = sql.indexOf(prefix, at + 1)) {
    const end = sql.indexOf('`', at + prefix.length);
    if (end > at) tables.add(sql.slice(at + prefix.length, end));
  }
  const filters: [string, string][] = [];
  const refused: string[] = [];
  for (const table of tables) {
    const filter = context.rules.get(table)?.(scope);
    if (filter === undefined) refused.push(table);
    else filters.push([`${database}.${table}`, filter]);
  }
  if (refused.length > 0) throw new ScopeRefusedError(refused.sort(), scope);
  if (filters.length === 0) return undefined;
  return `{${filters.map(([table, filter]) => `'${table}': '${filter}'`).join(', ')}}`;
}
