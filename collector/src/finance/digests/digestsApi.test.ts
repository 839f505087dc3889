// Scheduled digests on a real collector with a fixed clock: the preview's figures against the
// calls sent; "send now" and the schedule delivering to a real local receiver, signed; each
// period sent once.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../../test/support/collector';
import { budgetsAlertsModule } from '../../alerts/module';
import { startReceiver, type Receiver } from '../../../../test/support/alertReceiver';
import type { Digest, DigestContent } from '../contract';
import { financeModule } from '../module';
import { expectedNano, postFinanceCalls, type FinanceCall } from '../../../../test/support/financeCalls';
import { usdText } from './digestContent';
import { isDue } from './schedule';

// Saturday 21 November 2026, 09:30 UTC: the daily digest covers Friday the 20th.
const NOW = new Date('2026-11-21T09:30:00Z');
const SECRET = 'a-digest-signing-secret';
const CALLS: FinanceCall[] = [
  { at: new Date('2026-11-19T10:00:00Z'), model: 'claude-haiku-4-5', team: 'search', input: 100_000, output: 1_000 },
  { at: new Date('2026-11-20T10:00:00Z'), model: 'claude-haiku-4-5', team: 'search', input: 300_000, output: 1_000 },
  { at: new Date('2026-11-20T11:00:00Z'), model: 'claude-opus-4-6', team: 'ads', input: 10_000, output: 500 },
];

let running: RunningCollector;
let receiver: Receiver;
let channelId: string;
const send = (method: string, path: string, body?: unknown) =>
  fetch(`${running.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

beforeAll(async () => {
  receiver = await startReceiver();
  running = await startCollector({ BURNRATE_OUTBOUND_ALLOW: '127.0.0.1' }, [
    budgetsAlertsModule({ intervalMs: 3_600_000, now: () => NOW }),
    financeModule({ now: () => NOW, digestCheckEveryMs: 50, delivery: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, timeoutMs: 2000 } }),
  ]);
  await postFinanceCalls(running.url, CALLS);
  const channel = await send('POST', '/api/v1/alerts/channels', { name: 'finance hook', kind: 'webhook', url: `${receiver.url}/digest`, secret: SECRET });
  expect(channel.status, await channel.clone().text()).toBe(201);
  channelId = ((await channel.json()) as { id: string }).id;
});
afterAll(async () => {
  await running?.stop();
  await receiver?.close();
});

const cost = (c: FinanceCall) => expectedNano(running.collector.prices, c)!;

describe('digests', () => {
  it('previews yesterday against the day before, with movers, in exact money', async () => {
    const d = (await (await fetch(`${running.url}/api/v1/finance/digests/preview?schedule=daily`)).json()) as DigestContent;
    expect(d).toMatchObject({ schedule: 'daily', from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z', calls: 2, unpricedCalls: 0 });
    expect(BigInt(d.spendNanoUsd)).toBe(cost(CALLS[1]!) + cost(CALLS[2]!));
    expect(BigInt(d.previousNanoUsd)).toBe(cost(CALLS[0]!));
    // Movers by how much money moved: search by (Friday − Thursday), ads by all of Friday's.
    const searchMove = cost(CALLS[1]!) - cost(CALLS[0]!);
    expect(d.teams.map((m) => m.key)).toEqual(searchMove > cost(CALLS[2]!) ? ['search', 'ads'] : ['ads', 'search']);
    expect(d.teams.find((m) => m.key === 'search')).toMatchObject({
      changeRatio: Number(((cost(CALLS[1]!) - cost(CALLS[0]!)) * 1_000_000n) / cost(CALLS[0]!)) / 1e6,
    });
    // search spent about three times what it did the day before: an anomaly, said in words.
    expect(d.anomalies.some((a) => a.startsWith('team search spent'))).toBe(true);
    expect(d.text).toContain('*burnrate daily digest* — 2026-11-20 (UTC)');
    expect(usdText(0.000123456)).toBe('$0.000123');
    expect(usdText(-1234.5)).toBe('−$1234.50');
  });

  it('"send now" delivers the digest to the channel, signed', async () => {
    const created = await send('POST', '/api/v1/finance/digests', { name: 'Finance daily', schedule: 'daily', hourUtc: 23, channelId });
    expect(created.status, await created.clone().text()).toBe(201);
    const digest = (await created.json()) as Digest;
    const before = receiver.received.length;
    const res = await send('POST', `/api/v1/finance/digests/${digest.id}/send`);
    expect(res.status, await res.clone().text()).toBe(200);
    const [got] = (await receiver.waitFor(before + 1)).slice(before);
    expect(got!.path).toBe('/digest');
    expect(got!.headers['x-burnrate-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(got!.body).digest('hex')}`);
    const body = JSON.parse(got!.body) as DigestContent & { kind: string };
    expect(body.kind).toBe('digest');
    expect(BigInt(body.spendNanoUsd)).toBe(cost(CALLS[1]!) + cost(CALLS[2]!));
  });

  it('the schedule sends a due digest once per period', async () => {
    const created = await send('POST', '/api/v1/finance/digests', { name: 'Morning', schedule: 'daily', hourUtc: 9, channelId });
    const digest = (await created.json()) as Digest;
    await expect
      .poll(
        async () =>
          ((await (await fetch(`${running.url}/api/v1/finance/digests`)).json()) as { digests: Digest[] }).digests.find((d) => d.id === digest.id)?.lastSentFor,
        { timeout: 10_000 },
      )
      .toBe('2026-11-20');
    const sent = receiver.received.length;
    // Several more checks pass; the period is not sent again.
    await new Promise((r) => setTimeout(r, 400));
    expect(receiver.received.length).toBe(sent);
    expect(isDue({ ...digest, lastSentFor: '2026-11-20' }, NOW)).toBe(false);
    expect(isDue({ ...digest, hourUtc: 10 }, NOW)).toBe(false); // not before its hour
    expect(isDue({ ...digest, schedule: 'weekly', weekday: 6 }, NOW)).toBe(true);
    expect(isDue({ ...digest, schedule: 'weekly', weekday: 1 }, NOW)).toBe(false);
  });

  it('refuses a digest to a channel that does not exist', async () => {
    const res = await send('POST', '/api/v1/finance/digests', { name: 'x', schedule: 'weekly', channelId: 'nope' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('channelId');
  });
});
