// GET /api/v1/audit: the audit log for admins (filters, JSON or CSV; the CSV is itself an export
// and recorded). POST /api/v1/exports: the dashboard tells the collector it handed a CSV to
// someone, since those files are made in the browser.
import { csvDocument } from '@burnrate/contract';
import express, { Router } from 'express';
import { z } from 'zod';
import { allow } from '../auth/policy';
import { badRequest } from '../api/errors';
import { integer, oneOf, timeRange } from '../api/queryParams';
import type { Gateway } from '../store/gateway';
import { listAudit } from './auditTable';
import { markExport } from './recorder';

const exportNotice = z.object({ what: z.string().min(1).max(200), rows: z.number().int().min(0).optional() }).strict();

const text = (value: unknown) => (typeof value === 'string' && value.length <= 200 ? value : undefined);

export function auditRouter(gateway: Gateway): Router {
  const router = Router();

  router.get('/api/v1/audit', allow('admin'), async (req, res) => {
    const format = oneOf(req, 'format', ['json', 'csv'] as const, 'json');
    const entries = await listAudit(gateway, {
      ...timeRange(req),
      limit: integer(req, 'limit', 500, 1, 10_000),
      actor: text(req.query.actor),
      action: text(req.query.action),
    });
    if (format === 'json') {
      res.json({ entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) });
      return;
    }
    markExport(res, 'audit log csv');
    const rows = entries.map((e) => [e.at.toISOString(), e.actor, e.actorKind, e.action, e.target, e.status, e.address, e.userAgent]);
    res
      .type('text/csv')
      .attachment('burnrate-audit.csv')
      .send(csvDocument(['at', 'actor', 'actor_kind', 'action', 'target', 'status', 'address', 'user_agent'], rows));
  });

  router.post('/api/v1/exports', allow('viewer'), express.json({ limit: '4kb' }), (req, res) => {
    const parsed = exportNotice.safeParse(req.body);
    if (!parsed.success) throw badRequest('the body must be {"what": "<which export>", "rows": <count>}');
    markExport(res, parsed.data.what);
    res.status(204).end();
  });

  return router;
}
