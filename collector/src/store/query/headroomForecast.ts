// Rate-limit headroom forecast (issue 16): from the last anthropic-ratelimit-* headers and the
// rate the calls are consuming each limit now, how full each bucket runs and when it empties.
//
// Anthropic's limits are token buckets refilled continuously up to the limit, at the limit per
// minute (platform docs, "Rate limits"). So a rate within the limit never empties the bucket, however
// little is left; a rate above it drains `rate − limit` a minute, and the bucket is empty after
// `remaining / (rate − limit)` minutes. What counts toward each bucket, for current models:
// requests — every HTTP attempt; input tokens — uncached input plus cache writes (cache reads do
// not count); output tokens — output. The older combined `tokens` bucket counts both.
//
// The limits are per organization and model, not per service, so the rate sums every service's
// calls to the model that burnrate saw (calls from apps it does not see are missing from the rate,
// though not from the headers' `remaining`).
import type { Filters, HeadroomForecast, RateLimitHeadroom, RateLimitRow } from '@burnrate/contract';
import { CALLS_TABLE } from '../callsTable';
import type { Gateway } from '../gateway';
import { dateToDateTime64 } from '../time';
import { filterConditions } from './filters';

/** The rate is the average use per minute over this many minutes before the forecast's moment. */
export const FORECAST_WINDOW_MINUTES = 5;
const MINUTE_MS = 60_000;

/** Use per minute of each bucket kind for one model. */
export interface ConsumptionRate {
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

/** What one bucket kind (anthropic-ratelimit-<kind>-*) counts, per minute, at this rate. */
export function rateOfKind(kind: string, rate: ConsumptionRate): number | null {
  switch (kind) {
    case 'requests':
      return rate.requests;
    case 'input_tokens':
      return rate.inputTokens;
    case 'output_tokens':
      return rate.outputTokens;
    case 'tokens':
      return rate.inputTokens + rate.outputTokens;
    default:
      return null; // a bucket the API may add later: shown, not forecast
  }
}

/**
 * One bucket's forecast at `asOf`, or null when the headers lack a limit or the bucket is not one
 * we know how to count. Pure.
 */
export function forecastBucket(bucket: RateLimitHeadroom, seenAt: Date, asOf: Date, rate: ConsumptionRate): HeadroomForecast | null {
  const perMinute = rateOfKind(bucket.kind, rate);
  if (perMinute === null || bucket.limit === null || bucket.limit <= 0 || bucket.remaining === null) return null;
  const limit = bucket.limit;
  // Since the reading the bucket refilled at the limit and drained at the rate, within [0, limit].
  const minutesSince = Math.max(0, (asOf.getTime() - seenAt.getTime()) / MINUTE_MS);
  const remainingNow = Math.min(limit, Math.max(0, bucket.remaining + (limit - perMinute) * minutesSince));
  const drain = perMinute - limit;
  const minutesToEmpty = drain > 0 ? remainingNow / drain : null;
  return {
    ratePerMinute: perMinute,
    rateShare: perMinute / limit,
    remainingNow: Math.floor(remainingNow),
    minutesToEmpty,
    emptyAt: minutesToEmpty === null ? null : new Date(asOf.getTime() + minutesToEmpty * MINUTE_MS).toISOString(),
  };
}

/** Every row's buckets with their forecast, at `asOf`. Pure. */
export function withForecasts(rows: RateLimitRow[], rates: Map<string, ConsumptionRate>, asOf: Date): RateLimitRow[] {
  const none: ConsumptionRate = { requests: 0, inputTokens: 0, outputTokens: 0 };
  return rows.map((row) => {
    const rate = rates.get(row.model) ?? none;
    return { ...row, limits: row.limits.map((l) => ({ ...l, forecast: forecastBucket(l, new Date(row.seenAt), asOf, rate) })) };
  });
}

/** Use per minute by model over the window before `asOf`, with the request's filters. */
export function buildConsumptionQuery(
  gateway: Gateway,
  request: { asOf: Date; filters: Filters; windowMinutes?: number },
): { sql: string; params: Record<string, unknown> } {
  const from = new Date(request.asOf.getTime() - (request.windowMinutes ?? FORECAST_WINDOW_MINUTES) * MINUTE_MS);
  const params: Record<string, unknown> = { from: dateToDateTime64(from), to: dateToDateTime64(request.asOf) };
  const filters = filterConditions(gateway, 'calls', request.filters, { from, to: request.asOf }, params);
  // Without FINAL: a call merged after it was stored has its old version, a retraction (sign -1)
  // and the merged version, so sums weighted by sign count it once (as the rollups do).
  return {
    params,
    sql: `SELECT model, sum(sign * (1 + retry_count)) AS requests,
       sum(sign * toInt64(input_tokens + cache_write_5m_tokens + cache_write_1h_tokens)) AS input_tokens,
       sum(sign * toInt64(output_tokens)) AS output_tokens
FROM ${gateway.table(CALLS_TABLE)}
WHERE ${[`start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}`, ...filters].join(' AND ')}
GROUP BY model`,
  };
}

export async function consumptionRates(
  gateway: Gateway,
  request: { asOf: Date; filters: Filters; windowMinutes?: number },
): Promise<Map<string, ConsumptionRate>> {
  const minutes = request.windowMinutes ?? FORECAST_WINDOW_MINUTES;
  const { sql, params } = buildConsumptionQuery(gateway, request);
  const rows = await gateway.query<{ model: string; requests: string; input_tokens: string; output_tokens: string }>('ratelimits-consumption', sql, params);
  return new Map(
    rows.map((r) => [
      r.model,
      { requests: Number(r.requests) / minutes, inputTokens: Number(r.input_tokens) / minutes, outputTokens: Number(r.output_tokens) / minutes },
    ]),
  );
}
