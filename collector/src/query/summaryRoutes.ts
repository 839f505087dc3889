// GET /api/v1/summary and /api/v1/breakdown: totals for a time range, and per dimension, for the
// calls the filters select (service, team, project, feature, user, model, route, status).
import { Router } from 'express';
import { BREAKDOWN_DIMENSIONS, type BreakdownResponse, FILTER_NAMES, nanoToUsd, type SummaryResponse } from '@burnrate/contract';
import type { Gateway } from '../store/gateway';
import { attemptTotals, breakdownTotals, callTotals, unpricedModels, type CallTotals } from '../store/summaryQueries';
import { filtersFrom, integer, oneOf, onlyParams, RANGE_PARAMS, timeRange } from '../api/queryParams';
import { allow } from '../auth/policy';

function totalsToApi(t: CallTotals) {
  return {
    calls: t.calls,
    errors: t.errors,
    costUsd: nanoToUsd(t.cost_nano),
    costNanoUsd: t.cost_nano.toString(),
    unpricedCalls: t.unpriced_calls,
    inputTokens: t.input_tokens,
    outputTokens: t.output_tokens,
    cacheReadTokens: t.cache_read_tokens,
    cacheWrite5mTokens: t.cache_write_5m_tokens,
    cacheWrite1hTokens: t.cache_write_1h_tokens,
  };
}

export function summaryRouter(gateway: Gateway): Router {
  const router = Router();

  router.get('/api/v1/summary', allow('viewer'), async (req, res) => {
    onlyParams(req, [...RANGE_PARAMS, ...FILTER_NAMES]);
    const range = timeRange(req);
    const scope = { ...range, filters: filtersFrom(req) };
    const [calls, attempts] = await Promise.all([callTotals(gateway, scope), attemptTotals(gateway, scope)]);
    // Which models lack a price is a third query; only worth asking when some call lacks one.
    const models = calls.unpriced_calls > 0 ? await unpricedModels(gateway, scope) : [];
    const body: SummaryResponse = {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      ...totalsToApi(calls),
      attempts: attempts.attempts,
      retriedAttempts: attempts.retried,
      rateLimitedAttempts: attempts.rate_limited,
      overloadedAttempts: attempts.overloaded,
      unknownStatusAttempts: attempts.unknown_status,
      unpricedModels: models,
    };
    res.json(body);
  });

  router.get('/api/v1/breakdown', allow('viewer'), async (req, res) => {
    onlyParams(req, ['by', 'limit', ...RANGE_PARAMS, ...FILTER_NAMES]);
    const by = oneOf(req, 'by', BREAKDOWN_DIMENSIONS);
    const range = timeRange(req);
    const limit = integer(req, 'limit', 100, 1, 1000);
    const rows = await breakdownTotals(gateway, by, { ...range, filters: filtersFrom(req) }, limit);
    const body: BreakdownResponse = {
      by,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      rows: rows.map((row) => ({ key: row.key, ...totalsToApi(row) })),
    };
    res.json(body);
  });

  return router;
}
