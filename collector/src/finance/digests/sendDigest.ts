// Sends a digest to an alert channel, reusing what alerts already guarantee: the channel's URL
// and secret, the outbound policy (no internal addresses unless BURNRATE_OUTBOUND_ALLOW says so)
// and the retrying delivery. A webhook gets the digest as signed JSON; Slack gets its text.
import type { ChannelRecord } from '../../alerts/channel';
import { sendWithRetry, type DeliveryPolicy } from '../../alerts/delivery';
import type { OutgoingRequest } from '../../alerts/notifiers';
import { USER_AGENT } from '../../alerts/notifiers/request';
import { SIGNATURE_HEADER, sign } from '../../alerts/notifiers/webhook';
import type { DigestContent } from '../contract';

export const DIGEST_HEADER = 'x-burnrate-digest';

export function digestRequest(channel: Pick<ChannelRecord, 'kind' | 'url' | 'secret'>, content: DigestContent): OutgoingRequest | undefined {
  switch (channel.kind) {
    case 'webhook': {
      const body = JSON.stringify({ version: 1, kind: 'digest', ...content });
      return {
        url: channel.url,
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          [DIGEST_HEADER]: content.schedule,
          [SIGNATURE_HEADER]: sign(channel.secret, body),
        },
        body,
      };
    }
    case 'slack':
      return { url: channel.url, headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT }, body: JSON.stringify({ text: content.text }) };
    default:
      // PagerDuty pages people; a digest is not an incident.
      return undefined;
  }
}

export async function sendDigest(
  channel: ChannelRecord,
  content: DigestContent,
  policy: DeliveryPolicy,
  fetchImpl: typeof fetch,
): Promise<{ sent: boolean; error: string }> {
  const request = digestRequest(channel, content);
  if (!request) return { sent: false, error: `a ${channel.kind} channel does not take digests; pick a webhook or Slack channel` };
  let error = '';
  const sent = await sendWithRetry(request, policy, (r) => void (error = r.error || (r.httpStatus ? `HTTP ${r.httpStatus}` : '')), { fetch: fetchImpl });
  return { sent, error: sent ? '' : error || 'not delivered' };
}
