// Usage counters for /metrics: calls, spend, tokens and attempts by service, team and model,
// counted over calls that started since the collector did. That is the counter semantics
// Prometheus expects (monotonic while the process lives, back to 0 on a restart, which rate()
// and increase() handle), and it keeps every scrape bounded in time.
import { z } from 'zod';
import { ATTEMPTS_TABLE } from '../store/attemptsTable';
import { CALLS_TABLE } from '../store/callsTable';
import type { Gateway } from '../store/gateway';
import { dateToDateTime64 } from '../store/time';
import { CALL_FAILED_SQL } from '../store/callRules';

const DAY_MS = 86_400_000;
// Series are (service, team, model) triples; more than this is a labelling mistake, not data.
const MAX_SERIES = 5000;

const count = z.coerce.number();
const key = { service: z.string(), team: z.string(), model: z.string() };

const callsSchema = z.object({
  ...key,
  calls: count,
  errors: count,
  cost_nano: z.string().transform((s) => BigInt(s)),
  unpriced_calls: count,
  input_tokens: count,
  output_tokens: count,
  cache_read_tokens: count,
  cache_write_5m_tokens: count,
  cache_write_1h_tokens: count,
});

const attemptsSchema = z.object({ ...key, attempts: count, rate_limited: count, overloaded: count });

// Calls stamped a little ahead of the collector's clock count too; a day ahead is the bound.
function bounds(since: Date, now: Date) {
  return { since: dateToDateTime64(since), until: dateToDateTime64(new Date(now.getTime() + DAY_MS)) };
}

export async function callCounters(gateway: Gateway, since: Date, now: Date) {
  const rows = await gateway.query(
    'metrics-calls',
    `SELECT service_name AS service, team, model, count() AS calls, countIf(${CALL_FAILED_SQL}) AS errors,
            toString(sum(ifNull(cost_nano_usd, 0))) AS cost_nano, countIf(cost_nano_usd IS NULL) AS unpriced_calls,
            sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cache_read_tokens) AS cache_read_tokens,
            sum(cache_write_5m_tokens) AS cache_write_5m_tokens, sum(cache_write_1h_tokens) AS cache_write_1h_tokens
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {since:DateTime64(6, 'UTC')} AND start_time < {until:DateTime64(6, 'UTC')}
     GROUP BY service, team, model ORDER BY service, team, model LIMIT ${MAX_SERIES}`,
    bounds(since, now),
  );
  return rows.map((row) => callsSchema.parse(row));
}

export async function attemptCounters(gateway: Gateway, since: Date, now: Date) {
  const rows = await gateway.query(
    'metrics-attempts',
    `SELECT service_name AS service, team, model, count() AS attempts, countIf(status_code = 429) AS rate_limited, countIf(status_code = 529) AS overloaded
     FROM ${gateway.table(ATTEMPTS_TABLE)} FINAL
     WHERE start_time >= {since:DateTime64(6, 'UTC')} AND start_time < {until:DateTime64(6, 'UTC')}
     GROUP BY service, team, model ORDER BY service, team, model LIMIT ${MAX_SERIES}`,
    bounds(since, now),
  );
  return rows.map((row) => attemptsSchema.parse(row));
}
