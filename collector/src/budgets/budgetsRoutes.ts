// /api/v1/budgets: create, list, change and remove budgets, and GET /api/v1/budgets/status,
// each budget's spend, remainder and projection right now. Thin: validate, call the store.
import { Router } from 'express';
import { budgetInputOf, budgetInputSchema } from './budget';
import { createBudget, deleteBudget, getBudget, listBudgets, replaceBudget } from './budgetsTable';
import { type BudgetListResponse, type BudgetStatusResponse, usdToNano } from '@burnrate/contract';
import { budgetStatuses, budgetToApi } from './status';
import type { Gateway } from '../store/gateway';
import { jsonBody, notFound, param, patchBody, validated } from '../api/routeHelpers';
import { allow } from '../auth/policy';
import { requireInScope } from '../auth/adminScope';

export function budgetsRouter(deps: { gateway: Gateway; now?: () => Date }): Router {
  const { gateway } = deps;
  const now = deps.now ?? (() => new Date());
  const router = Router();

  router.get('/api/v1/budgets', allow('viewer'), async (_req, res) => {
    const body: BudgetListResponse = { budgets: (await listBudgets(gateway)).map(budgetToApi) };
    res.json(body);
  });

  router.get('/api/v1/budgets/status', allow('guard'), async (_req, res) => {
    const at = now();
    // A key scoped to a project sees no other project's budgets (its spans carry its project).
    const keyProject = res.locals.ingestProject as string | undefined;
    const visible = (await listBudgets(gateway)).filter((b) => !keyProject || b.scope.kind !== 'project' || b.scope.value === keyProject);
    const body: BudgetStatusResponse = { at: at.toISOString(), budgets: await budgetStatuses(gateway, visible, at) };
    res.json(body);
  });

  // An admin limited to some teams (projects, tenants) manages the budgets of those only; reads of
  // the others are already filtered out by the store, so theirs answer 404 here.
  const requireOwnBudget = (res: Parameters<typeof requireInScope>[0], scope: { kind: string; value: string }) =>
    requireInScope(res, 'the budget', scope.kind, scope.value);

  router.post('/api/v1/budgets', allow('scoped-admin'), jsonBody, async (req, res) => {
    const input = validated(budgetInputSchema, req.body);
    requireOwnBudget(res, input.scope);
    res.status(201).json(budgetToApi(await createBudget(gateway, input, now())));
  });

  router.get('/api/v1/budgets/:id', allow('viewer'), async (req, res) => {
    const budget = await getBudget(gateway, param(req, 'id'));
    if (!budget) throw notFound('budget', param(req, 'id'));
    res.json(budgetToApi(budget));
  });

  router.patch('/api/v1/budgets/:id', allow('scoped-admin'), jsonBody, async (req, res) => {
    const patch = patchBody(req.body);
    const existing = await getBudget(gateway, param(req, 'id'));
    if (!existing) throw notFound('budget', param(req, 'id'));
    const input = validated(budgetInputSchema, { ...budgetInputOf(existing), ...patch });
    requireOwnBudget(res, existing.scope);
    requireOwnBudget(res, input.scope);
    const amountNano = 'amountUsd' in patch ? usdToNano(input.amountUsd)! : existing.amountNano;
    res.json(budgetToApi(await replaceBudget(gateway, existing, input, amountNano, now())));
  });

  router.delete('/api/v1/budgets/:id', allow('scoped-admin'), async (req, res) => {
    const existing = await getBudget(gateway, param(req, 'id'));
    if (!existing) throw notFound('budget', param(req, 'id'));
    requireOwnBudget(res, existing.scope);
    await deleteBudget(gateway, existing, now());
    res.status(204).end();
  });

  return router;
}
