// The Calls screen's search, sorted by time: "q" equals an id (trace, span, request) or is a
// case-insensitive substring of a label. Measured at 10M calls over 30 days, the plain query
// (FINAL, every row's `user` searched as a string, the whole match sorted for its count) took
// 1.7–1.9 s unloaded. Three changes, each measured on the seeded bench store:
// - labels are searched on LowCardinality columns only (`user_label` is a LowCardinality copy of
//   `user`, migration 132), so a substring test runs once per distinct value, not once per row;
// - ids are looked up by one query per id column, each pruned by its bloom-filter index (one
//   query with an OR over three columns cannot use any of them);
// - no FINAL: a call's rows are its first version and, when a later span corrected it, the
//   merged version (revision, written later; the retraction collapses into it on insert). Calls
//   never corrected are counted from first versions alone; the few corrected ones are read whole
//   by their primary key and count as their newest version does. When corrections are common
//   (over REVISED_LIMIT in the range) the plain FINAL query is used (callsList.ts).
// - the count of label matches comes from the rollups when q is found in one label column only
//   (labelMatchCount): at 10M calls the raw count over 30 days was most of the search's time.
import type { CallListRow, Filters } from '@burnrate/contract';
import { CALLS_TABLE } from '../callsTable';
import { onCluster } from '../engines';
import type { Gateway } from '../gateway';
import type { Migration } from '../migrations';
import { z } from 'zod';
import { chBigInt, chBool, chCount, chDateTime } from '../chValues';
import { queryRows } from '../typedQuery';
import { callsWhere, LIST_COLUMNS, listColumnsSchema, toListRow, type CallsListRequest } from './callsList';
import { currentReadScope } from '../readScope';
import { dateToDateTime64 } from '../time';
import { CALLS_DETAIL_DAILY, CALLS_USER_DAILY, rollupsInstalled } from './rollups';
import { buildTotalsQuery } from './widgetQuery';

/** Label columns searched by substring; `user_label` stands for `user` (a LowCardinality copy). */
export const SEARCHED_LABEL_COLUMNS = ['service_name', 'team', 'project', 'feature', 'user_label', 'model', 'route', 'error_type'];
const ID_CONDITIONS = ['trace_id = {q_id:String}', 'span_id = {q_id:String}', 'request_id = {q:String}', 'session_id = {q:String}'];
/**
 * The id columns q could equal: stored trace and span ids are 32 and 16 lowercase hex digits
 * (normalize/callRow.ts), so a search for a name does not read their indexes.
 */
const idConditionsFor = (q: string) =>
  [/^[0-9a-f]{32}$/.test(q.toLowerCase()), /^[0-9a-f]{16}$/.test(q.toLowerCase()), true, true].flatMap((could, i) => (could ? [ID_CONDITIONS[i]!] : []));
/** Beyond this many rows before the page, a page is cheaper to find the plain way (callsList). */
export const SEARCH_MAX_OFFSET = 5_000;
/** Extra rows read past the page, so retractions that cancel rows within it rarely need a second read. */
const SLACK = 64;

const labelsMatch = () => `(${SEARCHED_LABEL_COLUMNS.map((c) => `positionCaseInsensitiveUTF8(${c}, {q:String}) > 0`).join(' OR ')})`;

const foundSchema = listColumnsSchema.extend({
  /** start_time to the microsecond, for the SQL order in JavaScript. */
  start_us: chBigInt,
  revision: chBool,
  sign: chCount,
  ingested_at: chDateTime,
  /** Matches the search (a label or an id). */
  in_search: chBool,
  /** Matches by a label. */
  in_labels: chBool,
});
type Found = z.output<typeof foundSchema>;

/** A corrected call's key, passed back as it came (the hour as ClickHouse's text). */
const revisedKeySchema = z.object({ h: z.string(), s: z.string(), t: z.string(), sp: z.string() });
const countSchema = z.object({ n: chCount });

/** More corrected calls than this in the range: the plain query is cheaper. */
export const REVISED_LIMIT = 20_000;

const keyOf = (row: { trace_id: string; span_id: string }) => `${row.trace_id}/${row.span_id}`;
// The version FINAL keeps: the one written last (a retraction is written just before its merged row).
const newer = (a: Found, b: Found) => {
  const [at, bt] = [a.ingested_at.getTime(), b.ingested_at.getTime()];
  return at > bt || (at === bt && a.sign > 0) ? a : b;
};

/**
 * The page and count of a time-sorted search, or undefined when the range holds too many
 * corrected calls for this plan.
 */
export async function searchCallsByTime(
  gateway: Gateway,
  request: CallsListRequest & { q: string },
): Promise<{ rows: CallListRow[]; total: number } | undefined> {
  const table = gateway.table(CALLS_TABLE);
  const params: Record<string, unknown> = {};
  // The range and filters; callsWhere's own search condition is left out (q is handled here).
  const where = callsWhere(gateway, { ...request, q: undefined }, params);
  Object.assign(params, { q: request.q, q_id: request.q.toLowerCase() });
  const direction = request.order === 'asc' ? 'ASC' : 'DESC';
  const order = `toStartOfHour(start_time) ${direction}, start_time ${direction}, trace_id ${direction}, span_id ${direction}`;
  const columns = (match: string) =>
    `${LIST_COLUMNS}, toString(toUnixTimestamp64Micro(start_time)) AS start_us, revision, sign, ingested_at, ${match} AS in_search, ${labelsMatch()} AS in_labels`;

  // Corrected calls: their every row, by primary key, each marked whether it matches.
  const revisedKeys = await queryRows(
    gateway,
    'calls-search-revised',
    revisedKeySchema,
    `SELECT DISTINCT toStartOfHour(start_time) AS h, service_name AS s, trace_id AS t, span_id AS sp FROM ${table} WHERE ${where} AND revision LIMIT ${REVISED_LIMIT + 1}`,
    params,
  );
  if (revisedKeys.length > REVISED_LIMIT) return undefined;
  const current = new Map<string, Found>();
  let firstVersionsOfRevised = 0;
  if (revisedKeys.length > 0) {
    const rows = await queryRows(
      gateway,
      'calls-search-revised-rows',
      foundSchema,
      `SELECT ${columns(`(${labelsMatch()} OR ${ID_CONDITIONS.join(' OR ')})`)} FROM ${table}
       WHERE ${where} AND (toStartOfHour(start_time), service_name, trace_id, span_id) IN
         (SELECT arrayJoin(arrayZip({rh:Array(DateTime('UTC'))}, {rs:Array(String)}, {rt:Array(String)}, {rsp:Array(String)})))`,
      { ...params, rh: revisedKeys.map((k) => k.h), rs: revisedKeys.map((k) => k.s), rt: revisedKeys.map((k) => k.t), rsp: revisedKeys.map((k) => k.sp) },
    );
    for (const row of rows) {
      current.set(keyOf(row), current.has(keyOf(row)) ? newer(row, current.get(keyOf(row))!) : row);
      // First versions of corrected calls that match a label: the count below includes them.
      if (!row.revision && row.in_labels) firstVersionsOfRevised++;
    }
  }
  const revisedMatching = [...current.values()].filter((row) => row.in_search && row.sign > 0);

  // Calls never corrected that match by id: few rows, each id column's found through its own
  // index (a branch of the union each; an OR over the columns could use none of them).
  const idOnly = new Map<string, Found>();
  const idRows = await queryRows(
    gateway,
    'calls-search-ids',
    foundSchema,
    idConditionsFor(request.q)
      .map((condition) => `SELECT ${columns('1')} FROM ${table} WHERE ${where} AND ${condition} AND NOT revision`)
      .join('\n UNION ALL\n '),
    params,
  );
  for (const row of idRows) if (!row.in_labels && !current.has(keyOf(row))) idOnly.set(keyOf(row), row);

  // Calls whose current version matches a label, from the rollups when they can say; else the
  // calls never corrected counted from first versions, less the corrected ones'.
  const fromRollups = await labelMatchCount(gateway, request);
  const labelCount = fromRollups?.count;
  let total: number;
  if (labelCount !== undefined) {
    total = labelCount + revisedMatching.filter((row) => !row.in_labels).length + idOnly.size;
  } else {
    const [counted] = await queryRows(
      gateway,
      'calls-search-count',
      countSchema,
      `SELECT toString(count()) AS n FROM ${table} WHERE ${where} AND NOT revision AND ${labelsMatch()}`,
      params,
    );
    total = (counted?.n ?? 0) - firstVersionsOfRevised + revisedMatching.length + idOnly.size;
  }

  const wanted = request.offset + request.limit;
  const sorted = (rows: Found[]) => rows.sort(compareRows(direction));
  for (let fetch = wanted + SLACK; ; fetch *= 4) {
    // No current version matches a label: no call never corrected does (its first version is its current one).
    // The one column q was found in stands for all of them: a page reads one label column, not eight.
    const labelRows =
      labelCount === 0
        ? []
        : await labelPage(gateway, `${where} AND NOT revision AND ${fromRollups?.condition ?? labelsMatch()}`, order, direction, columns('1'), {
            ...params,
            ...fromRollups?.params,
            fetch,
          });
    const complete = labelRows.length < fetch;
    const uncorrected = labelRows.filter((row) => !current.has(keyOf(row)));
    const last = labelRows.at(-1);
    // The newest label match read bounds what this read has seen: corrected and id matches past it wait for a longer read.
    const inReach = (row: Found) => complete || !last || compareRows(direction)(row, last) <= 0;
    const page = sorted([...uncorrected, ...revisedMatching.filter(inReach), ...[...idOnly.values()].filter(inReach)]);
    if (complete || page.length >= wanted) return { rows: page.slice(request.offset, wanted).map(toListRow), total };
  }
}

const boundSchema = z.object({ h: z.string(), n: chCount });

/**
 * The first `fetch` rows matching `where` in `order`. Read in the table's order (hour first), the
 * engine stops early when sorting by the hour alone, but must finish sorting each hour it reads by
 * the full order: 400–600 ms over 30 days at 10M calls with every listed column. So first the
 * hours alone: the hour of the `fetch`-th match bounds the page, then the page from those hours.
 */
async function labelPage(
  gateway: Gateway,
  where: string,
  order: string,
  direction: 'ASC' | 'DESC',
  columns: string,
  params: Record<string, unknown>,
): Promise<Found[]> {
  const table = gateway.table(CALLS_TABLE);
  const [bound] = await queryRows(
    gateway,
    'calls-search-page-hours',
    boundSchema,
    `SELECT toString(${direction === 'DESC' ? 'min' : 'max'}(h)) AS h, toString(count()) AS n
     FROM (SELECT toStartOfHour(start_time) AS h FROM ${table} WHERE ${where} ORDER BY h ${direction} LIMIT {fetch:UInt32})`,
    params,
  );
  if (!bound || bound.n === 0) return [];
  const hours = direction === 'DESC' ? `start_time >= {bound:DateTime('UTC')}` : `start_time < {bound:DateTime('UTC')} + INTERVAL 1 HOUR`;
  return queryRows(
    gateway,
    'calls-search-page',
    foundSchema,
    `SELECT ${columns} FROM ${table} WHERE ${where} AND ${hours} ORDER BY ${order} LIMIT {fetch:UInt32}`,
    { ...params, bound: bound.h },
  );
}

/** The label columns the detail rollup keeps, and the filter each is (error_type is none). */
const DETAIL_LABELS: Record<string, keyof Filters | undefined> = {
  service_name: 'service',
  team: 'team',
  project: 'project',
  feature: 'feature',
  model: 'model',
  route: 'route',
  error_type: undefined,
};
const matchedSchema = z.record(z.string(), z.array(z.string()));
const callsSchema = z.object({ calls: chCount });
const DAY_MS = 86_400_000;

/**
 * The calls in range whose current version has a label containing q, counted from the rollups
 * when q is found in the values of one label column only (a user, a team): those values become
 * that column's filter and the count is a widget total (daily and hourly rollups, raw edges).
 * The values are looked up in the daily rollups of the days the range touches, which hold every
 * value stored in them. Undefined (count the raw rows) when q is found in two columns (a call
 * may match by both), only in error types (no filter), or for a scoped reader (the per-user
 * rollup has no team to limit it by). With the count, the condition that then selects the same
 * rows on the raw table: that column among those values.
 */
async function labelMatchCount(
  gateway: Gateway,
  request: CallsListRequest & { q: string },
): Promise<{ count: number; condition?: string; params?: Record<string, unknown> } | undefined> {
  if (currentReadScope() || !(await rollupsInstalled(gateway))) return undefined;
  const matching = (column: string) => `groupUniqArrayIf(toString(${column}), positionCaseInsensitiveUTF8(${column}, {q:String}) > 0) AS ${column}`;
  const days = `day >= {from:DateTime64(6, 'UTC')} AND day < {to:DateTime64(6, 'UTC')}`;
  const params = { q: request.q, from: dateToDateTime64(new Date(Math.floor(request.from.getTime() / DAY_MS) * DAY_MS)), to: dateToDateTime64(request.to) };
  // One statement, two single-row reads: the detail rollup's label columns and the per-user rollup's users.
  const [labels] = await queryRows(
    gateway,
    'calls-search-labels',
    matchedSchema,
    `SELECT * FROM
       (SELECT ${Object.keys(DETAIL_LABELS).map(matching).join(', ')} FROM ${gateway.table(CALLS_DETAIL_DAILY.table)} WHERE ${days}) AS labels,
       (SELECT ${matching('user')} FROM ${gateway.table(CALLS_USER_DAILY.table)} WHERE ${days}) AS users`,
    params,
  );
  const found = Object.entries(labels ?? {}).filter(([, values]) => values.length > 0);
  if (found.length === 0) return { count: 0 };
  if (found.length > 1) return undefined;
  const [column, values] = found[0]!;
  const filter = column === 'user' ? 'user' : DETAIL_LABELS[column];
  if (!filter) return undefined;
  const given = request.filters[filter];
  const filters: Filters = { ...request.filters, [filter]: given ? values.filter((v) => given.includes(v)) : values };
  if (filters[filter]!.length === 0) return { count: 0 };
  const built = buildTotalsQuery(gateway, { filters, from: request.from, to: request.to }, ['calls'], { rollups: true });
  const [row] = await queryRows(gateway, 'calls-search-count-rollups', callsSchema, built.sql, built.params);
  // On the raw table the user is searched in its LowCardinality copy.
  const condition = `${column === 'user' ? 'user_label' : column} IN {q_values:Array(String)}`;
  return { count: row?.calls ?? 0, condition, params: { q_values: values } };
}

/** The SQL order in JavaScript: start time (to the microsecond), then trace and span. */
function compareRows(direction: 'ASC' | 'DESC') {
  const sign = direction === 'ASC' ? 1 : -1;
  return (a: Found, b: Found) => {
    for (const column of ['start_us', 'trace_id', 'span_id'] as const) {
      if (a[column] !== b[column]) return (a[column] < b[column] ? -1 : 1) * sign;
    }
    return 0;
  };
}

/**
 * Migration 132: what the search reads. `user_label` is computed on insert; for stored parts it
 * and the id indexes are written by background mutations.
 */
export const callsSearchMigrations: Migration[] = [
  {
    version: 132,
    name: 'calls search: a LowCardinality copy of user, bloom filters on trace and request ids',
    statements: (gateway) => {
      const local = gateway.localTable(CALLS_TABLE);
      const column = 'ADD COLUMN IF NOT EXISTS user_label LowCardinality(String) MATERIALIZED user';
      const statements = [
        `ALTER TABLE ${local}${onCluster(gateway)} ${column},
           ADD INDEX IF NOT EXISTS trace_id_bloom trace_id TYPE bloom_filter(0.01) GRANULARITY 4,
           ADD INDEX IF NOT EXISTS request_id_bloom request_id TYPE bloom_filter(0.01) GRANULARITY 4`,
        // Parts stored before compute user_label per row when read (slower than `user` itself)
        // until this background mutation has written it.
        `ALTER TABLE ${local}${onCluster(gateway)} MATERIALIZE COLUMN user_label`,
        `ALTER TABLE ${local}${onCluster(gateway)} MATERIALIZE INDEX trace_id_bloom`,
        `ALTER TABLE ${local}${onCluster(gateway)} MATERIALIZE INDEX request_id_bloom`,
      ];
      if (gateway.cluster) statements.push(`ALTER TABLE ${gateway.table(CALLS_TABLE)}${onCluster(gateway)} ${column}`);
      return statements;
    },
  },
];
