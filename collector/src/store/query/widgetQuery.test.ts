// The builder, rendered: which tables a request reads for which part of its range, the SQL it
// writes, and the requests it refuses. No store needed.
import { describe, expect, it } from 'vitest';
import { ATTEMPT_METRICS, CALL_METRICS, GROUP_DIMENSIONS, INTERVALS, METRICS, type Metric } from '@burnrate/contract';
import type { Gateway } from '../gateway';
import { dimensionColumn } from './dimensions';
import { chooseInterval, intervalMs } from './intervals';
import { metricSql, partSql } from './metrics';
import { ROLLUPS } from './rollups';
import { buildRankQuery, buildSeriesQuery, WidgetRequestError, type WidgetRequest } from './widgetQuery';

const gateway = { table: (name: string) => `\`burnrate\`.\`${name}\`` } as Gateway;
const at = (iso: string) => new Date(iso);
const base: WidgetRequest = { metrics: ['calls'], groupBy: [], filters: {}, interval: null, from: at('2026-10-01T10:30:00Z'), to: at('2026-10-31T18:15:00Z') };
const savings = { models: ['claude-sonnet-4-6'], nanoPerToken: [2700] };
const plan = (request: Partial<WidgetRequest>, rollups = true) =>
  buildSeriesQuery(gateway, { ...base, ...request }, { rollups, savings }).plan.segments.map(
    (s) => `${s.kind === 'raw' ? 'raw' : s.rollup.table} ${s.from.toISOString()}..${s.to.toISOString()}`,
  );

describe('which table serves which part of the range', () => {
  it('a month of totals: raw edges, hourly around whole days, daily in between', () => {
    expect(plan({})).toEqual([
      'raw 2026-10-01T10:30:00.000Z..2026-10-01T11:00:00.000Z',
      'llm_calls_model_hourly 2026-10-01T11:00:00.000Z..2026-10-02T00:00:00.000Z',
      'llm_calls_model_daily 2026-10-02T00:00:00.000Z..2026-10-31T00:00:00.000Z',
      'llm_calls_model_hourly 2026-10-31T00:00:00.000Z..2026-10-31T18:00:00.000Z',
      'raw 2026-10-31T18:00:00.000Z..2026-10-31T18:15:00.000Z',
    ]);
  });

  it('hourly buckets never read a daily rollup; minute buckets read raw rows only', () => {
    expect(plan({ interval: '1h' }).map((s) => s.split(' ')[0])).toEqual(['raw', 'llm_calls_model_hourly', 'raw']);
    expect(plan({ interval: '5m' }).map((s) => s.split(' ')[0])).toEqual(['raw']);
  });

  it('aligned ranges have no raw edges; a range inside one hour is all raw', () => {
    expect(plan({ interval: '1h', from: at('2026-10-01T00:00:00Z'), to: at('2026-10-01T06:00:00Z') })).toEqual([
      'llm_calls_model_hourly 2026-10-01T00:00:00.000Z..2026-10-01T06:00:00.000Z',
    ]);
    expect(plan({ from: at('2026-10-01T10:05:00Z'), to: at('2026-10-01T10:55:00Z') })).toEqual(['raw 2026-10-01T10:05:00.000Z..2026-10-01T10:55:00.000Z']);
  });

  it('the smallest rollup with every column the request touches', () => {
    const first = (request: Partial<WidgetRequest>) => plan(request)[1]!.split(' ')[0];
    // Totals and anything by model alone: the per-model rollup (latency included).
    expect(first({ metrics: ['latency_p95_ms', 'cache_savings_usd'], groupBy: ['model'] })).toBe('llm_calls_model_hourly');
    expect(first({ groupBy: ['model'], filters: { team: ['search'] } })).toBe('llm_calls_core_hourly');
    expect(first({ groupBy: ['feature'] })).toBe('llm_calls_detail_hourly');
    expect(first({ filters: { status: ['error'] } })).toBe('llm_calls_detail_hourly');
    expect(first({ groupBy: ['route'] })).toBe('llm_calls_detail_hourly');
    // The requested model (routed-to, else the request's own) is a key of the detail rollups.
    expect(first({ groupBy: ['route', 'requested_model'] })).toBe('llm_calls_detail_hourly');
    expect(first({ filters: { user: ['u1'] } })).toBe('llm_calls_user_hourly');
    expect(first({ groupBy: ['user'], filters: { team: ['search'] } })).toBe('llm_calls_by_user_hourly');
    // Quantiles are not kept per user: by user, latency reads raw rows.
    expect(plan({ metrics: ['latency_p95_ms'], filters: { user: ['u1'] } })).toEqual(['raw 2026-10-01T10:30:00.000Z..2026-10-31T18:15:00.000Z']);
    expect(first({ metrics: ['rate_limited_attempts'], groupBy: ['status_code'] })).toBe('llm_attempts_hourly');
  });

  it('without the rollup migration everything reads raw rows', () => {
    expect(plan({}, false)).toEqual(['raw 2026-10-01T10:30:00.000Z..2026-10-31T18:15:00.000Z']);
  });

  it('attempts filtered by something only calls carry are chosen through their calls', () => {
    const built = buildSeriesQuery(gateway, { ...base, metrics: ['rate_limited_attempts'], filters: { project: ['p1'], team: ['t1'] } }, { rollups: true });
    expect(built.plan.throughCalls).toBe(true);
    expect(built.plan.segments.map((s) => s.kind)).toEqual(['raw']);
    expect(built.sql).toContain('FROM `burnrate`.`llm_attempts` FINAL');
    expect(built.sql).toContain('team IN {f_team:Array(String)}');
    expect(built.sql).toMatch(
      /\(trace_id, span_id\) IN \(SELECT trace_id, span_id FROM `burnrate`\.`llm_calls`\s+WHERE start_time >= \{calls_from:DateTime64\(6, 'UTC'\)\} AND start_time < \{calls_to:DateTime64\(6, 'UTC'\)\} AND project IN \{f_project:Array\(String\)\}\)/,
    );
    expect(built.params.f_project).toEqual(['p1']);
  });
});

describe('rendered SQL', () => {
  it('a grouped series: partials per segment, merged once, with per-group and overall totals', () => {
    const built = buildSeriesQuery(
      gateway,
      {
        ...base,
        metrics: ['cost_usd', 'latency_p95_ms'],
        groupBy: ['model'],
        interval: '1h',
        from: at('2026-10-01T10:30:00Z'),
        to: at('2026-10-01T13:00:00Z'),
        filters: { team: ['search'], status: ['ok'] },
      },
      { rollups: true },
      [['claude-sonnet-4-6']],
    );
    expect(built.sql).toMatchInlineSnapshot(`
      "SELECT bucket, grouping(bucket) AS bucket_total, if(has({keep:Array(Array(String))}, key), key, []) AS series_key, grouping(series_key) AS key_total, toString(sum(p_cost)) AS m0, if(isNaN(quantilesDDMerge(0.01, 0.5, 0.95, 0.99)(p_latency)[2]), NULL, quantilesDDMerge(0.01, 0.5, 0.95, 0.99)(p_latency)[2]) AS m1
      FROM (
        SELECT toDateTime(toStartOfInterval(start_time, INTERVAL 1 HOUR), 'UTC') AS bucket, [toString(model)] AS key, sum(ifNull(cost_nano_usd, 0)) AS p_cost, quantilesDDState(0.01, 0.5, 0.95, 0.99)(duration_ms) AS p_latency
          FROM \`burnrate\`.\`llm_calls\` FINAL
          WHERE start_time >= {s0_from:DateTime64(6, 'UTC')} AND start_time < {s0_to:DateTime64(6, 'UTC')} AND team IN {f_team:Array(String)} AND (NOT (status_code >= 400 OR error_type != ''))
          GROUP BY bucket, key
        UNION ALL
        SELECT toDateTime(toStartOfInterval(hour, INTERVAL 1 HOUR), 'UTC') AS bucket, [toString(model)] AS key, sum(cost_nano) AS p_cost, quantilesDDMergeState(0.01, 0.5, 0.95, 0.99)(latency) AS p_latency
          FROM \`burnrate\`.\`llm_calls_detail_hourly\`
          WHERE hour >= {s1_from:DateTime('UTC')} AND hour < {s1_to:DateTime('UTC')} AND team IN {f_team:Array(String)} AND (NOT (status_code >= 400 OR error_type != ''))
          GROUP BY bucket, key
      )
      GROUP BY GROUPING SETS ((bucket, series_key), (series_key), (bucket), ())"
    `);
    expect(built.params).toEqual({
      s0_from: '2026-10-01 10:30:00.000000',
      s0_to: '2026-10-01 11:00:00.000000',
      s1_from: '2026-10-01 11:00:00',
      s1_to: '2026-10-01 13:00:00',
      f_team: ['search'],
      keep: [['claude-sonnet-4-6']],
    });
    expect(built.kinds).toEqual(['nano', 'float']);
  });

  it('a ranking orders by the merged values, not their text, and takes its limit as a parameter', () => {
    const built = buildRankQuery(gateway, { ...base, metrics: ['cost_usd', 'calls'], groupBy: ['team'] }, { rollups: true }, { limit: 5, orderBy: [0, 1] });
    expect(built.sql).toContain('ORDER BY sum(p_cost) DESC NULLS LAST, sum(p_calls) DESC NULLS LAST, key\nLIMIT {limit:UInt32}');
    expect(built.params.limit).toBe(5);
  });

  it('cache savings price each model through parameters', () => {
    const built = buildSeriesQuery(gateway, { ...base, metrics: ['cache_savings_usd'] }, { rollups: true, savings });
    expect(built.sql).toContain('transform(model, {savings_models:Array(String)}, {savings_nano_per_token:Array(Int64)}, toInt64(0))');
    expect(built.params.savings_models).toEqual(['claude-sonnet-4-6']);
  });
});

describe('refused requests', () => {
  const refuse = (request: Partial<WidgetRequest>, options: { savings?: typeof savings } = { savings }) =>
    expect(() => buildSeriesQuery(gateway, { ...base, ...request }, { rollups: true, ...options })).toThrow(WidgetRequestError);

  it('metrics over calls and attempts mixed, a dimension attempts lack, a repeated dimension, an empty range', () => {
    refuse({ metrics: ['calls', 'rate_limited_attempts'] });
    refuse({ metrics: ['attempts'], groupBy: ['feature'] });
    refuse({ groupBy: ['team', 'team'] });
    refuse({ from: base.to, to: base.from });
    refuse({ metrics: [] });
    refuse({ filters: { status: ['nonsense'] } });
    refuse({ metrics: ['cache_savings_usd'] }, {});
  });
});

describe('every case of every enum has an answer (the switches are exhaustive)', () => {
  it('metrics, parts, dimensions, intervals', () => {
    for (const metric of METRICS) {
      const m = metricSql(metric);
      expect(m.source).toBe((CALL_METRICS as readonly Metric[]).includes(metric) ? 'calls' : 'attempts');
      for (const part of m.parts) expect(partSql(part).source).toBe(m.source);
    }
    expect(ATTEMPT_METRICS.every((m) => metricSql(m).source === 'attempts')).toBe(true);
    // A column name: the requested model is an ALIAS column on the raw table.
    for (const dimension of GROUP_DIMENSIONS) expect(dimensionColumn(dimension)).toMatch(/^[a-z_]+$/);
    for (const interval of INTERVALS) expect(intervalMs(interval)).toBeGreaterThan(0);
  });

  it('every calls rollup can serve every part it claims', () => {
    for (const rollup of ROLLUPS) {
      const columns = new Set([...rollup.dims, ...rollup.measures].map((c) => c.name));
      expect(columns.has('hour') || columns.has('day')).toBe(false); // the time column is separate
      expect([...rollup.dims].every((d) => /^[a-z_]+$/.test(d.name))).toBe(true);
    }
  });

  it('an interval is chosen from the range: minutes for hours, hours for days, days for months', () => {
    const span = (hours: number) => chooseInterval(at('2026-10-01T00:00:00Z'), new Date(at('2026-10-01T00:00:00Z').getTime() + hours * 3_600_000));
    expect(span(1)).toBe('1m');
    expect(span(6)).toBe('5m');
    expect(span(12)).toBe('5m');
    expect(span(24)).toBe('1h');
    expect(span(7 * 24)).toBe('1h');
    expect(span(30 * 24)).toBe('1d');
  });
});
