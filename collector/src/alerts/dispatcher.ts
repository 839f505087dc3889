// Sends each event to its channels. Each channel has its own queue, so one slow or failing
// receiver delays nobody else, and each receiver gets its events in the order they happened.
// Every attempt goes to the delivery log (alert_deliveries); a delivery that gives up is also
// written to the collector's log.
import type { AlertEvent } from '@burnrate/contract';
import type { Logger } from '../log/logger';
import type { Gateway } from '../store/gateway';
import type { ChannelRecord } from './channel';
import { saveDelivery } from './deliveriesTable';
import { sendWithRetry, type AttemptReport, type DeliveryPolicy } from './delivery';
import { causeLink } from './causeLink';
import { requestFor } from './notifiers';

export interface DispatcherDeps {
  gateway: Gateway;
  policy: DeliveryPolicy;
  fetch?: typeof fetch;
  /** BURNRATE_PUBLIC_URL: notifications link to the dashboard view showing the cause. */
  publicUrl?: string;
  /** A delivery that gives up, and a delivery log that cannot be written, are logged here. */
  logger: Logger;
}

export class Dispatcher {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(private readonly deps: DispatcherDeps) {}

  enqueue(event: AlertEvent, channels: readonly ChannelRecord[]): void {
    for (const channel of channels) {
      const previous = this.queues.get(channel.id) ?? Promise.resolve();
      const next = previous.then(async () => {
        await this.deliver(event, channel);
      });
      this.queues.set(channel.id, next);
      void next.then(() => {
        if (this.queues.get(channel.id) === next) this.queues.delete(channel.id);
      });
    }
  }

  /** Resolves once everything queued so far has been sent or given up. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  /** Cuts pending retries short (each logs that it gave up) and waits for the queues to drain. */
  async close(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  /** Sends one event to one channel now, outside the queues (the API's "send a test"). */
  async sendNow(event: AlertEvent, channel: ChannelRecord): Promise<boolean> {
    return this.deliver(event, channel);
  }

  private async deliver(event: AlertEvent, channel: ChannelRecord): Promise<boolean> {
    let request;
    try {
      request = requestFor(channel, event, causeLink(this.deps.publicUrl, event));
    } catch (error) {
      await this.log(event, channel, {
        attempt: 1,
        outcome: 'failed',
        httpStatus: 0,
        error: `could not build the request (${(error as Error).name})`,
        durationMs: 0,
      });
      return false;
    }
    return sendWithRetry(request, this.deps.policy, (report) => this.log(event, channel, report), { fetch: this.deps.fetch, signal: this.stopping.signal });
  }

  private async log(event: AlertEvent, channel: ChannelRecord, report: AttemptReport): Promise<void> {
    if (report.outcome === 'failed') {
      this.deps.logger.warn(
        `burnrate: alert ${event.status} "${event.ruleName}" (${event.subject}) not delivered to ${channel.kind} channel "${channel.name}" after ${report.attempt} attempt(s): ${report.error}`,
      );
    }
    try {
      await saveDelivery(this.deps.gateway, {
        at: new Date().toISOString(),
        eventId: event.id,
        channelId: channel.id,
        channelKind: channel.kind,
        ...report,
      });
    } catch (error) {
      this.deps.logger.warn(`burnrate: could not write the alert delivery log: ${(error as Error).message}`);
    }
  }
}
