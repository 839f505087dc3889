// An HTTP request a notifier wants sent: built by a pure function, sent by delivery.ts.
export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  /** Exactly the bytes sent (and, for the webhook, signed). */
  body: string;
}

export const USER_AGENT = 'burnrate-collector';

/** One key per alert, the same for its trigger and its resolve; PagerDuty allows 255 characters. */
export function dedupKey(event: { ruleId: string; subject: string }): string {
  return `burnrate:${event.ruleId}:${event.subject}`.slice(0, 255);
}
