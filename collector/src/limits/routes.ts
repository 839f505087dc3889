// The limits API: refusals by class, caps and limits in force (the dashboard's banner), spend
// limits and their month, unified usage windows.
import { Router } from 'express';
import { allow } from '../auth/policy';
import { jsonBody, param, validated } from '../api/routeHelpers';
import { HttpError } from '../api/errors';
import { integer, timeRange } from '../api/queryParams';
import type { Gateway } from '../store/gateway';
import type { LimitsInForceResponse, RefusalsResponse, SpendLimit, SpendLimitsResponse, UsageWindowsResponse } from '@burnrate/contract';
import { limitsInForce } from './inForce';
import { refusalsByClass } from './queries';
import { readSpendLimitsFile, spendLimitId, spendLimitInputSchema } from './spendLimit';
import { listDashboardLimits, saveDashboardLimit } from './spendLimitsTable';
import { spendLimitStatuses } from './status';
import { usageWindowSeries } from './usageWindows';

export interface LimitsDeps {
  gateway: Gateway;
  limitsFile: string | undefined;
  now: () => Date;
}

/** The config file's limits win over the dashboard's for the same id, and the dashboard says so. */
export async function allSpendLimits(deps: LimitsDeps): Promise<{ limits: SpendLimit[]; problems: string[] }> {
  const file = readSpendLimitsFile(deps.limitsFile);
  const fileIds = new Set(file.limits.map((l) => l.id));
  const dashboard = (await listDashboardLimits(deps.gateway)).filter((l) => !fileIds.has(l.id));
  return { limits: [...file.limits, ...dashboard], problems: file.problems };
}

export function limitsRouter(deps: LimitsDeps): Router {
  const { gateway, now } = deps;
  const router = Router();

  router.get('/api/v1/limits/refusals', allow('viewer'), async (req, res) => {
    const range = timeRange(req, now());
    const intervalMinutes = integer(req, 'interval', 60, 1, 1440);
    const body: RefusalsResponse = {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      intervalMinutes,
      ...(await refusalsByClass(gateway, range.from, range.to, intervalMinutes)),
    };
    res.json(body);
  });

  router.get('/api/v1/limits/in-force', allow('viewer'), async (_req, res) => {
    const body: LimitsInForceResponse = { inForce: await limitsInForce(gateway, now()) };
    res.json(body);
  });

  router.get('/api/v1/limits/spend', allow('viewer'), async (_req, res) => {
    const { limits, problems } = await allSpendLimits(deps);
    const body: SpendLimitsResponse = { limits: await spendLimitStatuses(gateway, limits, now()), fileProblems: problems };
    res.json(body);
  });

  router.put('/api/v1/limits/spend', allow('admin'), jsonBody, async (req, res) => {
    const input = validated(spendLimitInputSchema, req.body);
    const id = spendLimitId(input.kind, input.workspace);
    if (readSpendLimitsFile(deps.limitsFile).limits.some((l) => l.id === id)) {
      throw new HttpError(400, 'bad_request', `the ${id} limit is set in BURNRATE_SPEND_LIMITS_FILE (${deps.limitsFile}); change it there`);
    }
    const limit: SpendLimit = { ...input, id, source: 'dashboard' };
    await saveDashboardLimit(gateway, limit, now());
    res.json(limit);
  });

  router.delete('/api/v1/limits/spend/:id', allow('admin'), async (req, res) => {
    const existing = (await listDashboardLimits(gateway)).find((l) => l.id === param(req, 'id'));
    if (!existing) throw new HttpError(404, 'not_found', `no spend limit ${param(req, 'id')} entered on the dashboard`);
    await saveDashboardLimit(gateway, existing, now(), true);
    res.status(204).end();
  });

  router.get('/api/v1/limits/usage-windows', allow('viewer'), async (req, res) => {
    const range = timeRange(req, now());
    const body: UsageWindowsResponse = {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      series: await usageWindowSeries(gateway, range.from, range.to),
    };
    res.json(body);
  });

  return router;
}
