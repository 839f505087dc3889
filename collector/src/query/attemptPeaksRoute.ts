// GET /api/v1/attempts/peaks: each bucket's worst minute of 429s and 529s (see attemptPeaks.ts).
import { Router } from 'express';
import type { Gateway } from '../store/gateway';
import { attemptPeaks } from '../store/query/attemptPeaks';
import { FILTER_NAMES, type AttemptPeaksResponse } from '@burnrate/contract';
import { filtersFrom, intervalFrom, onlyParams, RANGE_PARAMS, timeRange } from '../api/queryParams';
import { handle } from './handle';
import { allow } from '../auth/policy';

export function attemptPeaksRouter(gateway: Gateway): Router {
  const router = Router();
  router.get(
    '/api/v1/attempts/peaks',
    allow('viewer'),
    handle(async (req, res) => {
      onlyParams(req, [...RANGE_PARAMS, 'interval', ...FILTER_NAMES]);
      const range = timeRange(req);
      const interval = intervalFrom(req, range);
      const peaks = await attemptPeaks(gateway, { ...range, interval, filters: filtersFrom(req) });
      const body: AttemptPeaksResponse = { from: range.from.toISOString(), to: range.to.toISOString(), interval, ...peaks };
      res.json(body);
    }),
  );
  return router;
}
