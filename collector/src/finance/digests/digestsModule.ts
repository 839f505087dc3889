// Scheduled digests: the routes, and a check every minute that sends what is due. Sending reuses
// the alert channels (their URLs, secrets, outbound policy and retries).
import { getChannel } from '../../alerts/channelsTable';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from '../../alerts/delivery';
import { guardedFetch, outboundPolicy } from '../../alerts/outbound';
import type { ModuleContext } from '../../collectorModule';
import type { Digest, DigestContent } from '../contract';
import { buildDigest } from './digestContent';
import { listDigests, markSent } from './digestsTable';
import { isDue, periodKey } from './schedule';
import { sendDigest } from './sendDigest';

export interface DigestOptions {
  now: () => Date;
  checkEveryMs?: number;
  delivery?: DeliveryPolicy;
}

export function digestSender(context: ModuleContext, options: DigestOptions) {
  const fetchImpl = guardedFetch(outboundPolicy(context.config.BURNRATE_OUTBOUND_ALLOW));
  return async (digest: Digest): Promise<{ sent: boolean; error: string; content?: DigestContent }> => {
    const channel = await getChannel(context.gateway, digest.channelId);
    if (!channel) return { sent: false, error: 'its channel was removed' };
    const at = options.now();
    const content = await buildDigest(context.gateway, digest.schedule, at);
    const outcome = await sendDigest(channel, content, options.delivery ?? DEFAULT_DELIVERY_POLICY, fetchImpl);
    if (outcome.sent) await markSent(context.gateway, digest, periodKey(digest, at));
    return { ...outcome, content };
  };
}

/** Starts the minute check; returns its stop. A failed send is tried again at the next check. */
export function startDigestSchedule(context: ModuleContext, options: DigestOptions): () => void {
  const send = digestSender(context, options);
  let running = false;
  const tick = async () => {
    if (running) return; // a slow delivery never overlaps the next check
    running = true;
    try {
      for (const digest of await listDigests(context.gateway)) {
        if (isDue(digest, options.now())) await send(digest);
      }
    } catch (error) {
      context.logger.warn(`burnrate: digest check failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.checkEveryMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
