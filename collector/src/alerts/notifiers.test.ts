// Each notifier against a real local HTTP receiver: every byte that matters (body, signature,
// dedup key), retries with backoff, and the delivery log.
import { createHmac } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '@burnrate/contract';
import type { Gateway } from '../store/gateway';
import { shownUrl, type ChannelRecord } from './channel';
import { sendWithRetry, type AttemptReport, type DeliveryPolicy } from './delivery';
import { Dispatcher } from './dispatcher';
import { requestFor } from './notifiers';
import { startReceiver, type Receiver } from '../../../test/support/alertReceiver';
import { capturedLog } from '../../../test/support/capturedLog';

const SECRET = 'a-shared-secret-of-some-length';

const firing: AlertEvent = {
  id: '0d1c6a4e-6f0b-4d58-9a57-3f3d2b7a1c01',
  status: 'firing',
  at: '2026-11-21T15:00:00.000Z',
  ruleId: 'default-budget-thresholds',
  ruleName: 'Budget threshold reached',
  ruleKind: 'budget_threshold',
  severity: 'warning',
  subject: 'budget:b1:threshold:80',
  summary: 'Budget "Search" (team search, per day in UTC) reached 80%: $0.81 of $1.00 spent (81%) <b>&',
  value: 0.81,
  startedAt: '2026-11-21T15:00:00.000Z',
  labels: { budget_id: 'b1', budget_name: 'Search', threshold_percent: '80' },
};
const resolved: AlertEvent = { ...firing, id: '5b2d7f0e-0000-4000-8000-000000000002', status: 'resolved', at: '2026-11-22T00:00:00.000Z' };

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => receiver?.close());
beforeEach(() => {
  receiver.received.length = 0;
  receiver.script();
});

const channel = (kind: ChannelRecord['kind'], extra: Partial<ChannelRecord> = {}): ChannelRecord => ({
  id: `ch-${kind}`,
  name: kind,
  kind,
  url: `${receiver.url}/${kind}`,
  secret: kind === 'webhook' ? SECRET : kind === 'pagerduty' ? 'R0UT1NGKEY' : '',
  enabled: true,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...extra,
});

/** A loopback port nothing listens on (just released by a server). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/hook`;
}

const FAST: DeliveryPolicy = { maxAttempts: 4, baseDelayMs: 40, maxDelayMs: 1000, timeoutMs: 2000 };

async function send(ch: ChannelRecord, event: AlertEvent, policy = FAST) {
  const reports: AttemptReport[] = [];
  const ok = await sendWithRetry(requestFor(ch, event), policy, (r) => void reports.push(r), { random: () => 0.5 });
  return { ok, reports };
}

describe('webhook', () => {
  it('json-body-signed-with-hmac-sha256-over-the-exact-bytes', async () => {
    const { ok } = await send(channel('webhook'), firing);
    expect(ok).toBe(true);
    const [got] = receiver.received;
    expect(got!.path).toBe('/webhook');
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['x-burnrate-event-id']).toBe(firing.id);
    const expected = `sha256=${createHmac('sha256', SECRET).update(Buffer.from(got!.body, 'utf8')).digest('hex')}`;
    expect(got!.headers['x-burnrate-signature']).toBe(expected);
    expect(JSON.parse(got!.body)).toEqual({ version: 1, ...firing, dedupKey: 'burnrate:default-budget-thresholds:budget:b1:threshold:80' });
  });

  it('a-changed-body-or-another-secret-does-not-verify', async () => {
    await send(channel('webhook'), firing);
    const [got] = receiver.received;
    const signature = got!.headers['x-burnrate-signature'];
    expect(`sha256=${createHmac('sha256', SECRET).update(got!.body.replace('0.81', '0.82')).digest('hex')}`).not.toBe(signature);
    expect(`sha256=${createHmac('sha256', 'another-secret-xxxxxxx').update(got!.body).digest('hex')}`).not.toBe(signature);
  });

  it('resolve-carries-the-same-dedup-key-and-its-own-id', async () => {
    await send(channel('webhook'), resolved);
    const body = JSON.parse(receiver.received[0]!.body);
    expect(body).toMatchObject({
      status: 'resolved',
      id: resolved.id,
      dedupKey: 'burnrate:default-budget-thresholds:budget:b1:threshold:80',
      startedAt: firing.startedAt,
    });
  });
});

describe('slack', () => {
  it('incoming-webhook-text-with-markup-escaped', async () => {
    await send(channel('slack'), firing);
    await send(channel('slack'), resolved);
    expect(receiver.received.map((r) => JSON.parse(r.body))).toEqual([
      {
        text:
          ':rotating_light: *[FIRING · warning]* Budget threshold reached\n' +
          'Budget "Search" (team search, per day in UTC) reached 80%: $0.81 of $1.00 spent (81%) &lt;b&gt;&amp;\n' +
          '*Budget:* Search',
      },
      {
        text:
          ':white_check_mark: *[RESOLVED]* Budget threshold reached\n' +
          'Budget "Search" (team search, per day in UTC) reached 80%: $0.81 of $1.00 spent (81%) &lt;b&gt;&amp; (firing since 2026-11-21T15:00:00.000Z)\n' +
          '*Budget:* Search',
      },
    ]);
    expect(receiver.received[0]!.headers['content-type']).toBe('application/json');
  });
});

describe('pagerduty', () => {
  it('trigger-then-resolve-with-one-stable-dedup-key', async () => {
    receiver.script({ status: 202, body: '{"status":"success"}' }, { status: 202 });
    await send(channel('pagerduty'), firing);
    await send(channel('pagerduty'), resolved);
    const [trigger, resolve] = receiver.received.map((r) => JSON.parse(r.body));
    expect(trigger).toEqual({
      routing_key: 'R0UT1NGKEY',
      event_action: 'trigger',
      dedup_key: 'burnrate:default-budget-thresholds:budget:b1:threshold:80',
      payload: {
        summary: firing.summary,
        source: 'burnrate',
        severity: 'warning',
        timestamp: firing.startedAt,
        component: 'Search',
        group: 'Budget threshold reached',
        class: 'budget_threshold',
        custom_details: { subject: firing.subject, value: 0.81, ...firing.labels },
      },
      client: 'burnrate',
    });
    expect(resolve).toEqual({ routing_key: 'R0UT1NGKEY', event_action: 'resolve', dedup_key: trigger.dedup_key });
  });
});

describe('delivery retries', () => {
  it('5xx-is-retried-with-exponential-backoff-until-accepted', async () => {
    receiver.script({ status: 500, body: 'boom' }, { status: 503 });
    const started = Date.now();
    const { ok, reports } = await send(channel('webhook'), firing);
    expect(ok).toBe(true);
    expect(reports.map((r) => [r.attempt, r.outcome, r.httpStatus, r.error])).toEqual([
      [1, 'retrying', 500, 'HTTP 500'],
      [2, 'retrying', 503, 'HTTP 503'],
      [3, 'sent', 200, ''],
    ]);
    const gaps = receiver.received.slice(1).map((r, i) => r.at - receiver.received[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(38); // 40 ms
    expect(gaps[1]).toBeGreaterThanOrEqual(78); // then 80 ms
    expect(Date.now() - started).toBeLessThan(1000);
    // Every attempt carries the same body and signature.
    expect(new Set(receiver.received.map((r) => r.body + r.headers['x-burnrate-signature'])).size).toBe(1);
  });

  it('4xx-is-not-retried', async () => {
    receiver.script({ status: 400, body: 'invalid routing key' });
    const { ok, reports } = await send(channel('pagerduty'), firing);
    expect(ok).toBe(false);
    expect(reports).toMatchObject([{ attempt: 1, outcome: 'failed', httpStatus: 400, error: 'HTTP 400' }]);
    expect(receiver.received).toHaveLength(1);
  });

  it('429-waits-for-retry-after', async () => {
    receiver.script({ status: 429, headers: { 'retry-after': '0.3' } });
    const { ok, reports } = await send(channel('slack'), firing);
    expect(ok).toBe(true);
    expect(reports.map((r) => r.outcome)).toEqual(['retrying', 'sent']);
    expect(receiver.received[1]!.at - receiver.received[0]!.at).toBeGreaterThanOrEqual(290);
  });

  it('gives-up-after-max-attempts-on-timeouts', async () => {
    receiver.script({ status: 200, delayMs: 400 }, { status: 200, delayMs: 400 });
    const { ok, reports } = await send(channel('webhook'), firing, { ...FAST, maxAttempts: 2, timeoutMs: 100 });
    expect(ok).toBe(false);
    expect(reports.map((r) => [r.outcome, r.httpStatus, r.error])).toEqual([
      ['retrying', 0, 'no answer within 100 ms'],
      ['failed', 0, 'no answer within 100 ms'],
    ]);
  });

  it('an-unreachable-receiver-is-retried-then-given-up', async () => {
    const { ok, reports } = await send(channel('webhook', { url: await closedPortUrl() }), firing, { ...FAST, maxAttempts: 3 });
    expect(ok).toBe(false);
    expect(reports.map((r) => r.outcome)).toEqual(['retrying', 'retrying', 'failed']);
    expect(reports[0]!.error).toMatch(/ECONNREFUSED/);
  });
});

describe('what the delivery log may say', () => {
  it('receiver-body-is-never-kept', async () => {
    receiver.script({ status: 400, body: 'db_password=hunter2 internal-service-banner' });
    const { reports } = await send(channel('webhook'), firing);
    expect(reports).toMatchObject([{ outcome: 'failed', httpStatus: 400, error: 'HTTP 400' }]);
    expect(JSON.stringify(reports)).not.toContain('hunter2');
  });

  it('errors-never-echo-url-credentials-path-or-query', async () => {
    const closed = new URL(await closedPortUrl());
    const url = `http://ops:s3cret-pass@${closed.host}/hooks/T0KEN-PATH?token=q-secret`;
    const { reports } = await send(channel('webhook', { url }), firing, { ...FAST, maxAttempts: 1 });
    expect(reports[0]!.error).toBe('connection refused (ECONNREFUSED)');
    for (const secret of ['s3cret-pass', 'T0KEN-PATH', 'q-secret', closed.host]) expect(JSON.stringify(reports)).not.toContain(secret);
  });

  it('url-credentials-travel-as-basic-auth', async () => {
    receiver.script({ status: 200 });
    const url = new URL(channel('webhook').url);
    url.username = 'ops';
    url.password = 'pw';
    const { ok } = await send(channel('webhook', { url: url.href }), firing);
    expect(ok).toBe(true);
    expect(receiver.received[0]!.headers.authorization).toBe(`Basic ${Buffer.from('ops:pw').toString('base64')}`);
  });

  it('channel-urls-are-shown-as-their-origin-only', () => {
    expect(shownUrl({ url: 'https://ops:pw@hooks.example.com/services/T0/B0/XXXX?token=abc' })).toBe('https://hooks.example.com/…');
    expect(shownUrl({ url: 'https://hooks.example.com/' })).toBe('https://hooks.example.com');
    expect(shownUrl({ url: 'https://hooks.example.com/?token=abc' })).toBe('https://hooks.example.com/…');
  });
});

describe('Dispatcher', () => {
  function fakeGateway() {
    const rows: Record<string, unknown>[] = [];
    const gateway = {
      table: (name: string) => name,
      insert: async (_tag: string, _table: string, r: readonly object[]) => void rows.push(...(r as Record<string, unknown>[])),
    } as unknown as Gateway;
    return { gateway, rows };
  }

  it('keeps-order-per-channel-and-a-failing-channel-delays-nobody-else', async () => {
    const { gateway, rows } = fakeGateway();
    const dispatcher = new Dispatcher({ gateway, policy: { ...FAST, maxAttempts: 2, baseDelayMs: 300 }, logger: capturedLog().logger });
    const broken = channel('webhook', { id: 'broken', url: await closedPortUrl() });
    const events = [1, 2, 3].map((n) => ({ ...firing, id: `e${n}` }));
    for (const e of events) dispatcher.enqueue(e, [broken, channel('webhook')]);
    await receiver.waitFor(3, 2000);
    expect(receiver.received.map((r) => r.headers['x-burnrate-event-id'])).toEqual(['e1', 'e2', 'e3']);
    await dispatcher.close(); // cuts the broken channel's retries short
    const log = rows.map((r) => `${r.channel_id}:${r.event_id}:${r.outcome}`);
    expect(log.filter((l) => l.startsWith('ch-webhook'))).toEqual(['ch-webhook:e1:sent', 'ch-webhook:e2:sent', 'ch-webhook:e3:sent']);
    expect(log.filter((l) => l.startsWith('broken') && l.endsWith('failed'))).toHaveLength(3);
    expect(rows.find((r) => r.channel_id === 'broken' && r.outcome === 'retrying')).toMatchObject({ http_status: 0, attempt: 1, channel_kind: 'webhook' });
  });
});
