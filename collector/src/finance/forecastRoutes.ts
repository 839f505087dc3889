// GET /api/v1/finance/forecast?period&timeZone&<filters>: a scope's period-end forecast (the
// Overview's month-end card); GET /api/v1/finance/budget-forecasts: every budget's, for its own
// scope, period and time zone (the Budgets screen).
import { Router } from 'express';
import { FILTER_NAMES, nanoToUsd } from '@burnrate/contract';
import { badRequest } from '../api/errors';
import { filtersFrom, oneOf, onlyParams } from '../api/queryParams';
import { allow } from '../auth/policy';
import { listBudgets } from '../budgets/budgetsTable';
import { isTimeZone } from '../budgets/period';
import type { Gateway } from '../store/gateway';
import { scopeOfFilters } from './budgetDays';
import type { BudgetForecastsResponse, ForecastResponse } from './contract';
import { forecastFor } from './forecastQuery';

export function forecastRouter(gateway: Gateway, now: () => Date): Router {
  const router = Router();

  router.get('/api/v1/finance/forecast', allow('viewer'), async (req, res) => {
    onlyParams(req, ['period', 'timeZone', ...FILTER_NAMES]);
    const period = oneOf(req, 'period', ['day', 'month'] as const, 'month');
    const timeZone = req.query.timeZone ?? 'UTC';
    if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) throw badRequest('timeZone must be an IANA time zone such as UTC or Europe/Berlin');
    const scope = scopeOfFilters(filtersFrom(req));
    if (!scope) throw badRequest('a forecast takes no filter, or one filter of one value (service, team, project, feature, user or model)');
    const body: ForecastResponse = await forecastFor(gateway, scope, period, timeZone, now());
    res.json(body);
  });

  router.get('/api/v1/finance/budget-forecasts', allow('viewer'), async (req, res) => {
    onlyParams(req, []);
    const at = now();
    const forecasts: BudgetForecastsResponse['forecasts'] = [];
    // One after the other: budgets are few, and this keeps the store's load flat.
    for (const budget of await listBudgets(gateway)) {
      const forecast = await forecastFor(gateway, budget.scope, budget.period, budget.timeZone, at);
      forecasts.push({
        budgetId: budget.id,
        forecast,
        amountUsd: nanoToUsd(budget.amountNano),
        projectedToExceed: BigInt(forecast.projectedNanoUsd) >= budget.amountNano,
        highExceeds: BigInt(forecast.highNanoUsd) >= budget.amountNano,
      });
    }
    const body: BudgetForecastsResponse = { at: at.toISOString(), forecasts };
    res.json(body);
  });

  return router;
}
