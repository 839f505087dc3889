// /api/v1/alerts: rules and channels (create, list, change, remove), the delivery log, and
// "evaluate now" (what is firing, the history, acknowledgements and silences: alertLifecycleRoutes.ts). Thin: validate, call the store.
import { Router } from 'express';
import { channelInputSchema, channelToApi } from './channel';
import { checkDestination, OutboundRefusedError, type OutboundPolicy } from './outbound';
import { deleteChannel, getChannel, listChannels, saveChannel } from './channelsTable';
import { listDeliveries } from './deliveriesTable';
import type { AlertEvaluator } from './evaluator';
import { ruleInputSchema, ruleToApi, type ValidRuleInput } from './rule';
import { deleteRule, getRule, listRules, saveRule } from './rulesTable';
import type { Gateway } from '../store/gateway';
import { jsonBody, notFound, param, patchBody, validated } from '../api/routeHelpers';
import type { AlertChannelListResponse, AlertDeliveriesResponse, AlertRuleListResponse } from '@burnrate/contract';
import { badRequest, HttpError } from '../api/errors';
import { integer, timeRange } from '../api/queryParams';
import { allow } from '../auth/policy';
import { callerScope } from '../auth/adminScope';
import { listBudgets } from '../budgets/budgetsTable';
import { describeScope } from '../store/readScope';
import type { Response } from 'express';

export interface AlertsRouteDeps {
  gateway: Gateway;
  evaluator: AlertEvaluator;
  outbound: OutboundPolicy;
}

/** A channel may not point inside the collector's network (see alerts/outbound.ts). */
async function checkChannelUrl(url: string, outbound: OutboundPolicy): Promise<void> {
  try {
    await checkDestination(url, outbound);
  } catch (error) {
    if (error instanceof OutboundRefusedError) throw badRequest(`url: ${error.message}`);
    throw error;
  }
}

async function checkChannelIds(gateway: Gateway, input: ValidRuleInput): Promise<void> {
  if (input.channelIds.length === 0) return;
  const known = new Set((await listChannels(gateway)).map((c) => c.id));
  const unknown = input.channelIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw badRequest(`channelIds: no channel with id ${unknown.map((id) => JSON.stringify(id)).join(', ')}`);
}

/**
 * An admin limited to some teams (projects, tenants) manages only rules that watch budgets of
 * theirs, named by id: every other rule watches the whole organisation. Their budget list is
 * already limited by the store, so an id not in it is another team's.
 */
async function requireOwnRule(res: Response, gateway: Gateway, input: ValidRuleInput): Promise<void> {
  const scope = callerScope(res);
  if (!scope) return;
  const condition = input.condition;
  const budgetIds = 'budgetIds' in condition ? condition.budgetIds : [];
  const own = new Set((await listBudgets(gateway)).map((b) => b.id));
  if (budgetIds.length > 0 && budgetIds.every((id) => own.has(id))) return;
  throw new HttpError(
    403,
    'forbidden',
    `your access is limited to ${describeScope(scope)}; you can manage rules that watch budgets of yours (a budget condition naming their ids), not rules over the whole organisation`,
  );
}

export function alertsRouter({ gateway, evaluator, outbound }: AlertsRouteDeps): Router {
  const router = Router();

  router.get('/api/v1/alerts/rules', allow('viewer'), async (_req, res) => {
    const body: AlertRuleListResponse = { rules: (await listRules(gateway)).map(ruleToApi) };
    res.json(body);
  });

  router.post('/api/v1/alerts/rules', allow('scoped-admin'), jsonBody, async (req, res) => {
    const input = validated(ruleInputSchema, req.body);
    await requireOwnRule(res, gateway, input);
    await checkChannelIds(gateway, input);
    res.status(201).json(ruleToApi(await saveRule(gateway, input)));
  });

  router.get('/api/v1/alerts/rules/:id', allow('viewer'), async (req, res) => {
    const rule = await getRule(gateway, param(req, 'id'));
    if (!rule) throw notFound('alert rule', param(req, 'id'));
    res.json(ruleToApi(rule));
  });

  router.patch('/api/v1/alerts/rules/:id', allow('scoped-admin'), jsonBody, async (req, res) => {
    const patch = patchBody(req.body);
    const existing = await getRule(gateway, param(req, 'id'));
    if (!existing) throw notFound('alert rule', param(req, 'id'));
    const { name, enabled, severity, channelIds, condition } = existing;
    const input = validated(ruleInputSchema, { name, enabled, severity, channelIds, condition, ...patch });
    await requireOwnRule(res, gateway, input);
    await checkChannelIds(gateway, input);
    res.json(ruleToApi(await saveRule(gateway, input, existing)));
  });

  router.delete('/api/v1/alerts/rules/:id', allow('scoped-admin'), async (req, res) => {
    const existing = await getRule(gateway, param(req, 'id'));
    if (!existing) throw notFound('alert rule', param(req, 'id'));
    await deleteRule(gateway, existing);
    res.status(204).end();
  });

  router.get('/api/v1/alerts/channels', allow('viewer'), async (_req, res) => {
    const body: AlertChannelListResponse = { channels: (await listChannels(gateway)).map(channelToApi) };
    res.json(body);
  });

  router.post('/api/v1/alerts/channels', allow('admin'), jsonBody, async (req, res) => {
    const input = validated(channelInputSchema, req.body);
    await checkChannelUrl(input.url, outbound);
    res.status(201).json(channelToApi(await saveChannel(gateway, input)));
  });

  router.patch('/api/v1/alerts/channels/:id', allow('admin'), jsonBody, async (req, res) => {
    const patch = patchBody(req.body);
    const existing = await getChannel(gateway, param(req, 'id'));
    if (!existing) throw notFound('alert channel', param(req, 'id'));
    // The stored URL and secret stay unless the patch gives new ones (the API never shows them).
    const { name, kind, url, secret, enabled } = existing;
    const input = validated(channelInputSchema, { name, kind, url, secret: secret || undefined, enabled, ...patch });
    await checkChannelUrl(input.url, outbound);
    res.json(channelToApi(await saveChannel(gateway, input, existing)));
  });

  router.delete('/api/v1/alerts/channels/:id', allow('admin'), async (req, res) => {
    const existing = await getChannel(gateway, param(req, 'id'));
    if (!existing) throw notFound('alert channel', param(req, 'id'));
    await deleteChannel(gateway, existing);
    res.status(204).end();
  });

  router.post('/api/v1/alerts/evaluate', allow('admin'), async (_req, res) => {
    const { fired, resolved } = await evaluator.evaluateOnce();
    res.json({ fired: fired.length, resolved: resolved.length });
  });

  // /active and /history (with acknowledgements and filters) are in alertLifecycleRoutes.ts.

  router.get('/api/v1/alerts/deliveries', allow('viewer'), async (req, res) => {
    const range = timeRange(req);
    const deliveries = await listDeliveries(gateway, range, integer(req, 'limit', 200, 1, 1000));
    const body: AlertDeliveriesResponse = { from: range.from.toISOString(), to: range.to.toISOString(), deliveries };
    res.json(body);
  });

  return router;
}
