// Seeds N synthetic calls (and their attempts) straight into the embedded store with
// INSERT … SELECT FROM numbers(), in chunks. Every column is a hash of the row number: the same
// data each run. Two ways to fill the rollups: through their materialized views, as the writer's
// inserts do (`viaViews`), or — for a large seed — with the views detached while the raw rows go
// in, then one aggregation per rollup: the migration's own backfill statement for those read from
// raw rows, and the rest rolled up from a finer rollup already filled (a day from its hours, the
// core from the detail), as their views do.
// Shape: 30 days, 2,000 users in 6 teams, 12 services, 48 features, 3 models whose mix shifts,
// 3% 429s, 0.7% 529s, cache reads on a third of calls, rate-limit headers on every call.
import type { Gateway } from '../../collector/src/store/gateway';
import { ATTEMPTS_TABLE } from '../../collector/src/store/attemptsTable';
import { CALLS_TABLE } from '../../collector/src/store/callsTable';
import { backfillStatement, insertColumns, RATE_LIMITS_HOURLY, ROLLUPS, timeColumn, type RollupDef } from '../../collector/src/store/query/rollups';
import { RAW_VIEWS } from '../../collector/src/store/query/rollupFeeds';

const TEAMS = ['search', 'support', 'platform', 'growth', 'data', 'mobile'];
const MODELS = ['claude-haiku-4-5', 'claude-sonnet-4-6', 'claude-opus-4-6'];
// nano-dollars per token: input, output, cache read (list prices of the three models).
const PRICES = { in: [1000, 3000, 5000], out: [5000, 15000, 25000], cacheRead: [100, 300, 500] };

const list = (items: (string | number)[]) => `[${items.map((i) => (typeof i === 'string' ? `'${i}'` : String(i))).join(', ')}]`;

// The row's deterministic facts, as a subquery over numbers(); referenced by both inserts.
function facts(startMs: number, spanMs: number, total: number): string {
  return `SELECT
    number AS n,
    cityHash64(n) AS h,
    cityHash64(n, 1) AS h2,
    cityHash64(n, 2) AS h3,
    toDateTime64(${startMs / 1000} + (n * ${spanMs / 1000}) / ${total} + (h % 1000) / 1000, 6, 'UTC') AS t,
    n / ${total} AS progress,
    h % 2000 AS user_idx,
    (user_idx % 6) * 2 + (h2 % 2) AS service_idx,
    multiIf((h % 100) < 40 - progress * 25, 3, (h % 100) < 85, 2, 1) AS model_idx,
    multiIf((h2 % 1000) < 970, 200, (h2 % 1000) < 985, 429, (h2 % 1000) < 992, 529, 500) AS status,
    if(status = 429, 1 + h3 % 2, if(status = 529, 1, 0)) AS retries,
    200 + h % 5000 AS input,
    if(status = 200, 20 + h2 % 800, 0) AS output,
    if(h3 % 3 = 0, 1000 + h % 8000, 0) AS cache_read
  FROM numbers_mt`;
}

function callsInsert(gateway: Gateway, from: number, count: number, startMs: number, spanMs: number, total: number): string {
  return `INSERT INTO ${gateway.table(CALLS_TABLE)}
    (trace_id, span_id, parent_span_id, start_time, duration_ms, service_name, environment, scope_name, instrumentation, provider, operation,
     request_model, response_model, model, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
     service_tier, stream, ttft_ms, stop_reason, status_code, error_type, retry_count, request_id, rate_limits, team, project, feature, user,
     route, route_requested_model, route_fallback_from, cost_nano_usd)
  SELECT
    lower(hex(h)) || lower(hex(h2)), lower(hex(h3)), '', t,
    250 + (h % 4000) / 4 + output * [6, 14, 28][model_idx],
    'service-' || toString(service_idx), 'bench', 'com.anthropic.sdk.typescript', 'anthropic-sdk', 'anthropic', 'chat',
    ${list(MODELS)}[model_idx], ${list(MODELS)}[model_idx], ${list(MODELS)}[model_idx],
    input, output, cache_read, if(h % 10 = 0, 1024, 0), 0,
    'standard', h % 2 = 0, if(h % 2 = 0, 150 + toFloat64(h3 % 1500), NULL), 'end_turn', status,
    multiIf(status = 429, 'rate_limit_error', status = 529, 'overloaded_error', status = 500, 'api_error', ''), retries,
    'req_' || lower(hex(h3)),
    map('requests.limit', '4000', 'requests.remaining', toString(h % 4000), 'requests.reset', '2026-01-01T00:00:00Z'),
    ${list(TEAMS)}[user_idx % 6 + 1], 'project-' || toString(service_idx % 8), 'feature-' || toString(service_idx) || '-' || toString(h3 % 4),
    'user-' || toString(user_idx),
    ['default', 'cheap-first', 'quality'][h3 % 3 + 1], ${list(MODELS)}[if(h3 % 3 = 1, 2, model_idx)], if(status = 529 AND h % 2 = 0, 'claude-opus-4-6', ''),
    toInt64(input * ${list(PRICES.in)}[model_idx] + output * ${list(PRICES.out)}[model_idx] + cache_read * ${list(PRICES.cacheRead)}[model_idx] + if(h % 10 = 0, 1024, 0) * ${list(PRICES.in)}[model_idx] * 5 / 4)
  FROM (${facts(startMs, spanMs, total)}(${from}, ${count}))`;
}

function attemptsInsert(gateway: Gateway, from: number, count: number, startMs: number, spanMs: number, total: number): string {
  return `INSERT INTO ${gateway.table(ATTEMPTS_TABLE)}
    (trace_id, span_id, attempt, start_time, duration_ms, status_code, error_type, retry_after_ms, request_id, service_name, model, team)
  SELECT
    lower(hex(h)) || lower(hex(h2)), lower(hex(h3)), a, t + (a - 1) * 2,
    100, if(a <= retries, if(status = 529, 529, 429), status),
    if(a <= retries, if(status = 529, 'overloaded_error', 'rate_limit_error'), multiIf(status = 429, 'rate_limit_error', status = 500, 'api_error', '')),
    if(a <= retries, 2000, NULL), '', 'service-' || toString(service_idx), ${list(MODELS)}[model_idx], ${list(TEAMS)}[user_idx % 6 + 1]
  FROM (${facts(startMs, spanMs, total)}(${from}, ${count}))
  ARRAY JOIN range(1, toUInt64(retries + 2)) AS a`;
}

// A seed's inserts skip what protects the writer's (each chunk is new rows, sent once): the
// deduplication hash and the merge at insert; and write with both cores. Measured at 1M calls on
// the shared bench machine: 15 s a million calls without, 8.5 s with.
const SEED_SETTINGS = { optimize_on_insert: 0, insert_deduplicate: 0, max_insert_threads: 2, max_threads: 2 };

export interface SeedOptions {
  days?: number;
  chunk?: number;
  /** Fill the rollups through their views per chunk (default), or aggregate them once at the end. */
  viaViews?: boolean;
  progress?: (done: number, phase: 'raw' | 'rollups') => void;
}

export async function seedCalls(gateway: Gateway, total: number, end: Date, options: SeedOptions = {}): Promise<void> {
  const { days = 30, chunk = 1_000_000, viaViews = true, progress } = options;
  const spanMs = days * 86_400_000;
  const startMs = end.getTime() - spanMs;
  const rollups = [...ROLLUPS, RATE_LIMITS_HOURLY];
  // The views over raw rows; the rest read those views' feeds (rollupFeeds.ts).
  const views = RAW_VIEWS.map((name) => gateway.table(name));
  if (!viaViews) for (const view of views) await gateway.command('bench-seed-detach', `DETACH TABLE IF EXISTS ${view}`);
  try {
    for (let from = 0; from < total; from += chunk) {
      const count = Math.min(chunk, total - from);
      await gateway.command('bench-seed-attempts', attemptsInsert(gateway, from, count, startMs, spanMs, total), {}, SEED_SETTINGS);
      await gateway.command('bench-seed-calls', callsInsert(gateway, from, count, startMs, spanMs, total), {}, SEED_SETTINGS);
      progress?.(from + count, 'raw');
    }
  } finally {
    if (!viaViews) for (const view of views) await gateway.command('bench-seed-attach', `ATTACH TABLE ${view}`);
  }
  if (viaViews) return;
  // A seed starts from an empty store (the bench refuses to add to a partial one), so the
  // rollups hold nothing yet. Each is filled from the smallest rollup already filled that has its
  // columns at the same or a finer grain (a day from its hours, the core from the detail), and
  // only the rest from the raw rows: at 100M calls one pass over the raw rows per rollup was
  // most of the seed's time.
  const filled: RollupDef[] = [];
  for (const def of seedOrder(rollups)) {
    const [from] = filled.filter((finer) => derivable(def, finer)).sort((a, b) => a.dims.length - b.dims.length);
    await gateway.command('bench-seed-rollup', from ? derivedStatement(gateway, def, from) : backfillStatement(gateway, def, false), {}, SEED_SETTINGS);
    filled.push(def);
    progress?.(total, 'rollups');
  }
}

const names = (def: RollupDef) => new Set([...def.dims, ...def.measures].map((c) => c.name));

/** `def` can be aggregated from `finer`'s rows: same source and rows, its columns, hours into days or hours into hours. */
function derivable(def: RollupDef, finer: RollupDef): boolean {
  const has = names(finer);
  return (
    finer.source === def.source &&
    finer.where === def.where &&
    finer.grain === 'hour' &&
    [...def.dims, ...def.measures].every((c) => has.has(c.name) && finer.dims.concat(finer.measures).find((f) => f.name === c.name)!.type === c.type)
  );
}

/** Hourly rollups first, widest first, so each narrower or coarser one can come from one already filled. */
function seedOrder(defs: RollupDef[]): RollupDef[] {
  return [...defs].sort((a, b) => (a.grain === b.grain ? b.dims.length - a.dims.length : a.grain === 'hour' ? -1 : 1));
}

/** The merge of a rollup column's stored states: sums add, maxima take the max, sketches merge. */
function mergeOf(column: { name: string; type: string }): string {
  if (column.type.startsWith('SimpleAggregateFunction(')) return `${column.type.slice('SimpleAggregateFunction('.length).split(',')[0]}(${column.name})`;
  const fn = column.type.slice('AggregateFunction('.length).match(/^(\w+)(\([^)]*\))?/)!;
  return `${fn[1]}MergeState${fn[2] ?? ''}(${column.name})`;
}

function derivedStatement(gateway: Gateway, def: RollupDef, finer: RollupDef): string {
  const time = def.grain === 'hour' ? 'hour' : `toDateTime(toStartOfDay(hour), 'UTC')`;
  const columns = [`${time} AS ${timeColumn(def)}_`, ...def.dims.map((d) => d.name), ...def.measures.map((m) => `${m.rollUp ?? mergeOf(m)} AS ${m.name}`)];
  return `INSERT INTO ${gateway.table(def.table)} ${insertColumns(def)}
    SELECT ${columns.join(', ')} FROM ${gateway.table(finer.table)}
    GROUP BY ${[`${timeColumn(def)}_`, ...def.dims.map((d) => d.name)].join(', ')}`;
}
