// The widgets that read raw rows until migration 140 — the bill's cost lines, each bucket's worst
// minute of 429s and 529s — and the per-model and per-user rollups, on a real store
// whose rollups were filled by their views: each answers exactly as its raw-row query over ragged
// ranges and under filters, with corrected calls in the store, reads the rollup meant for it,
// and is covered by the rollup integrity check.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Filters, Interval } from '@burnrate/contract';
import { startCollector, type RunningCollector } from '../../../../test/support/collector';
import { removeTestDir } from '../../../../test/support/removeTestDir';
import { seedCalls } from '../../../../test/bench/seedCalls';
import { costLines } from '../../billing/costLinesQuery';
import { queryModule } from '../../query';
import { savingsPrices } from '../../query/savings';
import { CALLS_TABLE } from '../callsTable';
import type { Gateway } from '../gateway';
import { attemptPeaks, buildAttemptPeaksQuery } from './attemptPeaks';
import { verifyRollups } from './rollupIntegrity';
import {
  ATTEMPT_STORMS_DETAIL_HOURLY,
  ATTEMPT_STORMS_HOURLY,
  CALLS_LINES_DAILY,
  CALLS_LINES_HOURLY,
  CALLS_MODEL_DAILY,
  CALLS_MODEL_HOURLY,
  CALLS_USER_DAILY,
} from './rollups';
import { buildSeriesQuery, buildTotalsQuery, type WidgetRequest } from './widgetQuery';
import { runTimeseries } from './widgets';
import { correctStoredCall } from '../../../../test/support/correctedCall';

const now = new Date(Date.UTC(2026, 10, 21, 16, 42, 30));
const HOUR = 3_600_000;
let running: RunningCollector;
let gateway: Gateway;

const correct = (traceId: string, changes: Record<string, unknown>) => correctStoredCall(gateway, traceId, changes);

beforeAll(async () => {
  running = await startCollector({}, [queryModule]);
  gateway = running.collector.gateway;
  // Through the rollups' views, as the writer's inserts go.
  await seedCalls(gateway, 20_000, now, { days: 3, chunk: 10_000 });
  // The bill's other lines: premiums and fees on some calls, some calls unpriced (their premiums
  // are not billed).
  await gateway.command(
    't',
    `ALTER TABLE ${gateway.table(CALLS_TABLE)} UPDATE
       cost_fast_mode_nano_usd = if(cityHash64(span_id) % 5 = 0, 7000 + cityHash64(span_id) % 1000, 0),
       cost_us_only_nano_usd = if(cityHash64(span_id) % 7 = 0, 300, 0),
       cost_web_search_nano_usd = if(cityHash64(span_id) % 11 = 0, 10000000, 0),
       web_search_requests = if(cityHash64(span_id) % 11 = 0, 1, 0),
       cost_nano_usd = if(cityHash64(span_id) % 13 = 0, NULL, cost_nano_usd)
     WHERE 1 SETTINGS mutations_sync = 2`,
  );
  // The update rewrote raw rows only: fill the rollups again from them, as the migration does.
  for (const def of [CALLS_MODEL_HOURLY, CALLS_MODEL_DAILY, CALLS_LINES_HOURLY, CALLS_LINES_DAILY]) {
    await gateway.command('t', `TRUNCATE TABLE ${gateway.table(def.table)}`);
  }
  await verifyRollups(gateway, { from: new Date(now.getTime() - 4 * 86_400_000), to: now, repair: true, now: new Date(now.getTime() + 86_400_000) });
  const rows = await gateway.query<{ trace_id: string }>(
    't',
    `SELECT trace_id FROM ${gateway.table(CALLS_TABLE)} WHERE cost_nano_usd IS NOT NULL ORDER BY start_time DESC LIMIT 3 OFFSET 100`,
  );
  await correct(rows[0]!.trace_id, { cost_fast_mode_nano_usd: 123_456, team: 'zebra-squad', model: 'claude-haiku-4-5', duration_ms: 99_999 });
  await correct(rows[1]!.trace_id, { cost_nano_usd: null, web_search_requests: 4 });
  await correct(rows[2]!.trace_id, { cost_us_only_nano_usd: 999, cost_nano_usd: 5_000_000 });
}, 180_000);
afterAll(async () => {
  await running?.stop();
  if (running) removeTestDir(running.dataDir);
});

const RANGES: [string, Date, Date][] = [
  ['three days, ragged', new Date(now.getTime() - 3 * 86_400_000 + 17 * 60_000), now],
  ['a day, ragged', new Date(now.getTime() - 86_400_000 - 7 * 60_000), new Date(now.getTime() - 11 * 60_000)],
  ['inside one hour', new Date(now.getTime() - 40 * 60_000), new Date(now.getTime() - 5 * 60_000)],
];
const FILTERS: Filters[] = [{}, { team: ['search', 'zebra-squad'] }, { model: ['claude-haiku-4-5'] }, { status: ['error'] }, { user: ['user-42'] }];

it('cost lines equal the raw rows, for every range and filter', async () => {
  for (const [label, from, to] of RANGES) {
    for (const filters of FILTERS) {
      const request = { from, to, filters };
      expect(await costLines(gateway, request, true), `${label} ${JSON.stringify(filters)}`).toEqual(await costLines(gateway, request, false));
    }
  }
  const whole = await costLines(gateway, { from: RANGES[0]![1], to: now, filters: {} });
  expect(BigInt(whole.fastMode.costNanoUsd)).toBeGreaterThan(0n);
  expect(whole.webSearch.requests).toBeGreaterThan(0);
  expect(whole.unpricedCalls).toBeGreaterThan(0);
});

it('cost lines read the lines rollup, unfiltered or under a team filter', () => {
  const parts = ['cost', 'fast_mode'] as const;
  const tables = (filters: Filters) =>
    buildTotalsQuery(gateway, { from: RANGES[0]![1], to: now, filters }, parts, { rollups: true }).plan.segments.map((s) =>
      s.kind === 'rollup' ? s.rollup.table : 'raw',
    );
  expect(tables({})).toContain(CALLS_LINES_DAILY.table);
  expect(tables({ team: ['search'] })).toContain(CALLS_LINES_DAILY.table);
});

it('attempt peaks equal the raw rows, for every range, interval and filter', async () => {
  const intervals: Interval[] = ['1h', '1d', '15m'];
  let peaks = 0;
  for (const [label, from, to] of RANGES) {
    for (const interval of intervals) {
      for (const filters of [{}, { model: ['claude-opus-4-6'] }, { team: ['search'] }, { feature: ['feature-0-1'] }] as Filters[]) {
        const request = { from, to, interval, filters };
        const fromRollups = await attemptPeaks(gateway, request, true);
        expect(fromRollups, `${label} ${interval} ${JSON.stringify(filters)}`).toEqual(await attemptPeaks(gateway, request, false));
        peaks += fromRollups.rateLimited.filter((p) => p.perMinute > 0).length;
      }
    }
  }
  expect(peaks).toBeGreaterThan(100);
  const request = { from: RANGES[0]![1], to: now, interval: '1d' as const };
  expect(buildAttemptPeaksQuery(gateway, { ...request, filters: {} }).sql).toContain(ATTEMPT_STORMS_HOURLY.table);
  expect(buildAttemptPeaksQuery(gateway, { ...request, filters: { team: ['search'] } }).sql).toContain(ATTEMPT_STORMS_DETAIL_HOURLY.table);
});

it('latency and spend by model read the per-model rollup and match the raw rows', async () => {
  const request: WidgetRequest & { interval: '1d' } = {
    metrics: ['latency_p95_ms', 'latency_p50_ms', 'ttft_p95_ms', 'calls', 'cost_usd', 'cache_savings_usd'],
    groupBy: ['model'],
    filters: {},
    interval: '1d',
    from: RANGES[0]![1],
    to: now,
  };
  const options = { savings: savingsPrices(running.collector.prices, now) };
  const built = buildSeriesQuery(gateway, request, { ...options, rollups: true });
  expect(built.plan.segments.some((s) => s.kind === 'rollup' && s.rollup.table === CALLS_MODEL_DAILY.table)).toBe(true);
  const fromRollups = await runTimeseries(gateway, request, { ...options, rollups: true }, 6);
  const raw = await runTimeseries(gateway, request, { ...options, rollups: false }, 6);
  expect(fromRollups.series.map((s) => s.key)).toEqual(raw.series.map((s) => s.key));
  for (const [i, series] of fromRollups.series.entries()) {
    // Counts and nano-dollars exactly; quantiles within the digest's error.
    for (const m of [3, 4, 5]) expect(series.values[m]).toEqual(raw.series[i]!.values[m]);
    for (const m of [0, 1, 2]) {
      series.values[m]!.forEach((value, b) => {
        const expected = raw.series[i]!.values[m]![b] as number | null;
        if (expected === null) expect(value).toBeNull();
        else expect(Math.abs((value as number) - expected) / expected).toBeLessThan(0.03);
      });
    }
  }
});

it('ranks users from the per-user rollup, as the raw rows do', async () => {
  const request: WidgetRequest & { interval: '1d' } = {
    metrics: ['cost_usd', 'calls'],
    groupBy: ['user'],
    filters: {},
    interval: '1d',
    from: RANGES[0]![1],
    to: now,
  };
  const built = buildSeriesQuery(gateway, request, { rollups: true });
  expect(built.plan.segments.some((s) => s.kind === 'rollup' && s.rollup.table === CALLS_USER_DAILY.table)).toBe(true);
  expect(await runTimeseries(gateway, request, { rollups: true }, 10)).toEqual(await runTimeseries(gateway, request, { rollups: false }, 10));
});

it('the integrity check covers the new rollups: it finds an hour one of them lost and rebuilds it', async () => {
  const from = new Date(now.getTime() - 4 * 86_400_000);
  const later = new Date(now.getTime() + 86_400_000);
  const clean = await verifyRollups(gateway, { from, to: now, repair: false, now: later });
  expect(clean.drift).toEqual([]);
  for (const def of [CALLS_MODEL_DAILY, CALLS_LINES_DAILY, CALLS_USER_DAILY, ATTEMPT_STORMS_HOURLY, ATTEMPT_STORMS_DETAIL_HOURLY])
    expect(clean.rollups).toContain(def.table);
  const hour = new Date(Math.floor((now.getTime() - 5 * HOUR) / HOUR) * HOUR);
  const before = await attemptPeaks(gateway, { from: RANGES[0]![1], to: now, interval: '1h', filters: {} });
  await gateway.command('t', `ALTER TABLE ${gateway.table(ATTEMPT_STORMS_HOURLY.table)} DELETE WHERE hour = {h:DateTime('UTC')} SETTINGS mutations_sync = 2`, {
    h: hour.toISOString().slice(0, 19).replace('T', ' '),
  });
  const repaired = await verifyRollups(gateway, { from, to: now, repair: true, now: later });
  expect(repaired.drift.map((d) => [d.rollup, d.bucket, d.repaired])).toEqual([[ATTEMPT_STORMS_HOURLY.table, hour.toISOString(), true]]);
  expect(await attemptPeaks(gateway, { from: RANGES[0]![1], to: now, interval: '1h', filters: {} })).toEqual(before);
});
