// Per-hour rollups fed by materialized views, so the dashboard's hot queries read thousands of
// rows instead of millions. Each rollup is data (dimensions + measures); its table, its view and
// its backfill are all rendered from that one definition, so they cannot disagree.
//
// Why more than one calls rollup: `user` is the one dimension whose cardinality grows with the
// customer base. With it in the key a rollup barely shrinks the raw table, so a second rollup
// without it serves every query that neither filters nor groups by user.
//
// The writer never inserts a (trace_id, span_id) that is already stored, so the views see each
// call once. Dimension columns keep the raw tables' names, so one filter renders for both.
import { mergeTreeEngine, onCluster } from '../engines';
import type { Gateway } from '../gateway';
import { ATTEMPTS_TABLE } from '../attemptsTable';
import { CALLS_TABLE } from '../callsTable';

export type Source = 'calls' | 'attempts';

interface Column {
  name: string;
  type: string;
  /** The view's expression over the source table. */
  expr: string;
}

export interface RollupDef {
  table: string;
  source: Source;
  dims: readonly Column[];
  measures: readonly Column[];
  /** Rows of the source that the rollup keeps (default: all). */
  where?: string;
}

/** The quantile levels every latency state is built for; reads must merge with the same levels. */
export const QUANTILE_LEVELS = '0.5, 0.95, 0.99';

const lc = (name: string): Column => ({ name, type: 'LowCardinality(String)', expr: name });
const sum = (name: string, type: string, expr: string): Column => ({ name, type: `SimpleAggregateFunction(sum, ${type})`, expr });

const CALL_DIMS_WITHOUT_USER: Column[] = [
  lc('service_name'),
  lc('team'),
  lc('project'),
  lc('feature'),
  lc('model'),
  lc('route'),
  { name: 'status_code', type: 'UInt16', expr: 'status_code' },
  lc('error_type'),
  lc('route_requested_model'),
  { name: 'fallback', type: 'UInt8', expr: "route_fallback_from != ''" },
];

const CALL_MEASURES: Column[] = [
  sum('calls', 'UInt64', 'count()'),
  sum('unpriced_calls', 'UInt64', 'countIf(cost_nano_usd IS NULL)'),
  // Int64 nano-dollars: exact, never a float sum.
  sum('cost_nano', 'Int64', 'sum(ifNull(cost_nano_usd, 0))'),
  sum('input_tokens', 'UInt64', 'sum(input_tokens)'),
  sum('output_tokens', 'UInt64', 'sum(output_tokens)'),
  sum('cache_read_tokens', 'UInt64', 'sum(cache_read_tokens)'),
  sum('cache_write_5m_tokens', 'UInt64', 'sum(cache_write_5m_tokens)'),
  sum('cache_write_1h_tokens', 'UInt64', 'sum(cache_write_1h_tokens)'),
  sum('retries', 'UInt64', 'sum(retry_count)'),
  {
    name: 'latency',
    type: `AggregateFunction(quantilesTDigest(${QUANTILE_LEVELS}), Float64)`,
    expr: `quantilesTDigestState(${QUANTILE_LEVELS})(duration_ms)`,
  },
  {
    name: 'ttft',
    // -StateIf (State of the If-filtered function) keeps the plain quantilesTDigest state type,
    // so time-to-first-token merges exactly like latency.
    type: `AggregateFunction(quantilesTDigest(${QUANTILE_LEVELS}), Float64)`,
    expr: `quantilesTDigestStateIf(${QUANTILE_LEVELS})(assumeNotNull(ttft_ms), isNotNull(ttft_ms))`,
  },
];

export const CALLS_HOURLY: RollupDef = {
  table: 'llm_calls_hourly',
  source: 'calls',
  dims: [...CALL_DIMS_WITHOUT_USER.slice(0, 6), { name: 'user', type: 'String', expr: 'user' }, ...CALL_DIMS_WITHOUT_USER.slice(6)],
  measures: CALL_MEASURES,
};

export const CALLS_HOURLY_NO_USER: RollupDef = {
  table: 'llm_calls_hourly_no_user',
  source: 'calls',
  dims: CALL_DIMS_WITHOUT_USER,
  measures: CALL_MEASURES,
};

export const ATTEMPTS_HOURLY: RollupDef = {
  table: 'llm_attempts_hourly',
  source: 'attempts',
  dims: [lc('service_name'), lc('team'), lc('model'), { name: 'status_code', type: 'UInt16', expr: 'status_code' }, lc('error_type')],
  measures: [sum('attempts', 'UInt64', 'count()'), sum('retried', 'UInt64', 'countIf(attempt > 1)')],
};

/** The last rate-limit headers seen per hour; read by the headroom panel. */
export const RATE_LIMITS_HOURLY: RollupDef = {
  table: 'llm_ratelimits_hourly',
  source: 'calls',
  dims: [lc('service_name'), lc('team'), lc('model')],
  measures: [
    { name: 'seen_at', type: "SimpleAggregateFunction(max, DateTime64(6, 'UTC'))", expr: 'max(start_time)' },
    {
      name: 'latest',
      type: "AggregateFunction(argMax, Map(String, String), DateTime64(6, 'UTC'))",
      expr: "argMaxState(CAST(rate_limits, 'Map(String, String)'), start_time)",
    },
  ],
  where: 'length(rate_limits) > 0',
};

/** Smallest first: a query reads the first rollup of its source that has every column it needs. */
export const ROLLUPS: readonly RollupDef[] = [CALLS_HOURLY_NO_USER, CALLS_HOURLY, ATTEMPTS_HOURLY];

const SOURCE_TABLES: Record<Source, string> = { calls: CALLS_TABLE, attempts: ATTEMPTS_TABLE };

function selectForRollup(gateway: Gateway, def: RollupDef, final: boolean): string {
  const columns = [`toStartOfHour(start_time) AS hour`, ...def.dims.map((d) => `${d.expr} AS ${d.name}`), ...def.measures.map((m) => `${m.expr} AS ${m.name}`)];
  return `SELECT ${columns.join(', ')}
    FROM ${gateway.table(SOURCE_TABLES[def.source])}${final ? ' FINAL' : ''}
    ${def.where ? `WHERE ${def.where}` : ''}
    GROUP BY ${['hour', ...def.dims.map((d) => d.name)].join(', ')}`;
}

function rollupStatements(gateway: Gateway, def: RollupDef): string[] {
  const table = gateway.table(def.table);
  const columns = [`hour DateTime('UTC')`, ...[...def.dims, ...def.measures].map((c) => `${c.name} ${c.type}`)];
  return [
    `CREATE TABLE IF NOT EXISTS ${table}${onCluster(gateway)} (${columns.join(', ')})
     ENGINE = ${mergeTreeEngine(gateway, 'AggregatingMergeTree', def.table)}
     PARTITION BY toYYYYMM(hour)
     ORDER BY (hour, ${def.dims.map((d) => d.name).join(', ')})`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${gateway.table(`${def.table}_mv`)}${onCluster(gateway)} TO ${table} AS ${selectForRollup(gateway, def, false)}`,
    // Rows stored before this migration: migrations run before the writer accepts anything, so
    // nothing is inserted between the view's creation and this copy. TRUNCATE first makes a
    // re-run of a half-applied migration copy once, not twice.
    `TRUNCATE TABLE IF EXISTS ${table}${onCluster(gateway)}`,
    `INSERT INTO ${table} ${selectForRollup(gateway, def, true)}`,
  ];
}

export const ROLLUP_MIGRATION_VERSION = 100;

export const rollupMigrations = [
  {
    version: ROLLUP_MIGRATION_VERSION,
    name: 'hourly rollups of calls, attempts and rate-limit headers',
    statements: (gateway: Gateway) => [CALLS_HOURLY_NO_USER, CALLS_HOURLY, ATTEMPTS_HOURLY, RATE_LIMITS_HOURLY].flatMap((def) => rollupStatements(gateway, def)),
  },
];

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
