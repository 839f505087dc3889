// llm_calls' bill detail (issue 12): server-tool request counts, the cost lines beyond plain
// tokens (fast-mode and US-only premiums, web search fees: the token line is the cost minus
// them), which price row priced the call (default list price or the user's price file), and
// the cloud endpoint (global or regional) a Bedrock or Google Cloud call was served from.
// Added by ALTER so stores created before keep their rows; old rows read 0 and ''.
import type { CallRow } from '../normalize/callRow';

/** Added to llm_calls by callsTable.ts' callCostLinesStatements (migration 12). */
export const COST_LINE_COLUMNS = [
  'web_search_requests UInt32 DEFAULT 0',
  'web_fetch_requests UInt32 DEFAULT 0',
  'cost_fast_mode_nano_usd Int64 DEFAULT 0',
  'cost_us_only_nano_usd Int64 DEFAULT 0',
  'cost_web_search_nano_usd Int64 DEFAULT 0',
  "price_source LowCardinality(String) DEFAULT ''",
  "price_from String DEFAULT ''",
  "cloud_endpoint LowCardinality(String) DEFAULT ''",
];

/** The insert fields of those columns, for toCallInsertRow. */
export function costLineFields(row: CallRow) {
  const pricing = row.pricing ?? null;
  return {
    web_search_requests: row.webSearchRequests ?? 0,
    web_fetch_requests: row.webFetchRequests ?? 0,
    // Int64 as text: JSON numbers lose exactness past 2^53.
    cost_fast_mode_nano_usd: (pricing?.fastModeNanoUsd ?? 0n).toString(),
    cost_us_only_nano_usd: (pricing?.usOnlyNanoUsd ?? 0n).toString(),
    cost_web_search_nano_usd: (pricing?.webSearchNanoUsd ?? 0n).toString(),
    price_source: pricing?.source ?? '',
    price_from: pricing?.from ?? '',
    cloud_endpoint: row.cloudEndpoint ?? '',
  };
}
