// /api/v1/finance/digests: scheduled spend digests (list, create, change, remove), a preview of
// what one would say now, and "send now" to its channel.
import { Router } from 'express';
import { z } from 'zod';
import { getChannel } from '../../alerts/channelsTable';
import { jsonBody, notFound, param, patchBody, validated } from '../../api/routeHelpers';
import { HttpError } from '../../api/errors';
import { oneOf, onlyParams } from '../../api/queryParams';
import { allow } from '../../auth/policy';
import type { Gateway } from '../../store/gateway';
import { DIGEST_SCHEDULES, type Digest, type DigestContent, type DigestListResponse } from '../contract';
import { buildDigest } from './digestContent';
import { deleteDigest, getDigest, listDigests, saveDigest } from './digestsTable';

const inputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    schedule: z.enum(DIGEST_SCHEDULES),
    hourUtc: z.number().int().min(0).max(23).default(8),
    weekday: z.number().int().min(0).max(6).default(1),
    channelId: z.string().min(1).max(100),
    enabled: z.boolean().default(true),
  })
  .strict();

export interface DigestDeps {
  gateway: Gateway;
  now: () => Date;
  /** Builds and sends a digest now; resolves to the delivery's outcome. */
  send: (digest: Digest) => Promise<{ sent: boolean; error: string; content?: DigestContent }>;
}

export function digestRouter({ gateway, now, send }: DigestDeps): Router {
  const router = Router();
  const checkChannel = async (channelId: string) => {
    if (!(await getChannel(gateway, channelId)))
      throw new HttpError(400, 'bad_request', `channelId: no alert channel with id ${JSON.stringify(channelId.slice(0, 100))}`);
  };

  router.get('/api/v1/finance/digests', allow('viewer'), async (_req, res) => {
    const body: DigestListResponse = { digests: await listDigests(gateway) };
    res.json(body);
  });

  router.get('/api/v1/finance/digests/preview', allow('viewer'), async (req, res) => {
    onlyParams(req, ['schedule']);
    const body: DigestContent = await buildDigest(gateway, oneOf(req, 'schedule', DIGEST_SCHEDULES, 'daily'), now());
    res.json(body);
  });

  router.post('/api/v1/finance/digests', allow('admin'), jsonBody, async (req, res) => {
    const input = validated(inputSchema, req.body);
    await checkChannel(input.channelId);
    res.status(201).json(await saveDigest(gateway, input));
  });

  router.patch('/api/v1/finance/digests/:id', allow('admin'), jsonBody, async (req, res) => {
    const existing = await getDigest(gateway, param(req, 'id'));
    if (!existing) throw notFound('digest', param(req, 'id'));
    const { id: _id, lastSentFor: _last, ...current } = existing;
    const input = validated(inputSchema, { ...current, ...patchBody(req.body) });
    await checkChannel(input.channelId);
    res.json(await saveDigest(gateway, input, existing));
  });

  router.delete('/api/v1/finance/digests/:id', allow('admin'), async (req, res) => {
    const existing = await getDigest(gateway, param(req, 'id'));
    if (!existing) throw notFound('digest', param(req, 'id'));
    await deleteDigest(gateway, existing);
    res.status(204).end();
  });

  router.post('/api/v1/finance/digests/:id/send', allow('admin'), async (req, res) => {
    const digest = await getDigest(gateway, param(req, 'id'));
    if (!digest) throw notFound('digest', param(req, 'id'));
    const outcome = await send(digest);
    if (!outcome.sent) throw new HttpError(502, 'unavailable', `the digest was not delivered: ${outcome.error}`);
    res.json({ sent: true });
  });

  return router;
}
