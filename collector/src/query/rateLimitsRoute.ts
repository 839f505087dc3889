// GET /api/v1/ratelimits: the last rate-limit headers seen per service and model in the range.
import { Router } from 'express';
import type { Gateway } from '../store/gateway';
import { rateLimitRows } from '../store/query/rateLimits';
import { FILTER_NAMES, type RateLimitsResponse } from '@burnrate/contract';
import { timeRange } from '../api/queryParams';
import { handle } from './handle';
import { filtersFrom, onlyParams, RANGE_PARAMS } from './params';
import { allow } from '../auth/policy';

export function rateLimitsRouter(gateway: Gateway): Router {
  const router = Router();
  router.get(
    '/api/v1/ratelimits',
    allow('viewer'),
    handle(async (req, res) => {
      onlyParams(req, [...RANGE_PARAMS, ...FILTER_NAMES]);
      const range = timeRange(req);
      const rows = await rateLimitRows(gateway, { ...range, filters: filtersFrom(req) }, true);
      const body: RateLimitsResponse = { from: range.from.toISOString(), to: range.to.toISOString(), rows };
      res.json(body);
    }),
  );
  return router;
}
