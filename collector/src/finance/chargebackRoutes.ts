// GET /api/v1/chargeback (JSON), /api/v1/chargeback.csv and /api/v1/chargeback/focus.csv: a
// month's spend split by team, project, tenant, user, service or feature. Thin: validate, query,
// shape. Months are UTC calendar months, as Anthropic invoices them.
import { Router, type Request, type Response } from 'express';
import { markExport } from '../audit/recorder';
import { allow } from '../auth/policy';
import { badRequest } from '../api/errors';
import { integer, oneOf, onlyParams } from '../api/queryParams';
import type { Gateway } from '../store/gateway';
import { shapeChargeback } from './chargeback';
import { chargebackCsv } from './chargebackCsv';
import { chargebackCells } from './chargebackQuery';
import { CHARGEBACK_DIMENSIONS, type ChargebackResponse } from './contract';
import { focusCells, focusCsv } from './focusExport';
import { monthKey, monthsEndingWith, monthStart, parseMonth } from './months';

const MAX_MONTHS = 13;

function monthParam(req: Request, now: Date): Date {
  const text = req.query.month;
  if (text === undefined) return monthStart(now);
  const start = typeof text === 'string' ? parseMonth(text) : undefined;
  if (!start) throw badRequest('month must be a month as YYYY-MM, such as 2026-11');
  return start;
}

function attachment(res: Response, name: string): void {
  res.type('text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${name}"`);
}

export function chargebackRouter(gateway: Gateway, now: () => Date = () => new Date()): Router {
  const router = Router();

  async function report(req: Request): Promise<ChargebackResponse> {
    onlyParams(req, ['by', 'month', 'months']);
    const by = oneOf(req, 'by', CHARGEBACK_DIMENSIONS, 'team');
    const start = monthParam(req, now());
    const count = integer(req, 'months', 3, 1, MAX_MONTHS);
    const from = monthStart(start, 1 - count);
    const end = monthStart(start, 1);
    const cells = await chargebackCells(gateway, by, from, end);
    return shapeChargeback({ by, months: monthsEndingWith(start, count), periodStart: start, periodEnd: end, cells });
  }

  router.get('/api/v1/chargeback', allow('viewer'), async (req, res) => {
    res.json(await report(req));
  });

  router.get('/api/v1/chargeback.csv', allow('viewer'), async (req, res) => {
    const body = await report(req);
    attachment(res, `burnrate-chargeback-${body.by}-${body.month}.csv`);
    markExport(res, `chargeback ${body.by} ${body.month}`);
    res.send(chargebackCsv(body));
  });

  router.get('/api/v1/chargeback/focus.csv', allow('viewer'), async (req, res) => {
    onlyParams(req, ['month']);
    const start = monthParam(req, now());
    const end = monthStart(start, 1);
    const { cells, unpricedCalls } = await focusCells(gateway, start, end);
    attachment(res, `burnrate-focus-${monthKey(start)}.csv`);
    markExport(res, `focus ${monthKey(start)}`);
    res.setHeader('x-burnrate-unpriced-calls', String(unpricedCalls));
    res.send(focusCsv(cells, start, end));
  });

  return router;
}
