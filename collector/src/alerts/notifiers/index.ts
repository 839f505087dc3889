// Which request a channel gets for an event.
import type { AlertEvent } from '@burnrate/contract';
import type { ChannelRecord } from '../channel';
import { pagerDutyRequest } from './pagerduty';
import type { OutgoingRequest } from './request';
import { slackRequest } from './slack';
import { webhookRequest } from './webhook';

/** `link`: the dashboard view showing the cause, when the collector knows its public URL. */
export function requestFor(channel: ChannelRecord, event: AlertEvent, link?: string): OutgoingRequest {
  switch (channel.kind) {
    case 'webhook':
      return webhookRequest(channel, event, link);
    case 'slack':
      return slackRequest(channel, event, link);
    case 'pagerduty':
      return pagerDutyRequest(channel, event, link);
    default: {
      const never: never = channel.kind;
      throw new Error(`unknown channel kind ${String(never)}`);
    }
  }
}

export type { OutgoingRequest } from './request';
