// Rollups fed by materialized views, so the dashboard's hot queries read thousands of rows
// instead of millions. Each rollup is data (grain, dimensions, measures); its table, its view and
// its backfill are all rendered from that one definition, so they cannot disagree.
//
// Why three calls rollups: a query reads the smallest one that has every column it touches.
// The core one (service, team, model) has a few dozen rows an hour. The next adds the other
// attribution and status columns. `user` grows with the customer base; with it in the key a
// rollup barely shrinks the raw table, so that one keeps sums only and quantiles by user read
// raw rows.
//
// Why each comes per hour and per day: merging a latency digest costs about as much as reading
// a few hundred raw rows (measured: ~26k hourly digests, a month of the core rollup at 36 series,
// take 100–200 ms to merge). A month read as 29 days + the ragged hours at either end merges ~2k.
//
// Each call is counted once: a stored call that a later span corrects (another instrumentation of
// the same call) is re-inserted with its old version at sign -1 (store/callMerge.ts), so the call
// measures sum `sign`, and the latency sketches, which cannot subtract, take first versions only.
// Dimension columns keep the raw tables' names, so one filter renders for both.
import { mergeTreeEngine, onCluster } from '../engines';
import type { Gateway } from '../gateway';
import { ATTEMPTS_TABLE } from '../attemptsTable';
import { CALLS_TABLE } from '../callsTable';
import { CALL_FAILED_SQL, QUANTILES } from '../callRules';

export type Source = 'calls' | 'attempts';

interface Column {
  name: string;
  type: string;
  /** The view's expression over the source table. */
  expr: string;
  /**
   * The expression over the source's current rows (FINAL, sign > 0) when a bucket is rebuilt,
   * where it differs from the view's: there a merged call has one row, its merged version.
   */
  rebuildExpr?: string;
  /**
   * For a measure: the expression that combines rows of this rollup into a coarser one (a daily
   * rollup fed from its hourly twin), e.g. `sum(calls)` or a sketch's -MergeState.
   */
  rollUp?: string;
}

export type Grain = 'hour' | 'day';

export interface RollupDef {
  table: string;
  source: Source;
  /** Rows are per hour (column `hour`) or per UTC day (column `day`, a DateTime at midnight). */
  grain: Grain;
  dims: readonly Column[];
  measures: readonly Column[];
  /** Rows of the source that the rollup keeps (default: all). */
  where?: string;
  /**
   * A finer rollup of the same rows (the same or a finer grain, every dimension of this one) that
   * this one is rolled up from: its view reads the grouped rows of the finest rollup's feed, which
   * carries every measure of the rollups fed from it (rollupFeeds.ts), not the raw rows.
   * Backfill and rebuild read raw rows.
   */
  rolledFrom?: RollupDef;
}

/** `quantilesDD(…)` with a combinator: State, MergeState, Merge, StateIf. */
export const quantilesWith = (combinator: 'State' | 'MergeState' | 'Merge' | 'StateIf') => QUANTILES.replace('(', `${combinator}(`);

const lc = (name: string): Column => ({ name, type: 'LowCardinality(String)', expr: name });
const sum = (name: string, type: string, expr: string): Column => ({ name, type: `SimpleAggregateFunction(sum, ${type})`, expr, rollUp: `sum(${name})` });

const CORE_DIMS: Column[] = [lc('service_name'), lc('team'), lc('model')];

const DETAIL_DIMS: Column[] = [
  lc('service_name'),
  lc('team'),
  lc('project'),
  lc('feature'),
  lc('model'),
  lc('route'),
  { name: 'status_code', type: 'UInt16', expr: 'status_code' },
  lc('error_type'),
  lc('route_requested_model'),
];

// Signed sums: a retraction (sign -1) takes back what its earlier version added. A UInt64 column
// takes the negative part modulo 2^64 and its sums wrap back to the exact total (sums of whole
// groups are never negative).
const CALL_SUMS: Column[] = [
  sum('calls', 'UInt64', 'sum(sign)'),
  sum('errors', 'UInt64', `sumIf(sign, ${CALL_FAILED_SQL})`),
  sum('unpriced_calls', 'UInt64', 'sumIf(sign, cost_nano_usd IS NULL)'),
  // Int64 nano-dollars: exact, never a float sum.
  sum('cost_nano', 'Int64', 'sum(sign * ifNull(cost_nano_usd, 0))'),
  sum('input_tokens', 'UInt64', 'sum(sign * input_tokens)'),
  sum('output_tokens', 'UInt64', 'sum(sign * output_tokens)'),
  sum('cache_read_tokens', 'UInt64', 'sum(sign * cache_read_tokens)'),
  sum('cache_write_5m_tokens', 'UInt64', 'sum(sign * cache_write_5m_tokens)'),
  sum('cache_write_1h_tokens', 'UInt64', 'sum(sign * cache_write_1h_tokens)'),
  sum('retries', 'UInt64', 'sum(sign * retry_count)'),
  sum('fallback_calls', 'UInt64', "sumIf(sign, route_fallback_from != '')"),
];

/** A call's first version: the only one its latency and time to first token are sketched from. */
const FIRST_VERSION_SQL = 'NOT revision';

const CALL_QUANTILES: Column[] = [
  {
    name: 'latency',
    type: `AggregateFunction(${QUANTILES}, Float64)`,
    expr: `${quantilesWith('StateIf')}(duration_ms, ${FIRST_VERSION_SQL})`,
    rebuildExpr: `${quantilesWith('State')}(duration_ms)`,
    rollUp: `${quantilesWith('MergeState')}(latency)`,
  },
  {
    // -StateIf (State of the If-filtered function) keeps the plain sketch state type, so
    // time-to-first-token merges exactly like latency.
    name: 'ttft',
    type: `AggregateFunction(${QUANTILES}, Float64)`,
    expr: `${quantilesWith('StateIf')}(assumeNotNull(ttft_ms), isNotNull(ttft_ms) AND ${FIRST_VERSION_SQL})`,
    rebuildExpr: `${quantilesWith('StateIf')}(assumeNotNull(ttft_ms), isNotNull(ttft_ms))`,
    rollUp: `${quantilesWith('MergeState')}(ttft)`,
  },
];

/** `def`, filled from `finer`'s rows: checked to be something `finer` can be rolled up into. */
function chainedTo(def: RollupDef, finer: RollupDef): RollupDef {
  const problems = [
    ...def.dims.filter((d) => !finer.dims.some((f) => f.name === d.name)).map((d) => `dimension ${d.name} is not in ${finer.table}`),
    ...def.measures.filter((m) => !m.rollUp).map((m) => `measure ${m.name} has no rollUp expression`),
    ...(def.source !== finer.source || (def.grain === 'hour' && finer.grain === 'day') || def.where !== finer.where
      ? [`${finer.table} is not a finer rollup of the same rows`]
      : []),
  ];
  if (problems.length > 0) throw new Error(`rollup ${def.table} cannot be fed from ${finer.table}: ${problems.join('; ')}`);
  return { ...def, rolledFrom: finer };
}

/** An hourly rollup (fed from `finer` if given, else from raw rows) and its daily twin, fed from it. */
function both(base: string, def: Omit<RollupDef, 'table' | 'grain'>, finer?: RollupDef): [RollupDef, RollupDef] {
  const plain: RollupDef = { ...def, table: `${base}_hourly`, grain: 'hour' };
  const hourly = finer ? chainedTo(plain, finer) : plain;
  return [hourly, chainedTo({ ...def, table: `${base}_daily`, grain: 'day' }, hourly)];
}

/**
 * The model a routing rule was asked for, else the model the app asked the SDK for (a call made
 * without route() still names its model). On the raw table it is an ALIAS column of the same
 * expression (migration 131), so one name reads both.
 */
export const REQUESTED_MODEL_SQL = "if(route_requested_model != '', route_requested_model, request_model)";
const REQUESTED_MODEL: Column = { name: 'requested_model', type: 'LowCardinality(String)', expr: REQUESTED_MODEL_SQL };

// The detail rollups also keep the requested model, for the Routing screen's requested-vs-served
// panel (it read 10M raw rows: 12–16 s p95 for 30 days on the loaded bench machine). The user
// rollup does not: it grows with the customer base, and no panel asks for both.
export const [CALLS_DETAIL_HOURLY, CALLS_DETAIL_DAILY] = both('llm_calls_detail', {
  source: 'calls',
  dims: [...DETAIL_DIMS, REQUESTED_MODEL],
  measures: [...CALL_SUMS, ...CALL_QUANTILES],
});
// The core rollup's dimensions are a subset of the detail rollup's: it is rolled up from the
// detail rollup's grouped rows, so each call goes into a latency sketch once, not twice.
export const [CALLS_CORE_HOURLY, CALLS_CORE_DAILY] = both(
  'llm_calls_core',
  { source: 'calls', dims: CORE_DIMS, measures: [...CALL_SUMS, ...CALL_QUANTILES] },
  CALLS_DETAIL_HOURLY,
);
export const [CALLS_BY_USER_HOURLY, CALLS_BY_USER_DAILY] = both('llm_calls_by_user', {
  source: 'calls',
  dims: [...DETAIL_DIMS, { name: 'user', type: 'String', expr: 'user' }],
  measures: CALL_SUMS,
});
// The bill's lines beyond plain tokens (premiums, fees, web searches), as the Spend screen's
// cost lines read them: only priced calls' premiums count (billing/costLinesQuery.ts).
const LINE_SUMS: Column[] = [
  sum('fast_mode_nano', 'Int64', 'sum(sign * if(cost_nano_usd IS NULL, 0, cost_fast_mode_nano_usd))'),
  sum('us_only_nano', 'Int64', 'sum(sign * if(cost_nano_usd IS NULL, 0, cost_us_only_nano_usd))'),
  sum('web_search_nano', 'Int64', 'sum(sign * if(cost_nano_usd IS NULL, 0, cost_web_search_nano_usd))'),
  sum('web_search_requests', 'UInt64', 'sum(sign * web_search_requests)'),
];

// Migration 140 (issue 13). Per model only: the charts by model and the unfiltered totals merge a
// dozen times fewer latency digests than from the core rollup (36 series), which at 10M calls
// kept latency by model over 30 days above 100 ms. Rolled up from the detail rollup, so no more
// view reads the raw calls.
export const [CALLS_MODEL_HOURLY, CALLS_MODEL_DAILY] = both(
  'llm_calls_model',
  { source: 'calls', dims: [lc('model')], measures: [...CALL_SUMS, ...CALL_QUANTILES] },
  CALLS_DETAIL_HOURLY,
);
// The bill's lines (billing/costLinesQuery.ts) under any filter but the user's: the detail
// dimensions, sums only. They read every raw row of the range (250 ms at 10M calls over 30 days).
// Rolled up from the detail rollup: its feed carries the line sums too (rollupFeeds.ts), so the
// lines cost four more sums in the detail view's GROUP BY, not a second GROUP BY of every call.
export const [CALLS_LINES_HOURLY, CALLS_LINES_DAILY] = both(
  'llm_calls_lines',
  { source: 'calls', dims: DETAIL_DIMS, measures: [...CALL_SUMS, ...LINE_SUMS] },
  CALLS_DETAIL_HOURLY,
);

// Per user alone, sums only: a month of it is days x users rows, where the user rollup with
// every dimension is nearly the raw table. The calls search counts a user's calls from it
// (callsSearch.ts), and the charts ranked by user read it.
// Rolled up from the user rollup with every dimension, so no more view reads the raw calls.
export const [CALLS_USER_HOURLY, CALLS_USER_DAILY] = both(
  'llm_calls_user',
  { source: 'calls', dims: [{ name: 'user', type: 'String', expr: 'user' }], measures: CALL_SUMS },
  CALLS_BY_USER_HOURLY,
);

export const [ATTEMPTS_HOURLY, ATTEMPTS_DAILY] = both('llm_attempts', {
  source: 'attempts',
  dims: [lc('service_name'), lc('team'), lc('model'), { name: 'status_code', type: 'UInt16', expr: 'status_code' }, lc('error_type')],
  measures: [sum('attempts', 'UInt64', 'count()'), sum('retried', 'UInt64', 'countIf(attempt > 1)')],
});

// Migration 140 (issue 13): the 429 and 529 attempts per minute, for each bucket's worst
// minute (attemptPeaks.ts), which read the raw attempts of the whole range. Hourly rows keyed by
// the minute; one without dimensions for the unfiltered view, one by the columns attempts can be
// filtered on.
const MINUTE: Column = { name: 'minute', type: "DateTime('UTC')", expr: 'toStartOfMinute(start_time)' };
const STATUS: Column = { name: 'status_code', type: 'UInt16', expr: 'status_code' };
const storms = (table: string, dims: Column[]): RollupDef => ({
  table,
  source: 'attempts',
  grain: 'hour',
  dims: [MINUTE, ...dims, STATUS],
  measures: [sum('storm_attempts', 'UInt64', 'count()')],
  where: 'status_code IN (429, 529)',
});
export const ATTEMPT_STORMS_DETAIL_HOURLY = storms('llm_attempt_storms_detail_hourly', [lc('service_name'), lc('team'), lc('model')]);
export const ATTEMPT_STORMS_HOURLY = chainedTo(storms('llm_attempt_storms_hourly', []), ATTEMPT_STORMS_DETAIL_HOURLY);

/** The last rate-limit headers seen per hour; read by the headroom panel. */
export const RATE_LIMITS_HOURLY: RollupDef = {
  table: 'llm_ratelimits_hourly',
  source: 'calls',
  grain: 'hour',
  dims: [lc('service_name'), lc('team'), lc('model')],
  measures: [
    { name: 'seen_at', type: "SimpleAggregateFunction(max, DateTime64(6, 'UTC'))", expr: 'max(start_time)' },
    {
      name: 'latest',
      type: "AggregateFunction(argMax, Map(String, String), DateTime64(6, 'UTC'))",
      expr: "argMaxState(CAST(rate_limits, 'Map(String, String)'), start_time)",
    },
  ],
  where: 'length(rate_limits) > 0 AND sign > 0',
};

export const rollupColumns = (def: RollupDef): Set<string> => new Set([...def.dims, ...def.measures].map((c) => c.name));

export const timeColumn = (def: RollupDef): 'hour' | 'day' => def.grain;

/** Smallest first: a query reads the first rollup of its source and grain that has every column it needs. */
export const ROLLUPS: readonly RollupDef[] = [
  CALLS_MODEL_HOURLY,
  CALLS_MODEL_DAILY,
  CALLS_CORE_HOURLY,
  CALLS_CORE_DAILY,
  CALLS_DETAIL_HOURLY,
  CALLS_DETAIL_DAILY,
  CALLS_LINES_HOURLY,
  CALLS_LINES_DAILY,
  CALLS_USER_HOURLY,
  CALLS_USER_DAILY,
  CALLS_BY_USER_HOURLY,
  CALLS_BY_USER_DAILY,
  ATTEMPTS_HOURLY,
  ATTEMPTS_DAILY,
  ATTEMPT_STORMS_HOURLY,
  ATTEMPT_STORMS_DETAIL_HOURLY,
];

/** The rollups migration 140 added; a store made since migration 100 creates them there. */
export const ISSUE_13_ROLLUPS: readonly RollupDef[] = [
  CALLS_MODEL_HOURLY,
  CALLS_MODEL_DAILY,
  CALLS_LINES_HOURLY,
  CALLS_LINES_DAILY,
  CALLS_USER_HOURLY,
  CALLS_USER_DAILY,
  ATTEMPT_STORMS_HOURLY,
  ATTEMPT_STORMS_DETAIL_HOURLY,
];

const SIGNED_SOURCES: ReadonlySet<Source> = new Set(['calls']);

/** The raw table each source reads. */
export const SOURCE_TABLES: Record<Source, string> = { calls: CALLS_TABLE, attempts: ATTEMPTS_TABLE };

/** Where a rollup's time bucket starts, as an expression over the source's `start_time`. */
export const bucketOf = (grain: Grain): string => (grain === 'hour' ? 'toStartOfHour(start_time)' : `toDateTime(toStartOfDay(start_time), 'UTC')`);

/**
 * The rollup's rows for [from, to) (whole buckets, query parameters `from` and `to`) rebuilt from
 * the source's current rows: FINAL collapses a re-sent block and a merged call to one row each,
 * and a retraction (sign -1) left in an earlier sort key is not a call.
 */
export function rebuildSelect(gateway: Gateway, def: RollupDef): string {
  const columns = [
    `${bucketOf(def.grain)} AS ${timeColumn(def)}`,
    ...def.dims.map((d) => `${d.expr} AS ${d.name}`),
    ...def.measures.map((m) => `${m.rebuildExpr ?? m.expr} AS ${m.name}`),
  ];
  const where = [
    `start_time >= {from:DateTime64(6, 'UTC')}`,
    `start_time < {to:DateTime64(6, 'UTC')}`,
    ...(SIGNED_SOURCES.has(def.source) ? ['sign > 0'] : []),
    ...(def.where ? [`(${def.where})`] : []),
  ];
  return `SELECT ${columns.join(', ')}
    FROM ${gateway.table(SOURCE_TABLES[def.source])} FINAL
    WHERE ${where.join(' AND ')}
    GROUP BY ${[timeColumn(def), ...def.dims.map((d) => d.name)].join(', ')}`;
}

/** The rollup's rows grouped from raw rows (its view's select before views shared feeds, and its backfill's). */
export function selectForRollup(gateway: Gateway, def: RollupDef, final: boolean): string {
  const time = def.grain === 'hour' ? `toStartOfHour(start_time) AS hour` : `toDateTime(toStartOfDay(start_time), 'UTC') AS day`;
  const columns = [time, ...def.dims.map((d) => `${d.expr} AS ${d.name}`), ...def.measures.map((m) => `${m.expr} AS ${m.name}`)];
  return `SELECT ${columns.join(', ')}
    FROM ${gateway.table(SOURCE_TABLES[def.source])}${final ? ' FINAL' : ''}
    ${def.where ? `WHERE ${def.where}` : ''}
    GROUP BY ${[timeColumn(def), ...def.dims.map((d) => d.name)].join(', ')}`;
}

/**
 * Every row of the source into the rollup, as the migration's backfill does. FINAL unless the
 * caller knows each row is stored once (a seed), as it costs a merge of the whole table.
 */
export const backfillStatement = (gateway: Gateway, def: RollupDef, final = true): string =>
  `INSERT INTO ${gateway.table(def.table)} ${insertColumns(def)} ${selectForRollup(gateway, def, final)}`;

/** A rollup's columns by name: a column added later (ALTER … ADD) may sit elsewhere in the table. */
export const insertColumns = (def: RollupDef): string =>
  `(${[timeColumn(def), ...def.dims.map((d) => d.name), ...def.measures.map((m) => m.name)].join(', ')})`;

// The view over raw rows that migrations 100, 101 and 131 make; migration 150 replaces those of
// rollups fed from a shared feed (rollupFeeds.ts). A later migration that re-makes a view must
// make it the way rollupFeeds does for those rollups.
const viewStatement = (gateway: Gateway, def: RollupDef) =>
  `CREATE MATERIALIZED VIEW IF NOT EXISTS ${gateway.table(`${def.table}_mv`)}${onCluster(gateway)} TO ${gateway.table(def.table)} AS ${selectForRollup(gateway, def, false)}`;

/** The rollup table's column definitions (also its feed's, rollupFeeds.ts). */
export const rollupColumnDefinitions = (def: RollupDef): string =>
  [`${timeColumn(def)} DateTime('UTC')`, ...[...def.dims, ...def.measures].map((c) => `${c.name} ${c.type}`)].join(', ');

function rollupStatements(gateway: Gateway, def: RollupDef): string[] {
  const table = gateway.table(def.table);
  return [
    `CREATE TABLE IF NOT EXISTS ${table}${onCluster(gateway)} (${rollupColumnDefinitions(def)})
     ENGINE = ${mergeTreeEngine(gateway, 'AggregatingMergeTree', def.table)}
     PARTITION BY toYYYYMM(${timeColumn(def)})
     ORDER BY (${timeColumn(def)}, ${def.dims.map((d) => d.name).join(', ')})`,
    viewStatement(gateway, def),
    // Rows stored before this migration: migrations run before the writer accepts anything, so
    // nothing is inserted between the view's creation and this copy. TRUNCATE first makes a
    // re-run of a half-applied migration copy once, not twice.
    `TRUNCATE TABLE IF EXISTS ${table}${onCluster(gateway)}`,
    backfillStatement(gateway, def),
  ];
}

export const ROLLUP_MIGRATION_VERSION = 100;

/** Recent insert blocks each table remembers (rollupIntegrity.ts): far more than a batch is ever retried after. */
export const DEDUP_WINDOW = 1000;

export const rollupMigrations = [
  {
    version: ROLLUP_MIGRATION_VERSION,
    name: 'hourly and daily rollups of calls and attempts; rate-limit headers per hour',
    statements: (gateway: Gateway) => [...ROLLUPS, RATE_LIMITS_HOURLY].flatMap((def) => rollupStatements(gateway, def)),
  },
  {
    // Stores made before calls could be corrected: their views summed rows, not signs. The rows
    // they summed are all first versions (sign 1), so the rollups stay right; only the views change.
    version: ROLLUP_MIGRATION_VERSION + 1,
    name: 'rollups count each call once: signed sums, latency from first versions',
    statements: (gateway: Gateway) =>
      [...ROLLUPS, RATE_LIMITS_HOURLY]
        .filter((def) => SIGNED_SOURCES.has(def.source))
        .flatMap((def) => [`DROP VIEW IF EXISTS ${gateway.table(`${def.table}_mv`)}${onCluster(gateway)}`, viewStatement(gateway, def)]),
  },
  {
    // A store whose detail rollups predate the requested model: the raw table gets the ALIAS, the
    // rollups the column at the end of their key (a no-op where migration 100 already made it),
    // and are refilled. Version 131: the query range given to this change (130–149).
    version: 131,
    name: 'the requested model: an ALIAS on calls, a key column of the detail rollups',
    statements: (gateway: Gateway) => [
      ...requestedModelAliasStatements(gateway),
      ...[CALLS_DETAIL_HOURLY, CALLS_DETAIL_DAILY].flatMap((def) => {
        const table = gateway.table(def.table);
        return [
          `DROP VIEW IF EXISTS ${gateway.table(`${def.table}_mv`)}${onCluster(gateway)}`,
          `ALTER TABLE ${table}${onCluster(gateway)} ADD COLUMN IF NOT EXISTS ${REQUESTED_MODEL.name} ${REQUESTED_MODEL.type} AFTER ${DETAIL_DIMS.at(-1)!.name},
             MODIFY ORDER BY (${[timeColumn(def), ...def.dims.map((d) => d.name)].join(', ')})`,
          viewStatement(gateway, def),
          `TRUNCATE TABLE IF EXISTS ${table}${onCluster(gateway)}`,
          backfillStatement(gateway, def),
        ];
      }),
    ],
  },
  {
    // Version 140: the query range given to issue 13 (140–149). A store that ran migration 100
    // after these were defined already has them; IF NOT EXISTS and the TRUNCATE make this a refill.
    version: 140,
    name: 'rollups per model (with the cost lines), cost lines by the detail dimensions, calls per user, 429 and 529 attempts per minute',
    statements: (gateway: Gateway) => [
      ...ISSUE_13_ROLLUPS.flatMap((def) => rollupStatements(gateway, def)),
      // Migration 130's deduplication window, for tables made after it ran.
      ...(gateway.cluster
        ? []
        : ISSUE_13_ROLLUPS.map((def) => `ALTER TABLE ${gateway.table(def.table)} MODIFY SETTING non_replicated_deduplication_window = ${DEDUP_WINDOW}`)),
    ],
  },
];

function requestedModelAliasStatements(gateway: Gateway): string[] {
  const column = `ADD COLUMN IF NOT EXISTS ${REQUESTED_MODEL.name} LowCardinality(String) ALIAS ${REQUESTED_MODEL_SQL}`;
  const statements = [`ALTER TABLE ${gateway.localTable(CALLS_TABLE)}${onCluster(gateway)} ${column}`];
  if (gateway.cluster) statements.push(`ALTER TABLE ${gateway.table(CALLS_TABLE)}${onCluster(gateway)} ${column}`);
  return statements;
}

const installed = new WeakMap<Gateway, true>();

/**
 * Whether the rollup migration has run on this store. The summary routes are mounted by the core
 * whether or not the query module is, so they ask before reading a rollup; once true it stays so.
 */
export async function rollupsInstalled(gateway: Gateway): Promise<boolean> {
  if (installed.has(gateway)) return true;
  const rows = await gateway.query<{ n: string | number }>(
    'rollups-installed',
    `SELECT count() AS n FROM ${gateway.table('schema_migrations')} WHERE version = {version:UInt32}`,
    { version: ROLLUP_MIGRATION_VERSION },
  );
  const ok = Number(rows[0]?.n ?? 0) > 0;
  if (ok) installed.set(gateway, true);
  return ok;
}
