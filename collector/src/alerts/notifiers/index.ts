// Which request a channel gets for an event.
import type { AlertEvent } from '../../api/contract';
import type { ChannelRecord } from '../channel';
import { pagerDutyRequest } from './pagerduty';
import type { OutgoingRequest } from './request';
import { slackRequest } from './slack';
import { webhookRequest } from './webhook';

export function requestFor(channel: ChannelRecord, event: AlertEvent): OutgoingRequest {
  switch (channel.kind) {
    case 'webhook':
      return webhookRequest(channel, event);
    case 'slack':
      return slackRequest(channel, event);
    case 'pagerduty':
      return pagerDutyRequest(channel, event);
    default: {
      const never: never = channel.kind;
      throw new Error(`unknown channel kind ${String(never)}`);
    }
  }
}

export type { OutgoingRequest } from './request';
