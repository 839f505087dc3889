// GET /api/v1/prices (the row in force per model, and whether it is a list price or the user's
// file), GET /api/v1/spend/lines (the bill's lines over a range) and GET
// /api/v1/retirements/notice (yesterday's calls to models retiring soon; `at` stands in for now).
import { Router } from 'express';
import { allow } from '../auth/policy';
import { z } from 'zod';
import { jsonBody, validated } from '../api/routeHelpers';
import { FILTER_NAMES, type CostLinesResponse, type PricesResponse, type RepriceReport } from '@burnrate/contract';
import { badRequest } from '../api/errors';
import { handle } from '../query/handle';
import { filtersFrom, onlyParams, RANGE_PARAMS, timeRange } from '../api/queryParams';
import type { PriceTable } from '../pricing/priceTable';
import type { Gateway } from '../store/gateway';
import { costLines } from './costLinesQuery';
import { rowsInForce } from './priceRows';
import { repriceHistory } from './reprice';
import { retirementNotice } from './retirementNotice';

/** `at` as a day (YYYY-MM-DD, its 00:00 UTC) or an instant; now when absent. */
export function parseAt(value: unknown, now = new Date()): Date {
  if (value === undefined || value === '') return now;
  const at = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(at.getTime())) throw badRequest('at must be a date (YYYY-MM-DD) or an ISO 8601 time');
  return at;
}

export function billingRouter(gateway: Gateway, prices: PriceTable): Router {
  const router = Router();
  router.get(
    '/api/v1/prices',
    allow('viewer'),
    handle(async (req, res) => {
      onlyParams(req, ['model', 'at']);
      const at = parseAt(req.query.at);
      const model = typeof req.query.model === 'string' && req.query.model.trim() !== '' ? req.query.model : undefined;
      const body: PricesResponse = { at: at.toISOString(), rows: rowsInForce(prices, at, model) };
      res.json(body);
    }),
  );
  router.get(
    '/api/v1/spend/lines',
    allow('viewer'),
    handle(async (req, res) => {
      onlyParams(req, [...RANGE_PARAMS, ...FILTER_NAMES]);
      const range = timeRange(req);
      const lines = await costLines(gateway, { ...range, filters: filtersFrom(req) });
      const body: CostLinesResponse = { from: range.from.toISOString(), to: range.to.toISOString(), ...lines };
      res.json(body);
    }),
  );
  router.get(
    '/api/v1/retirements/notice',
    allow('viewer'),
    handle(async (req, res) => {
      onlyParams(req, ['at']);
      res.json(await retirementNotice(gateway, parseAt(req.query.at)));
    }),
  );
  // Admin: recompute stored costs after a price change (the table in force is this collector's).
  router.post(
    '/api/v1/admin/reprice',
    allow('admin'),
    jsonBody,
    handle(async (req, res) => {
      const body = validated(repriceSchema, req.body);
      const from = new Date(body.from);
      const to = new Date(body.to);
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) throw badRequest('from and to must be ISO 8601 times, from before to');
      const report: RepriceReport = await repriceHistory(gateway, prices, { from, to, model: body.model, dryRun: body.dryRun });
      res.json(report);
    }),
  );
  return router;
}

const repriceSchema = z
  .object({ from: z.string().min(1), to: z.string().min(1), model: z.string().trim().min(1).max(128).optional(), dryRun: z.boolean().optional() })
  .strict();
