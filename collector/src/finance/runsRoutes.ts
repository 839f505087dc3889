// Cost per run: GET /api/v1/finance/runs?by=trace|session lists the most expensive runs in a
// range (calls sharing a trace: one request or agent run; or sharing a session id: a conversation
// of many requests); /api/v1/finance/runs/:runId gives one run's calls in time order, for its
// timeline. By session, the calls without a session id are counted apart, never dropped silently.
import { Router } from 'express';
import { FILTER_NAMES, nanoToUsd } from '@burnrate/contract';
import { badRequest } from '../api/errors';
import { filtersFrom, integer, oneOf, onlyParams, RANGE_PARAMS, timeRange } from '../api/queryParams';
import { allow } from '../auth/policy';
import { MAX_LABEL_CHARS } from '../normalize/normalize';
import type { Gateway } from '../store/gateway';
import { filterConditions } from '../store/query/filters';
import { dateToDateTime64 } from '../store/time';
import { RUN_GROUPINGS, type RunDetailResponse, type RunGrouping, type RunsResponse } from './contract';
import { callsWithoutSession, runCalls, topRuns } from './runsQuery';

function validRunId(by: RunGrouping, id: string): string {
  if (by === 'trace' && !/^[0-9a-f]{32}$/.test(id)) throw badRequest('a trace id must be 32 lowercase hex digits');
  if (by === 'session' && (id === '' || id.length > MAX_LABEL_CHARS)) throw badRequest(`a session id must be 1 to ${MAX_LABEL_CHARS} characters`);
  return id;
}

export function runsRouter(gateway: Gateway): Router {
  const router = Router();

  router.get('/api/v1/finance/runs', allow('viewer'), async (req, res) => {
    onlyParams(req, ['by', 'limit', ...RANGE_PARAMS, ...FILTER_NAMES]);
    const by = oneOf(req, 'by', RUN_GROUPINGS, 'trace');
    const range = timeRange(req);
    const limit = integer(req, 'limit', 20, 1, 200);
    const params: Record<string, unknown> = { from: dateToDateTime64(range.from), to: dateToDateTime64(range.to) };
    const where = [
      `start_time >= {from:DateTime64(6, 'UTC')}`,
      `start_time < {to:DateTime64(6, 'UTC')}`,
      ...filterConditions(gateway, 'calls', filtersFrom(req), range, params),
    ];
    const [runs, outside] = await Promise.all([
      topRuns(gateway, { by, where, params, limit }),
      by === 'session' ? callsWithoutSession(gateway, { where, params }) : null,
    ]);
    const body: RunsResponse = {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      by,
      runs: runs.runs,
      totalUsd: nanoToUsd(runs.totalNano),
      totalNanoUsd: runs.totalNano.toString(),
      rows: runs.rows,
      outside,
    };
    res.json(body);
  });

  router.get('/api/v1/finance/runs/:runId', allow('viewer'), async (req, res) => {
    onlyParams(req, ['by', ...RANGE_PARAMS]);
    const by = oneOf(req, 'by', RUN_GROUPINGS, 'trace');
    const id = validRunId(by, String(req.params.runId));
    const range = timeRange(req);
    const calls = await runCalls(gateway, by, id, { from: dateToDateTime64(range.from), to: dateToDateTime64(range.to) });
    const body: RunDetailResponse = { by, id, calls };
    res.json(body);
  });

  return router;
}
