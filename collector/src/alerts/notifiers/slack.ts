// Slack incoming webhook: { text } in Slack's mrkdwn, which every workspace renders.
import type { AlertEvent } from '@burnrate/contract';
import { USER_AGENT, type OutgoingRequest } from './request';

// Slack's mrkdwn treats these three as markup; everything else is shown as typed.
const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// The driver and the numbers an on-call engineer decides on, as labelled fields under the summary.
const FIELDS: [label: string, key: string][] = [
  ['Budget', 'budget_name'],
  ['Model', 'model'],
  ['Service', 'service'],
  ['Driver team', 'driver_team'],
  ['Driver model', 'driver_model'],
  ['Driver service', 'driver_service'],
  ['Driver feature', 'driver_feature'],
  ['Window', 'window'],
  ['Retry-after seen', 'retry_after_s'],
];

export function slackText(event: AlertEvent, link?: string): string {
  const head = event.status === 'firing' ? `:rotating_light: *[FIRING · ${event.severity}]*` : ':white_check_mark: *[RESOLVED]*';
  const since = event.status === 'resolved' ? ` (firing since ${event.startedAt})` : '';
  const fields = FIELDS.filter(([, key]) => event.labels[key]).map(([label, key]) => `*${label}:* ${escapeMrkdwn(event.labels[key]!)}`);
  // Slack links are <url|text>; the URL is ours (public URL + a hash route), so only | and > need care.
  const open = link ? `\n<${link.replace(/[|>]/g, encodeURIComponent)}|Open in burnrate>` : '';
  return `${head} ${escapeMrkdwn(event.ruleName)}\n${escapeMrkdwn(event.summary)}${since}${fields.length ? `\n${fields.join(' · ')}` : ''}${open}`;
}

export function slackRequest(channel: { url: string }, event: AlertEvent, link?: string): OutgoingRequest {
  return {
    url: channel.url,
    headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
    body: JSON.stringify({ text: slackText(event, link) }),
  };
}
