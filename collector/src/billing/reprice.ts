// Re-pricing history after a price change (a new price file row, a corrected default): every
// stored call in a range is priced again with the table in force now, and where its cost, cost
// lines or price row differ, the call and the rollups the dashboard reads are corrected exactly.
// Idempotent: a second run finds nothing to change.
//
// Why not re-insert the calls: the rollups are fed by materialized views on inserts, so a
// re-inserted call would count twice (its calls, tokens and latency sketch with it). Instead the
// call is updated in place (a mutation, which views do not see), and each calls rollup gets one
// correction row per bucket with only the difference in cost and in unpriced calls. Those two are
// plain sums, so a difference merges exactly; every other measure of the correction row is zero
// or an empty sketch. The correction is written before the update: a run cut off between the two
// leaves the rollups ahead of the calls, which the next run would correct again twice; run it
// to completion (the CLI and the API both wait for the update to finish).
import type { RepriceChange, RepriceReport } from '@burnrate/contract';
import { z } from 'zod';
import type { CallRow } from '../normalize/callRow';
import { priceOne } from '../pricing/priceCalls';
import type { PriceTable } from '../pricing/priceTable';
import { CALLS_TABLE } from '../store/callsTable';
import { chBigInt, chBool, chCount } from '../store/chValues';
import { onCluster } from '../store/engines';
import type { Gateway } from '../store/gateway';
import { ROLLUPS, rollupsInstalled, type RollupDef } from '../store/query/rollups';
import { dateToDateTime64 } from '../store/time';
import { queryRows } from '../store/typedQuery';

const DAY_MS = 86_400_000;
/** A day's calls are re-priced in one pass; a longer range goes day by day. */
const MAX_RANGE_DAYS = 400;

/** A stored call as re-pricing reads it: what priceOne needs, and the cost it has now. */
const storedCallSchema = z.object({
  key: z.string(),
  day: z.string(),
  model: z.string(),
  start_ns: chBigInt,
  input_tokens: chCount,
  output_tokens: chCount,
  cache_read_tokens: chCount,
  cache_write_5m_tokens: chCount,
  cache_write_1h_tokens: chCount,
  batch: chBool,
  data_residency: chBool,
  speed: z.string(),
  service_tier: z.string(),
  web_search_requests: chCount,
  cost: chBigInt.nullable(),
  fast_mode: chBigInt,
  us_only: chBigInt,
  web_search: chBigInt,
  price_source: z.string(),
  price_from: z.string(),
  provider: z.string(),
  cloud_endpoint: z.string(),
});
type StoredCall = z.output<typeof storedCallSchema>;

interface Repriced {
  key: string;
  cost: bigint | null;
  fastMode: bigint;
  usOnly: bigint;
  webSearch: bigint;
  source: string;
  from: string;
}

const KEY_SQL = "concat(trace_id, '/', span_id)";
const INDEX_SQL = `indexOf({keys:Array(String)}, ${KEY_SQL})`;

/** Prices a stored call with the table in force, as ingest would price it now. */
function reprice(prices: PriceTable, row: StoredCall): Repriced {
  const call = {
    model: row.model,
    startTimeNs: row.start_ns,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cacheReadTokens: row.cache_read_tokens,
    cacheWrite5mTokens: row.cache_write_5m_tokens,
    cacheWrite1hTokens: row.cache_write_1h_tokens,
    batch: row.batch,
    dataResidency: row.data_residency,
    speed: row.speed,
    serviceTier: row.service_tier,
    webSearchRequests: row.web_search_requests,
    provider: row.provider,
    cloudEndpoint: row.cloud_endpoint,
    costNanoUsd: null,
  } as unknown as CallRow;
  priceOne(prices, call);
  const p = call.pricing;
  return {
    key: row.key,
    cost: call.costNanoUsd,
    fastMode: p?.fastModeNanoUsd ?? 0n,
    usOnly: p?.usOnlyNanoUsd ?? 0n,
    webSearch: p?.webSearchNanoUsd ?? 0n,
    source: p?.source ?? '',
    from: p?.from ?? '',
  };
}

function unchanged(row: StoredCall, r: Repriced): boolean {
  return (
    row.cost === r.cost &&
    row.fast_mode === r.fastMode &&
    row.us_only === r.usOnly &&
    row.web_search === r.webSearch &&
    row.price_source === r.source &&
    row.price_from === r.from
  );
}

async function storedCalls(gateway: Gateway, from: Date, to: Date, model: string | undefined): Promise<StoredCall[]> {
  return queryRows(
    gateway,
    'reprice-read',
    storedCallSchema,
    `SELECT ${KEY_SQL} AS key, toString(toDate(start_time)) AS day, model, toString(toUnixTimestamp64Nano(start_time)) AS start_ns,
            toString(input_tokens) AS input_tokens, toString(output_tokens) AS output_tokens, toString(cache_read_tokens) AS cache_read_tokens,
            toString(cache_write_5m_tokens) AS cache_write_5m_tokens, toString(cache_write_1h_tokens) AS cache_write_1h_tokens,
            batch, data_residency, speed, service_tier, toString(web_search_requests) AS web_search_requests,
            toString(cost_nano_usd) AS cost, toString(cost_fast_mode_nano_usd) AS fast_mode, toString(cost_us_only_nano_usd) AS us_only,
            toString(cost_web_search_nano_usd) AS web_search, price_source, price_from, provider, cloud_endpoint
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}
       ${model === undefined ? '' : 'AND model = {model:String}'}`,
    { from: dateToDateTime64(from), to: dateToDateTime64(to), ...(model === undefined ? {} : { model }) },
  );
}

/** One correction row per bucket and dimensions of a calls rollup: the cost and unpriced differences. */
function rollupCorrection(gateway: Gateway, def: RollupDef): string {
  const time = def.grain === 'hour' ? 'toStartOfHour(start_time)' : "toDateTime(toStartOfDay(start_time), 'UTC')";
  const timeCol = def.grain;
  const dims = def.dims.map((d) => `${d.expr} AS ${d.name}`);
  // unpriced_calls is a UInt64 sum: a decrease is written as its two's complement, which the
  // sum's wrap-around arithmetic turns back into the exact difference when it is merged or read.
  return `INSERT INTO ${gateway.table(def.table)} (${[timeCol, ...def.dims.map((d) => d.name), 'cost_nano', 'unpriced_calls'].join(', ')})
    SELECT ${time} AS ${timeCol}, ${dims.join(', ')},
           sum(ifNull(new_cost, 0)) - sum(ifNull(cost_nano_usd, 0)) AS cost_nano,
           reinterpretAsUInt64(toInt64(countIf(new_cost IS NULL)) - toInt64(countIf(cost_nano_usd IS NULL))) AS unpriced_calls
    FROM (SELECT *, toInt64OrNull(arrayElement({costs:Array(String)}, ${INDEX_SQL})) AS new_cost
          FROM ${gateway.table(CALLS_TABLE)} FINAL
          WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')} AND has({keys:Array(String)}, ${KEY_SQL}))
    ${def.where ? `WHERE ${def.where}` : ''}
    GROUP BY ${[timeCol, ...def.dims.map((d) => d.name)].join(', ')}`;
}

function callsUpdate(gateway: Gateway): string {
  const at = (param: string) => `arrayElement({${param}:Array(String)}, ${INDEX_SQL})`;
  // Amounts travel as decimal text (exact past 2^53); '' is an unpriced call's NULL.
  const int = (param: string) => `toInt64(${at(param)})`;
  // On a cluster the shards' local tables hold the rows; a mutation runs where the data is.
  return `ALTER TABLE ${gateway.localTable(CALLS_TABLE)}${onCluster(gateway)} UPDATE
      cost_nano_usd = toInt64OrNull(${at('costs')}),
      cost_fast_mode_nano_usd = ${int('fastMode')},
      cost_us_only_nano_usd = ${int('usOnly')},
      cost_web_search_nano_usd = ${int('webSearch')},
      price_source = ${at('sources')},
      price_from = ${at('froms')}
    WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')} AND has({keys:Array(String)}, ${KEY_SQL})
    SETTINGS mutations_sync = 2`;
}

function addChange(byDayModel: Map<string, RepriceChange>, row: StoredCall, r: Repriced): void {
  const id = `${row.day} ${row.model}`;
  const change = byDayModel.get(id) ?? { day: row.day, model: row.model, calls: 0, beforeNanoUsd: '0', afterNanoUsd: '0', unpricedBefore: 0, unpricedAfter: 0 };
  change.calls += 1;
  change.beforeNanoUsd = (BigInt(change.beforeNanoUsd) + (row.cost ?? 0n)).toString();
  change.afterNanoUsd = (BigInt(change.afterNanoUsd) + (r.cost ?? 0n)).toString();
  if (row.cost === null) change.unpricedBefore += 1;
  if (r.cost === null) change.unpricedAfter += 1;
  byDayModel.set(id, change);
}

export async function repriceHistory(
  gateway: Gateway,
  prices: PriceTable,
  request: { from: Date; to: Date; model?: string; dryRun?: boolean },
): Promise<RepriceReport> {
  const { from, to } = request;
  if (!(from.getTime() < to.getTime())) throw new RangeError('from must be before to');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw new RangeError(`a re-pricing covers at most ${MAX_RANGE_DAYS} days`);
  // The stored id of the model: what normalize wrote, the price table's canonical form.
  const model = request.model === undefined ? undefined : (prices.resolve(request.model) ?? request.model);
  const byDayModel = new Map<string, RepriceChange>();
  let scanned = 0;
  let changedCalls = 0;
  for (let start = from.getTime(); start < to.getTime(); start = Math.floor(start / DAY_MS) * DAY_MS + DAY_MS) {
    const dayFrom = new Date(start);
    const dayTo = new Date(Math.min(Math.floor(start / DAY_MS) * DAY_MS + DAY_MS, to.getTime()));
    const rows = await storedCalls(gateway, dayFrom, dayTo, model);
    scanned += rows.length;
    const changed: Repriced[] = [];
    for (const row of rows) {
      const r = reprice(prices, row);
      if (unchanged(row, r)) continue;
      changed.push(r);
      addChange(byDayModel, row, r);
    }
    changedCalls += changed.length;
    if (changed.length === 0 || request.dryRun) continue;
    const params = {
      from: dateToDateTime64(dayFrom),
      to: dateToDateTime64(dayTo),
      keys: changed.map((c) => c.key),
      costs: changed.map((c) => (c.cost === null ? '' : c.cost.toString())),
      fastMode: changed.map((c) => c.fastMode.toString()),
      usOnly: changed.map((c) => c.usOnly.toString()),
      webSearch: changed.map((c) => c.webSearch.toString()),
      sources: changed.map((c) => c.source),
      froms: changed.map((c) => c.from),
    };
    if (await rollupsInstalled(gateway)) {
      for (const def of ROLLUPS.filter((d) => d.source === 'calls')) await gateway.command('reprice-rollup', rollupCorrection(gateway, def), params);
    }
    await gateway.command('reprice-calls', callsUpdate(gateway), params);
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    model: model ?? null,
    dryRun: request.dryRun === true,
    scannedCalls: scanned,
    changedCalls,
    changes: [...byDayModel.values()].sort((a, b) => a.day.localeCompare(b.day) || a.model.localeCompare(b.model)),
  };
}
