// PagerDuty Events API v2: a trigger when an alert fires and a resolve when it ends, both with
// the same dedup key, so PagerDuty keeps one incident per alert however often it is sent.
import type { AlertEvent, AlertSeverity } from '@burnrate/contract';
import { dedupKey, USER_AGENT, type OutgoingRequest } from './request';

// PagerDuty's severities are critical, error, warning and info.
const PD_SEVERITY: Record<AlertSeverity, 'critical' | 'warning' | 'info'> = { critical: 'critical', warning: 'warning', info: 'info' };
const MAX_SUMMARY_CHARS = 1024;

export function pagerDutyBody(routingKey: string, event: AlertEvent, link?: string) {
  const key = dedupKey(event);
  if (event.status === 'resolved') return { routing_key: routingKey, event_action: 'resolve' as const, dedup_key: key };
  return {
    routing_key: routingKey,
    event_action: 'trigger' as const,
    dedup_key: key,
    payload: {
      summary: event.summary.slice(0, MAX_SUMMARY_CHARS),
      source: 'burnrate',
      severity: PD_SEVERITY[event.severity],
      timestamp: event.startedAt,
      component: event.labels.model || event.labels.budget_name || event.labels.service || undefined,
      group: event.ruleName,
      class: event.ruleKind,
      custom_details: { subject: event.subject, value: event.value, ...event.labels },
    },
    client: 'burnrate',
    ...(link ? { client_url: link, links: [{ href: link, text: 'Open the cause in burnrate' }] } : {}),
  };
}

export function pagerDutyRequest(channel: { url: string; secret: string }, event: AlertEvent, link?: string): OutgoingRequest {
  return {
    url: channel.url,
    headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
    body: JSON.stringify(pagerDutyBody(channel.secret, event, link)),
  };
}
