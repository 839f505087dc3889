// GET /api/v1/ratelimits: the last rate-limit headers seen per service and model in the range,
// each bucket with its forecast at the current rate (store/query/headroomForecast.ts).
import { Router } from 'express';
import type { Gateway } from '../store/gateway';
import { rateLimitRows } from '../store/query/rateLimits';
import { consumptionRates, FORECAST_WINDOW_MINUTES, withForecasts } from '../store/query/headroomForecast';
import { FILTER_NAMES, type RateLimitsResponse } from '@burnrate/contract';
import { filtersFrom, onlyParams, RANGE_PARAMS, timeRange } from '../api/queryParams';
import { handle } from './handle';
import { allow } from '../auth/policy';

export function rateLimitsRouter(gateway: Gateway, now: () => Date = () => new Date()): Router {
  const router = Router();
  router.get(
    '/api/v1/ratelimits',
    allow('viewer'),
    handle(async (req, res) => {
      onlyParams(req, [...RANGE_PARAMS, ...FILTER_NAMES]);
      const range = timeRange(req);
      const filters = filtersFrom(req);
      // A forecast is about what happens next: at the range's end, or now when the range runs on.
      const asOf = new Date(Math.min(range.to.getTime(), now().getTime()));
      const [rows, rates] = await Promise.all([rateLimitRows(gateway, { ...range, filters }, true), consumptionRates(gateway, { asOf, filters })]);
      const body: RateLimitsResponse = {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        rows: withForecasts(rows, rates, asOf),
        forecast: { asOf: asOf.toISOString(), windowMinutes: FORECAST_WINDOW_MINUTES },
      };
      res.json(body);
    }),
  );
  return router;
}
