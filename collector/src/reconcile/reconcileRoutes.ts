// GET /api/v1/reconciliation?from&to: burnrate's estimate beside Anthropic's report, per UTC day
// and model, with the drift. from/to are ISO 8601 and widened to whole UTC days, the unit of
// Anthropic's report; the default is the last 30 days, today included.
import { Router, type Request } from 'express';
import { nanoToUsd, type ReconciliationResponse, type ReconciliationRow } from '@burnrate/contract';
import type { PullOutcome } from './puller';
import type { ReconciledRow } from './reconcileRows';
import { reconciliation } from './reconciliationQuery';
import type { Gateway } from '../store/gateway';
import { timeRange } from '../api/queryParams';
import { allow } from '../auth/policy';

export interface ReconcileRouteDeps {
  gateway: Gateway;
  pullStatus: () => { configured: boolean; last: PullOutcome | undefined };
  now?: () => Date;
}

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function dayRange(req: Request, now: Date): { fromDay: string; toDay: string } {
  const given = req.query.from !== undefined || req.query.to !== undefined;
  const tomorrow = Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS;
  const { from, to } = given ? timeRange(req, now) : { from: new Date(tomorrow - DEFAULT_DAYS * DAY_MS), to: new Date(tomorrow) };
  return { fromDay: utcDay(Math.floor(from.getTime() / DAY_MS) * DAY_MS), toDay: utcDay(Math.ceil(to.getTime() / DAY_MS) * DAY_MS) };
}

function toApiRow(row: ReconciledRow): ReconciliationRow {
  const e = row.estimate;
  const r = row.reported;
  return {
    day: row.day,
    model: row.model,
    estimate: {
      calls: e.calls,
      costUsd: nanoToUsd(e.costNano),
      costNanoUsd: e.costNano.toString(),
      unpricedCalls: e.unpricedCalls,
      inputTokens: e.inputTokens,
      outputTokens: e.outputTokens,
      cacheReadTokens: e.cacheReadTokens,
      cacheWrite5mTokens: e.cacheWrite5mTokens,
      cacheWrite1hTokens: e.cacheWrite1hTokens,
    },
    reported: r && {
      costUsd: nanoToUsd(r.costNano),
      costNanoUsd: r.costNano.toString(),
      listCostUsd: nanoToUsd(r.listCostNano),
      listCostNanoUsd: r.listCostNano.toString(),
      otherCostUsd: nanoToUsd(r.otherCostNano),
      otherCostNanoUsd: r.otherCostNano.toString(),
      requests: r.requests,
      inputTokens: r.uncachedInputTokens,
      outputTokens: r.outputTokens,
      cacheReadTokens: r.cacheReadTokens,
      cacheWrite5mTokens: r.cacheWrite5mTokens,
      cacheWrite1hTokens: r.cacheWrite1hTokens,
    },
    driftPercent: row.driftPercent,
    complete: row.complete,
  };
}

export function reconcileRouter(deps: ReconcileRouteDeps): Router {
  const router = Router();
  router.get('/api/v1/reconciliation', allow('viewer'), async (req, res) => {
    const { fromDay, toDay } = dayRange(req, deps.now?.() ?? new Date());
    const rows = await reconciliation(deps.gateway, fromDay, toDay);
    const status = deps.pullStatus();
    const body: ReconciliationResponse = {
      from: `${fromDay}T00:00:00.000Z`,
      to: `${toDay}T00:00:00.000Z`,
      anthropicConfigured: status.configured,
      lastPull: status.last ? { at: status.last.at.toISOString(), ok: status.last.ok, error: status.last.error, days: status.last.days } : null,
      rows: rows.map(toApiRow),
    };
    res.json(body);
  });
  return router;
}
