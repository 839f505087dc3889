// GET /api/v1/timeseries: one widget's data. Parameters: metric (one or more, all over calls or
// all over attempts), groupBy (up to two dimensions), interval (chosen from the range when not
// given), limit (top groups kept, the rest folded into one "other" series), from, to, filters.
import { Router } from 'express';
import { FILTER_NAMES, type Metric, type MetricSeries, type MetricValues, nanoToUsd, type TimeseriesResponse } from '@burnrate/contract';
import type { Gateway } from '../store/gateway';
import type { PriceTable } from '../pricing/priceTable';
import { runTimeseries, type MetricValue, type SeriesValues } from '../store/query/widgets';
import { filtersFrom, groupByFrom, integer, intervalFrom, metricsFrom, onlyParams, RANGE_PARAMS, timeRange } from '../api/queryParams';
import { handle } from './handle';
import { savingsPrices } from './savings';
import { allow } from '../auth/policy';

export const toApiValue = (value: MetricValue): number | null => (typeof value === 'bigint' ? nanoToUsd(value) : value);

function shape(metrics: Metric[], data: SeriesValues): { values: MetricSeries; totals: MetricValues } {
  const values: MetricSeries = {};
  const totals: MetricValues = {};
  metrics.forEach((metric, i) => {
    values[metric] = data.values[i]!.map(toApiValue);
    totals[metric] = toApiValue(data.totals[i]!);
  });
  return { values, totals };
}

export function timeseriesRouter(gateway: Gateway, prices: PriceTable): Router {
  const router = Router();
  router.get(
    '/api/v1/timeseries',
    allow('viewer'),
    handle(async (req, res) => {
      onlyParams(req, ['metric', 'groupBy', 'interval', 'limit', ...RANGE_PARAMS, ...FILTER_NAMES]);
      const range = timeRange(req);
      const metrics = metricsFrom(req);
      const groupBy = groupByFrom(req);
      const interval = intervalFrom(req, range);
      const limit = integer(req, 'limit', 10, 1, 50);
      const filters = filtersFrom(req);
      const result = await runTimeseries(
        gateway,
        { metrics, groupBy, filters, interval, ...range },
        { rollups: true, savings: savingsPrices(prices, range.to) },
        limit,
      );
      const body: TimeseriesResponse = {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        interval,
        metrics,
        groupBy,
        buckets: result.buckets.map((b) => b.toISOString()),
        total: shape(metrics, result.total),
        series: result.series.map((s) => ({ key: s.key, other: s.other, ...shape(metrics, s) })),
      };
      res.json(body);
    }),
  );
  return router;
}
