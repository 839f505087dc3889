// llm_calls' bill detail (issue 12): server-tool request counts, the cost lines beyond plain
// tokens (fast-mode and US-only premiums, web search fees: the token line is the cost minus
// them), which price row priced the call (default list price or the user's price file), and
// the cloud endpoint (global or regional) a Bedrock or Google Cloud call was served from.
// Added by ALTER so stores created before keep their rows; old rows read 0 and ''.
import type { CallRow } from '../normalize/callRow';
import type { NativeColumn } from './nativeBlock';

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

/** The insert columns of those fields, for callsTable.CALL_COLUMNS. */
export const costLineColumns: readonly NativeColumn<{ row: CallRow }>[] = [
  { name: 'web_search_requests', type: 'UInt32', value: (c) => c.row.webSearchRequests ?? 0 },
  { name: 'web_fetch_requests', type: 'UInt32', value: (c) => c.row.webFetchRequests ?? 0 },
  { name: 'cost_fast_mode_nano_usd', type: 'Int64', value: (c) => c.row.pricing?.fastModeNanoUsd ?? 0n },
  { name: 'cost_us_only_nano_usd', type: 'Int64', value: (c) => c.row.pricing?.usOnlyNanoUsd ?? 0n },
  { name: 'cost_web_search_nano_usd', type: 'Int64', value: (c) => c.row.pricing?.webSearchNanoUsd ?? 0n },
  { name: 'price_source', type: 'String', value: (c) => c.row.pricing?.source ?? '' },
  { name: 'price_from', type: 'String', value: (c) => c.row.pricing?.from ?? '' },
  { name: 'cloud_endpoint', type: 'String', value: (c) => c.row.cloudEndpoint ?? '' },
];
