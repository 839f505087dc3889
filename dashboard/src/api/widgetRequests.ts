// What each widget asks the API for, in one place. The widget hooks call these; so do the
// browser tests (to compare the screen with the API) and the query benchmark (to time exactly
// the dashboard's requests).
import type { SpendDimension } from './catalog';
import { attemptPeaksUrl, breakdownUrl, callsUrl, costLinesUrl, rateLimitsUrl, summaryUrl, timeseriesUrl, type CallsAsk, type ViewScope } from './requests';

export type MixMetric = 'calls' | 'total_tokens' | 'cost_usd';

const DAY = 86_400_000;
export const startOfUtcDay = (now: Date) => new Date(Math.floor(now.getTime() / DAY) * DAY);
export const startOfUtcMonth = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

export const widgetRequests = {
  // Overview
  overviewCalls: (s: ViewScope) => timeseriesUrl(s, { metric: ['cost_usd', 'calls', 'error_rate', 'latency_p95_ms', 'cache_savings_usd'] }),
  overviewAttempts: (s: ViewScope) => timeseriesUrl(s, { metric: ['rate_limited_rate', 'rate_limited_attempts', 'attempts'] }),
  todaySpend: (s: ViewScope, now: Date) => timeseriesUrl({ ...s, from: startOfUtcDay(now), to: now }, { metric: ['cost_usd'], interval: '1h' }),
  monthSpend: (s: ViewScope, now: Date) =>
    timeseriesUrl({ ...s, from: new Date(Math.min(startOfUtcMonth(now).getTime(), now.getTime() - 1000)), to: now }, { metric: ['cost_usd'], interval: '1d' }),
  // Spend
  spendOverTime: (s: ViewScope, by: SpendDimension) => timeseriesUrl(s, { metric: ['cost_usd'], groupBy: [by], limit: 8 }),
  topSpenders: (s: ViewScope, by: SpendDimension) => breakdownUrl(s, by, 20),
  tokenSplit: (s: ViewScope) => timeseriesUrl(s, { metric: ['input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'output_tokens'] }),
  spendSummary: (s: ViewScope) => summaryUrl(s),
  costLines: (s: ViewScope) => costLinesUrl(s),
  // Reliability
  attemptOutcomes: (s: ViewScope) => timeseriesUrl(s, { metric: ['rate_limited_attempts', 'overloaded_attempts', 'attempts'] }),
  callOutcomes: (s: ViewScope) => timeseriesUrl(s, { metric: ['calls', 'errors', 'error_rate', 'retries_per_call'] }),
  errorsByType: (s: ViewScope) => timeseriesUrl(s, { metric: ['errors'], groupBy: ['error_type'], limit: 6 }),
  latencyByModel: (s: ViewScope) =>
    timeseriesUrl(s, { metric: ['latency_p95_ms', 'latency_p50_ms', 'latency_p99_ms', 'ttft_p95_ms'], groupBy: ['model'], limit: 6 }),
  rateLimitHeadroom: (s: ViewScope) => rateLimitsUrl(s),
  attemptPeaks: (s: ViewScope) => attemptPeaksUrl(s),
  // Routing
  modelMix: (s: ViewScope, metric: MixMetric) => timeseriesUrl(s, { metric: [metric], groupBy: ['model'], limit: 6 }),
  routeFlow: (s: ViewScope) => timeseriesUrl(s, { metric: ['calls'], groupBy: ['route', 'model'], interval: '1d', limit: 40 }),
  requestedVsServed: (s: ViewScope) => timeseriesUrl(s, { metric: ['calls'], groupBy: ['requested_model', 'model'], interval: '1d', limit: 40 }),
  fallbackRate: (s: ViewScope) => timeseriesUrl(s, { metric: ['fallback_rate', 'calls'] }),
  // Calls
  callsPage: (s: ViewScope, ask: CallsAsk) => callsUrl(s, ask),
} as const;

/** Every request a screen makes on load with its default choices, by screen (for tests and the benchmark). */
export function screenRequests(scope: ViewScope, now: Date): Record<'overview' | 'spend' | 'reliability' | 'routing' | 'calls', Record<string, string>> {
  const w = widgetRequests;
  return {
    overview: {
      overviewCalls: w.overviewCalls(scope),
      overviewAttempts: w.overviewAttempts(scope),
      todaySpend: w.todaySpend(scope, now),
      monthSpend: w.monthSpend(scope, now),
    },
    spend: {
      spendOverTime: w.spendOverTime(scope, 'model'),
      topSpenders: w.topSpenders(scope, 'model'),
      tokenSplit: w.tokenSplit(scope),
      spendSummary: w.spendSummary(scope),
      costLines: w.costLines(scope),
    },
    reliability: {
      attemptOutcomes: w.attemptOutcomes(scope),
      callOutcomes: w.callOutcomes(scope),
      errorsByType: w.errorsByType(scope),
      latencyByModel: w.latencyByModel(scope),
      rateLimitHeadroom: w.rateLimitHeadroom(scope),
      attemptPeaks: w.attemptPeaks(scope),
    },
    routing: {
      modelMix: w.modelMix(scope, 'calls'),
      routeFlow: w.routeFlow(scope),
      requestedVsServed: w.requestedVsServed(scope),
      fallbackRate: w.fallbackRate(scope),
    },
    calls: { callsPage: w.callsPage(scope, { sort: 'time', order: 'desc', offset: 0, limit: 100 }) },
  };
}
