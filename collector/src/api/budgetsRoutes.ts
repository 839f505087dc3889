// /api/v1/budgets: create, list, change and remove budgets, and GET /api/v1/budgets/status,
// each budget's spend, remainder and projection right now. Thin: validate, call the store.
import express, { Router, type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import { budgetInputOf, budgetInputSchema } from '../budgets/budget';
import { createBudget, deleteBudget, getBudget, listBudgets, replaceBudget } from '../budgets/budgetsTable';
import { usdToNano } from '../budgets/money';
import { budgetStatuses, budgetToApi } from '../budgets/status';
import { describeIssues } from '../budgets/validation';
import type { Gateway } from '../store/gateway';
import type { BudgetListResponse, BudgetStatusResponse } from '@burnrate/contract';
import { badRequest, HttpError } from './errors';
import { allow } from '../auth/policy';

const parseJson = express.json({ limit: '64kb' });

/** JSON bodies for the config APIs; a body that is not JSON is a 400 that says so, not a 500. */
export const jsonBody: RequestHandler = (req, res, next) => {
  parseJson(req, res, (error?: unknown) => {
    if (error) next(new HttpError((error as { status?: number }).status === 413 ? 413 : 400, (error as { status?: number }).status === 413 ? 'too_large' : 'bad_request', `the body is not valid JSON: ${(error as Error).message}`));
    else next();
  });
};

export function validated<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(describeIssues(parsed.error));
  return parsed.data;
}

export function patchBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body must be a JSON object of the fields to change');
  return body as Record<string, unknown>;
}

export const param = (req: Request, name: string) => String(req.params[name]);

export const notFound = (what: string, id: string) => new HttpError(404, 'not_found', `no ${what} with id ${JSON.stringify(id.slice(0, 100))}`);

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

  router.post('/api/v1/budgets', allow('admin'), jsonBody, async (req, res) => {
    const input = validated(budgetInputSchema, req.body);
    res.status(201).json(budgetToApi(await createBudget(gateway, input, now())));
  });

  router.get('/api/v1/budgets/:id', allow('viewer'), async (req, res) => {
    const budget = await getBudget(gateway, param(req, 'id'));
    if (!budget) throw notFound('budget', param(req, 'id'));
    res.json(budgetToApi(budget));
  });

  router.patch('/api/v1/budgets/:id', allow('admin'), jsonBody, async (req, res) => {
    const patch = patchBody(req.body);
    const existing = await getBudget(gateway, param(req, 'id'));
    if (!existing) throw notFound('budget', param(req, 'id'));
    const input = validated(budgetInputSchema, { ...budgetInputOf(existing), ...patch });
    const amountNano = 'amountUsd' in patch ? usdToNano(input.amountUsd)! : existing.amountNano;
    res.json(budgetToApi(await replaceBudget(gateway, existing, input, amountNano, now())));
  });

  router.delete('/api/v1/budgets/:id', allow('admin'), async (req, res) => {
    const existing = await getBudget(gateway, param(req, 'id'));
    if (!existing) throw notFound('budget', param(req, 'id'));
    await deleteBudget(gateway, existing, now());
    res.status(204).end();
  });

  return router;
}
