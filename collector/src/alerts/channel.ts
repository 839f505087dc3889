// Where notifications go: a signed generic webhook, a Slack incoming webhook, or PagerDuty's
// Events API v2. Secrets (the HMAC key, the routing key, any URL's path, query and credentials)
// are stored but never returned by the API.
import { z } from 'zod';
import { ALERT_CHANNEL_KINDS, type AlertChannel, type AlertChannelKind } from '@burnrate/contract';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
const MIN_SECRET_CHARS = 16;

export interface ChannelRecord {
  id: string;
  name: string;
  kind: AlertChannelKind;
  url: string;
  secret: string;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const httpUrl = z
  .string()
  .max(2000)
  .refine((text) => {
    try {
      return ['http:', 'https:'].includes(new URL(text).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

export const channelInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(ALERT_CHANNEL_KINDS),
    url: httpUrl.optional(),
    secret: z.string().max(500).optional(),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.kind !== 'pagerduty' && !c.url) ctx.addIssue({ code: 'custom', path: ['url'], message: `a ${c.kind} channel needs a url` });
    if (c.kind === 'webhook' && (c.secret ?? '').length < MIN_SECRET_CHARS) {
      ctx.addIssue({ code: 'custom', path: ['secret'], message: `a webhook channel needs a signing secret of at least ${MIN_SECRET_CHARS} characters` });
    }
    if (c.kind === 'pagerduty' && !c.secret) ctx.addIssue({ code: 'custom', path: ['secret'], message: 'a pagerduty channel needs its routing key as secret' });
  })
  .transform((c) => ({ ...c, url: c.url ?? PAGERDUTY_EVENTS_URL, secret: c.secret ?? '' }));

export type ValidChannelInput = z.infer<typeof channelInputSchema>;

/**
 * A channel's URL as the API shows it: the origin only. Paths and queries carry tokens (Slack's
 * webhook path, ?token=…) and a URL may hold user:password@; none of it is ever returned.
 */
export function shownUrl(channel: { url: string }): string {
  const url = new URL(channel.url);
  return url.pathname === '/' && !url.search ? url.origin : `${url.origin}/…`;
}

export function channelToApi(channel: ChannelRecord): AlertChannel {
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    url: shownUrl(channel),
    enabled: channel.enabled,
    hasSecret: channel.secret !== '',
    createdAt: channel.createdAt.toISOString(),
    updatedAt: channel.updatedAt.toISOString(),
  };
}
