// GET /api/v1/calls (a page of the call list: filters, q, sort, order, offset, limit, from, to)
// and GET /api/v1/calls/:traceId/:spanId (one call and its attempts; ?at= narrows the search).
import { Router } from 'express';
import type { Gateway } from '../store/gateway';
import { callDetail } from '../store/query/callDetail';
import { listCalls } from '../store/query/callsList';
import { SEARCH_MAX_OFFSET, searchCallsByTime } from '../store/query/callsSearch';
import { CALL_SORTS, FILTER_NAMES, type CallDetailResponse, type CallsResponse } from '@burnrate/contract';
import { badRequest, HttpError } from '../api/errors';
import { filtersFrom, integer, MAX_RANGE_DAYS, oneOf, onlyParams, RANGE_PARAMS, searchFrom, timeRange } from '../api/queryParams';
import { handle } from './handle';
import { allow } from '../auth/policy';

const MAX_OFFSET = 1_000_000;

function instantParam(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(text) || Number.isNaN(date.getTime())) {
    throw badRequest('at must be an ISO 8601 time such as 2026-11-21T10:00:00.123Z');
  }
  return date;
}

export function callsRouter(gateway: Gateway): Router {
  const router = Router();
  router.get(
    '/api/v1/calls',
    allow('viewer'),
    handle(async (req, res) => {
      onlyParams(req, ['q', 'sort', 'order', 'offset', 'limit', ...RANGE_PARAMS, ...FILTER_NAMES]);
      const range = timeRange(req);
      const request = {
        ...range,
        filters: filtersFrom(req),
        q: searchFrom(req),
        sort: oneOf(req, 'sort', CALL_SORTS, 'time'),
        order: oneOf(req, 'order', ['asc', 'desc'] as const, 'desc'),
        offset: integer(req, 'offset', 0, 0, MAX_OFFSET),
        limit: integer(req, 'limit', 100, 1, 500),
      };
      // Searched by time (the screen's default) and not deep: the search's own plan (callsSearch.ts).
      const searched = request.q !== undefined && request.sort === 'time' && request.offset <= SEARCH_MAX_OFFSET;
      const { rows, total } =
        (searched ? await searchCallsByTime(gateway, { ...request, q: request.q! }) : undefined) ?? (await listCalls(gateway, request, true));
      const body: CallsResponse = {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        rows,
        total,
        offset: request.offset,
        limit: request.limit,
        sort: request.sort,
        order: request.order,
      };
      res.json(body);
    }),
  );

  router.get(
    '/api/v1/calls/:traceId/:spanId',
    allow('viewer'),
    handle(async (req, res) => {
      onlyParams(req, ['at']);
      const traceId = String(req.params.traceId);
      const spanId = String(req.params.spanId);
      if (!/^[0-9a-f]{32}$/.test(traceId)) throw badRequest('traceId must be 32 lowercase hex digits');
      if (!/^[0-9a-f]{16}$/.test(spanId)) throw badRequest('spanId must be 16 lowercase hex digits');
      const at = instantParam(typeof req.query.at === 'string' ? req.query.at : req.query.at === undefined ? undefined : '');
      const now = Date.now();
      // With the call's time the search reads one partition's hour; without, every day we keep.
      const range = at
        ? { from: new Date(at.getTime() - 1000), to: new Date(at.getTime() + 1000) }
        : { from: new Date(now - MAX_RANGE_DAYS * 86_400_000), to: new Date(now + 86_400_000) };
      const found = await callDetail(gateway, { traceId, spanId }, range);
      if (!found) throw new HttpError(404, 'not_found', `no call ${traceId}/${spanId}${at ? ` at ${at.toISOString()}` : ''}`);
      const body: CallDetailResponse = found;
      res.json(body);
    }),
  );
  return router;
}
