// Slack incoming webhook: { text } in Slack's mrkdwn, which every workspace renders.
import type { AlertEvent } from '../../api/contract';
import { USER_AGENT, type OutgoingRequest } from './request';

// Slack's mrkdwn treats these three as markup; everything else is shown as typed.
const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackText(event: AlertEvent): string {
  const head = event.status === 'firing' ? `:rotating_light: *[FIRING · ${event.severity}]*` : ':white_check_mark: *[RESOLVED]*';
  const since = event.status === 'resolved' ? ` (firing since ${event.startedAt})` : '';
  return `${head} ${escapeMrkdwn(event.ruleName)}\n${escapeMrkdwn(event.summary)}${since}`;
}

export function slackRequest(channel: { url: string }, event: AlertEvent): OutgoingRequest {
  return {
    url: channel.url,
    headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
    body: JSON.stringify({ text: slackText(event) }),
  };
}
