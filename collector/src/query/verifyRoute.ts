// POST /api/v1/admin/verify: compare every rollup with its raw rows hour by hour (calls, tokens,
// nano-dollars), rebuild what differs when `repair` is set, and answer what it found and changed.
// The same as `burnrate verify`, for a collector that holds the embedded store.
import { Router } from 'express';
import { z } from 'zod';
import { allow } from '../auth/policy';
import type { Gateway } from '../store/gateway';
import { DEFAULT_VERIFY_DAYS, verifyResponse, verifyRollups } from '../store/query/rollupIntegrity';
import { jsonBody, validated } from '../api/routeHelpers';
import { badRequest } from '../api/errors';
import { handle } from './handle';

const verifySchema = z.object({ from: z.string().min(1).optional(), to: z.string().min(1).optional(), repair: z.boolean().optional() }).strict();

export function verifyRouter(gateway: Gateway): Router {
  const router = Router();
  router.post(
    '/api/v1/admin/verify',
    allow('admin'),
    jsonBody,
    handle(async (req, res) => {
      const body = validated(verifySchema, req.body ?? {});
      const to = body.to ? new Date(body.to) : new Date();
      const from = body.from ? new Date(body.from) : new Date(to.getTime() - DEFAULT_VERIFY_DAYS * 86_400_000);
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) throw badRequest('from and to must be ISO 8601 times, from before to');
      const repair = body.repair ?? false;
      res.json(verifyResponse(await verifyRollups(gateway, { from, to, repair }), repair));
    }),
  );
  return router;
}
