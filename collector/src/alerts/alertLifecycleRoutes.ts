// /api/v1/alerts: acknowledging a firing alert, silences (create, list, end), and the history
// filtered by rule, severity, status and kind. Thin: validate, call the store.
import { Router, type Response } from 'express';
import { causeView } from './causeLink';
import { ackKey, listAcks, saveAck } from './lifecycle/acksTable';
import { silenceInputSchema, type SilenceRecord } from './lifecycle/silence';
import { endSilence, listSilences, saveSilence } from './lifecycle/silencesTable';
import type { AlertEvaluator } from './evaluator';
import { listEvents } from './eventsTable';
import { stateToActive } from './stateTable';
import type { Principal } from '../auth/policy';
import { allow } from '../auth/policy';
import type { Gateway } from '../store/gateway';
import { jsonBody, notFound, param, validated } from '../api/routeHelpers';
import {
  ALERT_RULE_KINDS,
  ALERT_SEVERITIES,
  type ActiveAlertsResponse,
  type AlertAck,
  type AlertHistoryResponse,
  type AlertSilence,
  type AlertSilenceListResponse,
} from '@burnrate/contract';
import { badRequest } from '../api/errors';
import { integer, oneOf, timeRange } from '../api/queryParams';
import { z } from 'zod';

export interface LifecycleRouteDeps {
  gateway: Gateway;
  evaluator: AlertEvaluator;
  now?: () => Date;
}

const RECENT_SILENCES_MS = 7 * 86_400_000;
const HISTORY_ACKS_MS = 400 * 86_400_000;

/** Who did it, for the record: the signed-in user, else what the collector knows of the caller. */
function actor(res: Response): string {
  const principal = res.locals.principal as Principal | undefined;
  if (principal?.kind === 'user') return principal.user.username;
  if (principal?.kind === 'key') return `key ${principal.key.name}`;
  return 'local user (auth off)';
}

function silenceToApi(s: SilenceRecord, now: Date): AlertSilence {
  return { ...s, endsAt: s.endsAt.toISOString(), createdAt: s.createdAt.toISOString(), active: s.endsAt > now };
}

const ackSchema = z.object({ ruleId: z.string().min(1).max(100), subject: z.string().min(1).max(300), note: z.string().trim().max(500).default('') }).strict();

export function alertLifecycleRouter({ gateway, evaluator, now = () => new Date() }: LifecycleRouteDeps): Router {
  const router = Router();

  const acksFor = async (since: Date) =>
    new Map((await listAcks(gateway, since)).map((a) => [ackKey(a), { by: a.by, at: a.at.toISOString(), note: a.note } satisfies AlertAck]));

  // What is firing now, each with its acknowledgement and the view that shows its cause.
  router.get('/api/v1/alerts/active', allow('viewer'), async (_req, res) => {
    const active = await evaluator.active();
    const oldest = active.reduce((min, s) => (s.startedAt < min ? s.startedAt : min), now());
    const acks = active.length > 0 ? await acksFor(oldest) : new Map<string, AlertAck>();
    const body: ActiveAlertsResponse = {
      alerts: active.map((s) => ({
        ...stateToActive(s),
        acknowledged: acks.get(ackKey(s)) ?? null,
        view: causeView({ ...s, at: now().toISOString(), startedAt: s.startedAt.toISOString() }),
      })),
    };
    res.json(body);
  });

  router.post('/api/v1/alerts/ack', allow('admin'), jsonBody, async (req, res) => {
    const input = validated(ackSchema, req.body);
    const firing = (await evaluator.active()).find((s) => s.ruleId === input.ruleId && s.subject === input.subject);
    if (!firing) throw notFound('firing alert', `${input.ruleId} ${input.subject}`);
    const ack = { ruleId: firing.ruleId, subject: firing.subject, startedAt: firing.startedAt, by: actor(res), at: now(), note: input.note };
    await saveAck(gateway, ack);
    res.json({ by: ack.by, at: ack.at.toISOString(), note: ack.note } satisfies AlertAck);
  });

  router.get('/api/v1/alerts/silences', allow('viewer'), async (_req, res) => {
    const at = now();
    const body: AlertSilenceListResponse = { silences: (await listSilences(gateway, at, RECENT_SILENCES_MS)).map((s) => silenceToApi(s, at)) };
    res.json(body);
  });

  router.post('/api/v1/alerts/silences', allow('admin'), jsonBody, async (req, res) => {
    const at = now();
    const input = validated(silenceInputSchema(at), req.body);
    res.status(201).json(silenceToApi(await saveSilence(gateway, input, actor(res), at), at));
  });

  router.delete('/api/v1/alerts/silences/:id', allow('admin'), async (req, res) => {
    const at = now();
    const silence = (await listSilences(gateway, at)).find((s) => s.id === param(req, 'id'));
    if (!silence) throw notFound('running silence', param(req, 'id'));
    await endSilence(gateway, silence);
    res.status(204).end();
  });

  // Transitions, newest first, filtered; each with its firing's acknowledgement and its cause's view.
  router.get('/api/v1/alerts/history', allow('viewer'), async (req, res) => {
    const range = timeRange(req);
    const text = (name: string) => {
      const value = req.query[name];
      if (value !== undefined && typeof value !== 'string') throw badRequest(`${name} must be given once`);
      return value ?? '';
    };
    const filters = {
      ruleId: text('ruleId').slice(0, 100),
      severity: text('severity') && oneOf(req, 'severity', ALERT_SEVERITIES),
      status: text('status') && oneOf(req, 'status', ['firing', 'resolved'] as const),
      kind: text('kind') && oneOf(req, 'kind', ALERT_RULE_KINDS),
    };
    const events = await listEvents(gateway, range, integer(req, 'limit', 200, 1, 1000), filters);
    const acks = events.length > 0 ? await acksFor(new Date(Math.max(range.from.getTime() - HISTORY_ACKS_MS, 0))) : new Map<string, AlertAck>();
    const body: AlertHistoryResponse = {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      events: events.map((e) => ({ ...e, acknowledged: acks.get(ackKey(e)) ?? null, view: causeView(e) })),
    };
    res.json(body);
  });

  return router;
}
