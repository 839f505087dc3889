// GET /api/v1/finance/budget-days?from&to&<filters>: the daily budget covering a spend chart's
// scope and its days, for the line and the over-budget shading on every spend chart.
import { Router } from 'express';
import { allow } from '../auth/policy';
import { filtersFrom, onlyParams, RANGE_PARAMS, timeRange } from '../api/queryParams';
import { FILTER_NAMES, nanoToUsd } from '@burnrate/contract';
import { listBudgets } from '../budgets/budgetsTable';
import type { Gateway } from '../store/gateway';
import { dailyBudgetFor, localDays, spendPerDay } from './budgetDays';
import type { BudgetDaysResponse } from './contract';

export function budgetDaysRouter(gateway: Gateway): Router {
  const router = Router();
  router.get('/api/v1/finance/budget-days', allow('viewer'), async (req, res) => {
    onlyParams(req, [...RANGE_PARAMS, ...FILTER_NAMES]);
    const range = timeRange(req);
    const budget = dailyBudgetFor(await listBudgets(gateway), filtersFrom(req));
    const body: BudgetDaysResponse = { from: range.from.toISOString(), to: range.to.toISOString(), budget: null, days: [] };
    if (budget) {
      const days = localDays(budget.timeZone, range.from, range.to);
      const spent = await spendPerDay(gateway, budget.scope, days);
      body.budget = {
        id: budget.id,
        name: budget.name,
        amountUsd: nanoToUsd(budget.amountNano),
        amountNanoUsd: budget.amountNano.toString(),
        timeZone: budget.timeZone,
      };
      body.days = days.map((d, i) => ({
        day: d.day,
        start: d.start.toISOString(),
        end: d.end.toISOString(),
        spentUsd: nanoToUsd(spent[i]!),
        spentNanoUsd: spent[i]!.toString(),
        over: spent[i]! >= budget.amountNano,
      }));
    }
    res.json(body);
  });
  return router;
}
