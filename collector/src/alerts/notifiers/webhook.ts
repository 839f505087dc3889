// Generic webhook: the event as JSON, signed with HMAC-SHA256 over the exact body bytes with the
// channel's shared secret, so a receiver can check it came from this collector and was not
// changed: hex(hmac_sha256(secret, body)) == the header's value after "sha256=".
import { createHmac } from 'node:crypto';
import type { AlertEvent } from '@burnrate/contract';
import { dedupKey, USER_AGENT, type OutgoingRequest } from './request';

export const SIGNATURE_HEADER = 'x-burnrate-signature';
export const EVENT_ID_HEADER = 'x-burnrate-event-id';

export interface WebhookPayload extends AlertEvent {
  /** Bumped if the shape ever changes incompatibly. */
  version: 1;
  /** Same for an alert's firing and its resolve. */
  dedupKey: string;
  /** The dashboard view showing the cause; absent unless BURNRATE_PUBLIC_URL is set. */
  link?: string;
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function webhookRequest(channel: { url: string; secret: string }, event: AlertEvent, link?: string): OutgoingRequest {
  const payload: WebhookPayload = { version: 1, ...event, dedupKey: dedupKey(event), ...(link ? { link } : {}) };
  const body = JSON.stringify(payload);
  return {
    url: channel.url,
    headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, [EVENT_ID_HEADER]: event.id, [SIGNATURE_HEADER]: sign(channel.secret, body) },
    body,
  };
}
