// The SQL behind the non-budget alert conditions. Each is bounded by the rule's window and
// takes its filters as typed parameters ('' meaning any).
import { z } from 'zod';
import { ATTEMPTS_TABLE } from '../store/attemptsTable';
import { CALLS_TABLE } from '../store/callsTable';
import type { Gateway } from '../store/gateway';
import { dateToDateTime64 } from '../store/time';
import { CALL_FAILED_SQL, percentileSql } from '../store/callRules';

export interface Window {
  from: Date;
  to: Date;
}

const RANGE = `start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}`;
const FILTERS = `({service:String} = '' OR service_name = {service:String}) AND ({model:String} = '' OR model = {model:String})`;
const range = (w: Window) => ({ from: dateToDateTime64(w.from), to: dateToDateTime64(w.to) });

// 429s from a spend cap or a full usage window are not a rate-limit storm: their own rules page for them.
const NOT_A_CAP = `limit_class NOT IN ('spend_cap_tier', 'spend_limit_org', 'spend_limit_workspace', 'usage_window')`;

const ratioSchema = z.object({ total: z.coerce.number(), hits: z.coerce.number() });

/** Attempts and how many of them were answered 429. */
export async function rateLimitedAttempts(gateway: Gateway, w: Window, filter: { service: string; model: string }) {
  const [row] = await gateway.query(
    'alert-rate-limited',
    `SELECT count() AS total, countIf(status_code = 429 AND ${NOT_A_CAP}) AS hits FROM ${gateway.table(ATTEMPTS_TABLE)} FINAL WHERE ${RANGE} AND ${FILTERS}`,
    { ...range(w), ...filter },
  );
  return ratioSchema.parse(row);
}

/** Calls and how many of them failed (an HTTP error status or an error type), as the summary API counts errors. */
export async function failedCalls(gateway: Gateway, w: Window, filter: { service: string; model: string }) {
  const [row] = await gateway.query(
    'alert-error-ratio',
    `SELECT count() AS total, countIf(${CALL_FAILED_SQL}) AS hits FROM ${gateway.table(CALLS_TABLE)} FINAL WHERE ${RANGE} AND ${FILTERS}`,
    { ...range(w), ...filter },
  );
  return ratioSchema.parse(row);
}

const modelCountSchema = z.object({ model: z.string(), calls: z.coerce.number() });

/** Models whose p95 call duration is above the threshold, with enough calls to say so. */
export async function slowModels(gateway: Gateway, w: Window, p: { model: string; minCalls: number; thresholdMs: number }) {
  const rows = await gateway.query(
    'alert-latency-p95',
    `SELECT model, count() AS calls, ${percentileSql(0.95, 'duration_ms')} AS p95
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE ${RANGE} AND ({model:String} = '' OR model = {model:String})
     GROUP BY model HAVING calls >= {minCalls:UInt32} AND p95 > {thresholdMs:Float64}
     ORDER BY model LIMIT 100`,
    { ...range(w), ...p },
  );
  return rows.map((row) => modelCountSchema.extend({ p95: z.coerce.number() }).parse(row));
}

export async function unpricedModelCalls(gateway: Gateway, w: Window) {
  const rows = await gateway.query(
    'alert-unpriced-models',
    `SELECT model, count() AS calls FROM ${gateway.table(CALLS_TABLE)} FINAL WHERE ${RANGE} AND cost_nano_usd IS NULL
     GROUP BY model ORDER BY model LIMIT 100`,
    range(w),
  );
  return rows.map((row) => modelCountSchema.parse(row));
}

export async function modelCalls(gateway: Gateway, w: Window, models: readonly string[]) {
  if (models.length === 0) return [];
  const rows = await gateway.query(
    'alert-deprecated-models',
    `SELECT model, count() AS calls FROM ${gateway.table(CALLS_TABLE)} FINAL WHERE ${RANGE} AND model IN {models:Array(String)}
     GROUP BY model ORDER BY model LIMIT 100`,
    { ...range(w), models },
  );
  return rows.map((row) => modelCountSchema.parse(row));
}

const throttledSchema = z.object({
  model: z.string(),
  status: z.coerce.number(),
  total: z.coerce.number(),
  hits: z.coerce.number(),
  retry_after_max_ms: z.coerce.number().nullable(),
  retry_after_median_ms: z.coerce.number().nullable(),
});

/** Per model: attempts, and for 429 and 529 each, how many were so answered and the retry-after they carried. */
export async function throttledModels(gateway: Gateway, w: Window, minAttempts: number) {
  const rows = await gateway.query(
    'alert-model-throttled',
    `SELECT model, status, total, hits, retry_after_max_ms, retry_after_median_ms FROM (
       SELECT model, count() AS total,
              countIf(status_code = 429 AND ${NOT_A_CAP}) AS h429, countIf(status_code = 529) AS h529,
              maxIf(retry_after_ms, status_code = 429 AND ${NOT_A_CAP}) AS r429max, medianIf(retry_after_ms, status_code = 429 AND ${NOT_A_CAP}) AS r429med,
              maxIf(retry_after_ms, status_code = 529) AS r529max, medianIf(retry_after_ms, status_code = 529) AS r529med
       FROM ${gateway.table(ATTEMPTS_TABLE)} FINAL WHERE ${RANGE}
       GROUP BY model HAVING total >= {minAttempts:UInt32}
     )
     ARRAY JOIN [429, 529] AS status, [h429, h529] AS hits, [r429max, r529max] AS retry_after_max_ms, [r429med, r529med] AS retry_after_median_ms
     WHERE hits > 0 ORDER BY model, status LIMIT 200`,
    { ...range(w), minAttempts },
  );
  return rows.map((row) => throttledSchema.parse(row));
}
