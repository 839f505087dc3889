// burnrate's side of the reconciliation: its own estimate per UTC day and model, from llm_calls.
// Only first-party Anthropic API calls: calls served through Bedrock, Vertex AI or Foundry are
// billed by the cloud provider and never appear in Anthropic's report.
import { z } from 'zod';
import { CALLS_TABLE } from '../store/callsTable';
import type { Gateway } from '../store/gateway';

/** The provider value the normalizers give a call made to Anthropic's own API. */
export const FIRST_PARTY_PROVIDER = 'anthropic';

export interface DailyEstimate {
  day: string; // YYYY-MM-DD (UTC)
  model: string;
  calls: number;
  unpricedCalls: number;
  costNano: bigint;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
}

const count = z.coerce.number();
const estimateSchema = z.object({
  day: z.string(),
  model: z.string(),
  calls: count,
  unpriced_calls: count,
  cost_nano: z.string().transform((s) => BigInt(s)),
  input_tokens: count,
  output_tokens: count,
  cache_read_tokens: count,
  cache_write_5m_tokens: count,
  cache_write_1h_tokens: count,
});

/** Days in [fromDay, toDay) (YYYY-MM-DD, UTC). FINAL collapses any duplicate that slipped past the writer. */
export async function dailyEstimates(gateway: Gateway, fromDay: string, toDay: string): Promise<DailyEstimate[]> {
  const rows = await gateway.query(
    'reconcile-estimates',
    `SELECT toString(toDate(start_time)) AS day, model, count() AS calls, countIf(cost_nano_usd IS NULL) AS unpriced_calls,
            toString(sum(ifNull(cost_nano_usd, 0))) AS cost_nano, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
            sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_5m_tokens) AS cache_write_5m_tokens,
            sum(cache_write_1h_tokens) AS cache_write_1h_tokens
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}
       AND provider = {provider:String}
     GROUP BY day, model
     ORDER BY day, model`,
    { from: `${fromDay} 00:00:00.000000`, to: `${toDay} 00:00:00.000000`, provider: FIRST_PARTY_PROVIDER },
  );
  return rows.map((raw) => {
    const row = estimateSchema.parse(raw);
    return {
      day: row.day,
      model: row.model,
      calls: row.calls,
      unpricedCalls: row.unpriced_calls,
      costNano: row.cost_nano,
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cacheReadTokens: row.cache_read_tokens,
      cacheWrite5mTokens: row.cache_write_5m_tokens,
      cacheWrite1hTokens: row.cache_write_1h_tokens,
    };
  });
}
