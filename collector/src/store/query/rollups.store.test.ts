// The rollups against the raw tables on a real embedded store: every widget answers the same
// whether it reads rollups (with raw edges) or raw rows only, counts and nano-dollars exactly,
// quantiles within a digest's error. Calls stored before the rollup migration are backfilled;
// calls after it arrive through the materialized views.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric } from '@burnrate/contract';
import { startCollector, type RunningCollector } from '../../../../test/support/collector';
import { sendCalls } from '../../../../test/demo/otlp';
import { callsOfDay, type TrafficPlan } from '../../../../test/demo/traffic';
import { queryModule } from '../../query';
import { savingsPrices } from '../../query/savings';
import { runTimeseries, type MetricValue } from './widgets';
import { buildSeriesQuery, type WidgetRequest } from './widgetQuery';
import { removeTestDir } from '../../../../test/support/removeTestDir';

const now = new Date(Date.UTC(2026, 10, 21, 16, 42, 30));
const plan: TrafficPlan = { days: 3, now, callsPerDay: 300 };
let running: RunningCollector;

beforeAll(async () => {
  const calls = [0, 1, 2].flatMap((day) => callsOfDay(plan, day)).filter((c) => c.startMs + c.durationMs < now.getTime());
  const half = Math.floor(calls.length * 0.6);
  // Before the rollups exist: these calls must come in through the migration's backfill.
  const before = await startCollector({}, [], { keepData: true });
  await sendCalls(before.url, calls.slice(0, half), 2000, 2);
  await before.stop();
  running = await startCollector({}, [queryModule], { dataDir: before.dataDir });
  await sendCalls(running.url, calls.slice(half), 2000, 2);
}, 120_000);
afterAll(async () => {
  await running?.stop();
  if (running) removeTestDir(running.dataDir);
});

const from = new Date(now.getTime() - 2 * 86_400_000 - 17 * 60_000); // ragged at both ends
const base = { filters: {}, from, to: now } as const;

const REQUESTS: [string, WidgetRequest][] = [
  [
    'every additive call metric, whole range',
    {
      ...base,
      groupBy: [],
      interval: null,
      metrics: [
        'calls',
        'errors',
        'cost_usd',
        'unpriced_calls',
        'input_tokens',
        'output_tokens',
        'cache_read_tokens',
        'cache_write_tokens',
        'cache_savings_usd',
        'error_rate',
        'retries_per_call',
        'fallback_rate',
      ],
    },
  ],
  [
    'by model per hour, with latency',
    { ...base, groupBy: ['model'], interval: '1h', metrics: ['cost_usd', 'calls', 'latency_p50_ms', 'latency_p95_ms', 'ttft_p95_ms'] },
  ],
  ['per day (daily rollup between hourly edges)', { ...base, groupBy: ['team'], interval: '1d', metrics: ['cost_usd', 'total_tokens', 'latency_p99_ms'] }],
  [
    'errors by type (detail rollup, status filter)',
    { ...base, groupBy: ['error_type'], interval: '6h', filters: { status: ['error'] }, metrics: ['errors', 'calls'] },
  ],
  ['by user (user rollup)', { ...base, groupBy: ['user'], interval: '1d', filters: { team: ['search'] }, metrics: ['cost_usd', 'calls'] }],
  ['route × model', { ...base, groupBy: ['route', 'model'], interval: null, metrics: ['calls', 'fallback_rate'] }],
  // The Routing screen's requested-vs-served panel: the detail rollup keeps the requested model.
  ['requested × served model (detail rollup)', { ...base, groupBy: ['requested_model', 'model'], interval: '1d', metrics: ['calls', 'cost_usd'] }],
  [
    'attempts by status code',
    { ...base, groupBy: ['status_code'], interval: '1h', metrics: ['attempts', 'rate_limited_attempts', 'overloaded_attempts', 'retried_attempts'] },
  ],
  [
    'attempts of one model by team, per day',
    { ...base, groupBy: ['team'], interval: '1d', filters: { model: ['claude-sonnet-4-6'] }, metrics: ['attempts', 'rate_limited_rate'] },
  ],
];

function expectClose(metric: Metric, a: MetricValue, b: MetricValue): void {
  if (typeof a === 'bigint' || typeof b === 'bigint' || Number.isInteger(a)) return void expect(a, metric).toBe(b);
  if (a === null || b === null) return void expect(a, metric).toBe(b);
  // Quantiles: a merge of hourly digests against one digest of the raw rows.
  if (metric.includes('_p')) return void expect(Math.abs(a - b) / Math.max(Math.abs(b), 1), `${metric} ${a} vs ${b}`).toBeLessThan(0.05);
  expect(a, metric).toBeCloseTo(b, 12);
}

describe('rollups answer like the raw tables', () => {
  it.each(REQUESTS)('%s', async (_name, request) => {
    const options = { savings: savingsPrices(running.collector.prices, now) };
    const rolled = buildSeriesQuery(running.collector.gateway, request, { ...options, rollups: true });
    expect(rolled.plan.segments.length, 'reads a rollup (else the comparison proves nothing)').toBeGreaterThan(1);
    const interval = request.interval ?? '1d';
    const run = (rollups: boolean) => runTimeseries(running.collector.gateway, { ...request, interval }, { ...options, rollups }, 50);
    const [fast, slow] = await Promise.all([run(true), run(false)]);
    expect(fast.series.map((s) => s.key)).toEqual(slow.series.map((s) => s.key));
    expect(fast.total.totals[0]).not.toEqual(0);
    request.metrics.forEach((metric, m) => {
      expectClose(metric, fast.total.totals[m]!, slow.total.totals[m]!);
      fast.total.values[m]!.forEach((v, i) => expectClose(metric, v, slow.total.values[m]![i]!));
      fast.series.forEach((s, j) => expectClose(metric, s.totals[m]!, slow.series[j]!.totals[m]!));
    });
  });

  it('calls stored before the migration were backfilled (the rollups hold every call)', async () => {
    const gateway = running.collector.gateway;
    const [raw] = await gateway.query<{ n: number }>('t', `SELECT count() AS n FROM ${gateway.table('llm_calls')}`);
    for (const table of ['llm_calls_core_hourly', 'llm_calls_core_daily', 'llm_calls_detail_hourly', 'llm_calls_by_user_daily']) {
      const [rolled] = await gateway.query<{ n: number }>('t', `SELECT sum(calls) AS n FROM ${gateway.table(table)}`);
      expect(Number(rolled!.n), table).toBe(Number(raw!.n));
    }
  });
});
