// Metrics as data. A metric is a final expression over "parts"; a part knows how to compute
// itself from raw rows, how to re-aggregate a rollup's rows into the same partial state, and how
// to merge partials. So one query can read a rollup for whole hours and the raw table for the
// ragged edges of a range, and still be exact (sums) or properly merged (quantile states).
import type { Metric } from '@burnrate/contract';
import { CALL_FAILED_SQL, percentileIndex, type Percentile } from '../callRules';
import { unreachable } from './dimensions';
import { quantilesWith, type Source } from './rollups';

export type Part =
  | 'calls'
  | 'errors'
  | 'unpriced'
  | 'cost'
  | 'input_tokens'
  | 'output_tokens'
  | 'cache_read_tokens'
  | 'cache_write_5m_tokens'
  | 'cache_write_1h_tokens'
  | 'retries'
  | 'fallback_calls'
  | 'cache_savings'
  | 'fast_mode'
  | 'us_only'
  | 'web_search'
  | 'web_search_requests'
  | 'latency'
  | 'ttft'
  | 'attempts'
  | 'retried'
  | 'rate_limited'
  | 'overloaded'
  | 'unknown_status';

export interface PartSql {
  source: Source;
  /** Partial over raw rows (llm_calls / llm_attempts). */
  raw: string;
  /** The same partial over a rollup's rows. */
  rollup: string;
  /** Combines partials (the column is p_<part>). */
  merge: (column: string) => string;
  /** Rollup columns the rollup expression reads: a rollup without them cannot serve this part. */
  columns: string[];
}

const sumMerge = (c: string) => `sum(${c})`;
const summed = (source: Source, raw: string, rollup: string, columns: string[]): PartSql => ({ source, raw, rollup, merge: sumMerge, columns });

// Parameters a cache-savings part reads: per model, nano-dollars a cached token saved.
export const SAVINGS_PARAMS = { models: 'savings_models', nanoPerToken: 'savings_nano_per_token' } as const;
const SAVINGS_SQL = `toInt64(cache_read_tokens) * transform(model, {${SAVINGS_PARAMS.models}:Array(String)}, {${SAVINGS_PARAMS.nanoPerToken}:Array(Int64)}, toInt64(0))`;

export function partSql(part: Part): PartSql {
  switch (part) {
    case 'calls':
      return summed('calls', 'count()', 'sum(calls)', ['calls']);
    case 'errors':
      return summed('calls', `countIf(${CALL_FAILED_SQL})`, 'sum(errors)', ['errors']);
    case 'unpriced':
      return summed('calls', 'countIf(cost_nano_usd IS NULL)', 'sum(unpriced_calls)', ['unpriced_calls']);
    case 'cost':
      return summed('calls', 'sum(ifNull(cost_nano_usd, 0))', 'sum(cost_nano)', ['cost_nano']);
    case 'input_tokens':
    case 'output_tokens':
    case 'cache_read_tokens':
    case 'cache_write_5m_tokens':
    case 'cache_write_1h_tokens':
      return summed('calls', `sum(${part})`, `sum(${part})`, [part]);
    case 'retries':
      return summed('calls', 'sum(retry_count)', 'sum(retries)', ['retries']);
    case 'fallback_calls':
      return summed('calls', "countIf(route_fallback_from != '')", 'sum(fallback_calls)', ['fallback_calls']);
    case 'cache_savings':
      // The rollup's cache_read_tokens is already a per-model sum, so the same expression holds.
      return summed('calls', `sum(${SAVINGS_SQL})`, `sum(${SAVINGS_SQL})`, ['cache_read_tokens', 'model']);
    // The bill's lines beyond tokens: a premium counts only on a priced call (billing/costLinesQuery.ts).
    case 'fast_mode':
      return summed('calls', 'sumIf(cost_fast_mode_nano_usd, cost_nano_usd IS NOT NULL)', 'sum(fast_mode_nano)', ['fast_mode_nano']);
    case 'us_only':
      return summed('calls', 'sumIf(cost_us_only_nano_usd, cost_nano_usd IS NOT NULL)', 'sum(us_only_nano)', ['us_only_nano']);
    case 'web_search':
      return summed('calls', 'sumIf(cost_web_search_nano_usd, cost_nano_usd IS NOT NULL)', 'sum(web_search_nano)', ['web_search_nano']);
    case 'web_search_requests':
      return summed('calls', 'sum(web_search_requests)', 'sum(web_search_requests)', ['web_search_requests']);
    case 'latency':
      return {
        source: 'calls',
        raw: `${quantilesWith('State')}(duration_ms)`,
        rollup: `${quantilesWith('MergeState')}(latency)`,
        merge: (c) => `${quantilesWith('Merge')}(${c})`,
        columns: ['latency'],
      };
    case 'ttft':
      return {
        source: 'calls',
        raw: `${quantilesWith('StateIf')}(assumeNotNull(ttft_ms), isNotNull(ttft_ms))`,
        rollup: `${quantilesWith('MergeState')}(ttft)`,
        merge: (c) => `${quantilesWith('Merge')}(${c})`,
        columns: ['ttft'],
      };
    case 'attempts':
      return summed('attempts', 'count()', 'sum(attempts)', ['attempts']);
    case 'retried':
      return summed('attempts', 'countIf(attempt > 1)', 'sum(retried)', ['retried']);
    case 'rate_limited':
      return summed('attempts', 'countIf(status_code = 429)', 'sumIf(attempts, status_code = 429)', ['attempts', 'status_code']);
    case 'overloaded':
      return summed('attempts', 'countIf(status_code = 529)', 'sumIf(attempts, status_code = 529)', ['attempts', 'status_code']);
    case 'unknown_status':
      return summed('attempts', 'countIf(status_code = 0)', 'sumIf(attempts, status_code = 0)', ['attempts', 'status_code']);
    default:
      return unreachable(part);
  }
}

/** How a metric's value comes back: whole counts, exact nano-dollars, or a float that may be null. */
export type ValueKind = 'count' | 'nano' | 'float';

export interface MetricSql {
  source: Source;
  parts: Part[];
  kind: ValueKind;
  /** Over merged parts; `m(part)` is the merged value of a part. */
  final: (m: (part: Part) => string) => string;
}

const ratio = (numerator: string, denominator: string) => `${numerator} / nullIf(${denominator}, 0)`;
// Merging an empty sketch gives NaN; a bucket without calls has no latency, not 0 or NaN.
const quantile = (part: 'latency' | 'ttft', level: Percentile) => (m: (p: Part) => string) => {
  const value = `${m(part)}[${percentileIndex(level)}]`;
  return `if(isNaN(${value}), NULL, ${value})`;
};
const plain = (part: Part, kind: ValueKind, source: Source = 'calls'): MetricSql => ({ source, parts: [part], kind, final: (m) => m(part) });

export function metricSql(metric: Metric): MetricSql {
  switch (metric) {
    case 'calls':
      return plain('calls', 'count');
    case 'errors':
      return plain('errors', 'count');
    case 'error_rate':
      return { source: 'calls', parts: ['errors', 'calls'], kind: 'float', final: (m) => ratio(m('errors'), m('calls')) };
    case 'cost_usd':
      return plain('cost', 'nano');
    case 'unpriced_calls':
      return plain('unpriced', 'count');
    case 'input_tokens':
    case 'output_tokens':
    case 'cache_read_tokens':
    case 'cache_write_5m_tokens':
    case 'cache_write_1h_tokens':
      return plain(metric, 'count');
    case 'cache_write_tokens':
      return {
        source: 'calls',
        parts: ['cache_write_5m_tokens', 'cache_write_1h_tokens'],
        kind: 'count',
        final: (m) => `${m('cache_write_5m_tokens')} + ${m('cache_write_1h_tokens')}`,
      };
    case 'total_tokens':
      return {
        source: 'calls',
        parts: ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens'],
        kind: 'count',
        final: (m) =>
          `${m('input_tokens')} + ${m('output_tokens')} + ${m('cache_read_tokens')} + ${m('cache_write_5m_tokens')} + ${m('cache_write_1h_tokens')}`,
      };
    case 'cache_savings_usd':
      return plain('cache_savings', 'nano');
    case 'retries_per_call':
      return { source: 'calls', parts: ['retries', 'calls'], kind: 'float', final: (m) => ratio(m('retries'), m('calls')) };
    case 'fallback_rate':
      return { source: 'calls', parts: ['fallback_calls', 'calls'], kind: 'float', final: (m) => ratio(m('fallback_calls'), m('calls')) };
    case 'latency_p50_ms':
      return { source: 'calls', parts: ['latency'], kind: 'float', final: quantile('latency', 0.5) };
    case 'latency_p95_ms':
      return { source: 'calls', parts: ['latency'], kind: 'float', final: quantile('latency', 0.95) };
    case 'latency_p99_ms':
      return { source: 'calls', parts: ['latency'], kind: 'float', final: quantile('latency', 0.99) };
    case 'ttft_p50_ms':
      return { source: 'calls', parts: ['ttft'], kind: 'float', final: quantile('ttft', 0.5) };
    case 'ttft_p95_ms':
      return { source: 'calls', parts: ['ttft'], kind: 'float', final: quantile('ttft', 0.95) };
    case 'ttft_p99_ms':
      return { source: 'calls', parts: ['ttft'], kind: 'float', final: quantile('ttft', 0.99) };
    case 'attempts':
      return plain('attempts', 'count', 'attempts');
    case 'retried_attempts':
      return plain('retried', 'count', 'attempts');
    case 'rate_limited_attempts':
      return plain('rate_limited', 'count', 'attempts');
    case 'overloaded_attempts':
      return plain('overloaded', 'count', 'attempts');
    case 'unknown_status_attempts':
      return plain('unknown_status', 'count', 'attempts');
    case 'rate_limited_rate':
      return { source: 'attempts', parts: ['rate_limited', 'attempts'], kind: 'float', final: (m) => ratio(m('rate_limited'), m('attempts')) };
    case 'overloaded_rate':
      return { source: 'attempts', parts: ['overloaded', 'attempts'], kind: 'float', final: (m) => ratio(m('overloaded'), m('attempts')) };
    default:
      return unreachable(metric);
  }
}
