// Rate-limit headroom: the last anthropic-ratelimit-* headers seen per service and model. Reads
// the hourly rollup (argMax state of the header map) unless a filter needs the raw table.
import type { Filters, RateLimitHeadroom, RateLimitRow } from '@burnrate/contract';
import { CALLS_TABLE } from '../callsTable';
import { z } from 'zod';
import { chDateTime } from '../chValues';
import type { Gateway } from '../gateway';
import { queryRows } from '../typedQuery';
import { dateToDateTime64 } from '../time';
import { filterColumns } from './dimensions';
import { filterConditions } from './filters';
import { RATE_LIMITS_HOURLY } from './rollups';
import { activeFilters } from './segments';

const HOUR = 3_600_000;
const MAX_ROWS = 200;

export function buildRateLimitsQuery(
  gateway: Gateway,
  request: { from: Date; to: Date; filters: Filters },
  rollups: boolean,
): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const filters = filterConditions(gateway, 'calls', request.filters, request, params);
  const dims = new Set(RATE_LIMITS_HOURLY.dims.map((d) => d.name));
  const rollupFits = rollups && activeFilters(request.filters).every(([name]) => filterColumns(name).every((c) => dims.has(c)));
  if (rollupFits) {
    // Whole hours that overlap the range: headroom is a "last seen" reading, not a total.
    params.from = dateToDateTime64(new Date(Math.floor(request.from.getTime() / HOUR) * HOUR)).slice(0, 19);
    params.to = dateToDateTime64(request.to).slice(0, 19);
    return {
      params,
      sql: `SELECT service_name, model, max(seen_at) AS seen, argMaxMerge(latest) AS limits
FROM ${gateway.table(RATE_LIMITS_HOURLY.table)}
WHERE ${[`hour >= {from:DateTime('UTC')} AND hour < {to:DateTime('UTC')}`, ...filters].join(' AND ')}
GROUP BY service_name, model ORDER BY service_name, model LIMIT ${MAX_ROWS}`,
    };
  }
  params.from = dateToDateTime64(request.from);
  params.to = dateToDateTime64(request.to);
  return {
    params,
    sql: `SELECT service_name, model, max(start_time) AS seen, argMax(CAST(rate_limits, 'Map(String, String)'), start_time) AS limits
FROM ${gateway.table(CALLS_TABLE)}
WHERE ${[`start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}`, 'length(rate_limits) > 0', 'sign > 0', ...filters].join(' AND ')}
GROUP BY service_name, model ORDER BY service_name, model LIMIT ${MAX_ROWS}`,
  };
}

/** requests.limit, requests.remaining, requests.reset, … → one entry per kind. */
export function headroomOf(map: Record<string, string>): RateLimitHeadroom[] {
  const kinds = new Map<string, RateLimitHeadroom>();
  for (const [key, value] of Object.entries(map)) {
    const dot = key.lastIndexOf('.');
    if (dot <= 0) continue;
    const kind = key.slice(0, dot);
    const field = key.slice(dot + 1);
    const entry = kinds.get(kind) ?? { kind, limit: null, remaining: null, reset: null };
    const n = Number(value);
    if (field === 'limit' && Number.isFinite(n)) entry.limit = n;
    else if (field === 'remaining' && Number.isFinite(n)) entry.remaining = n;
    else if (field === 'reset') entry.reset = value;
    else continue;
    kinds.set(kind, entry);
  }
  return [...kinds.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

const rateLimitRow = z.object({
  service_name: z.string(),
  model: z.string(),
  seen: chDateTime,
  limits: z
    .record(z.string(), z.string())
    .nullish()
    .transform((map) => map ?? {}),
});

export async function rateLimitRows(gateway: Gateway, request: { from: Date; to: Date; filters: Filters }, rollups: boolean): Promise<RateLimitRow[]> {
  const { sql, params } = buildRateLimitsQuery(gateway, request, rollups);
  const rows = await queryRows(gateway, 'ratelimits', rateLimitRow, sql, params);
  return rows.map((r) => ({ service: r.service_name, model: r.model, seenAt: r.seen.toISOString(), limits: headroomOf(r.limits) }));
}
