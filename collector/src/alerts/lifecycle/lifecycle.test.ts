// The alert life cycle on a real collector (embedded store, real ingest, a real local receiver),
// through a scripted 429 storm and an error burst: acknowledge a firing alert; a silence keeps an
// alert out of every channel (firing and resolve) while the history still has it; the history
// filters by rule, status, severity and kind, as far back as its retention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActiveAlertsResponse, AlertHistoryResponse, AlertSilence, AlertSilenceListResponse } from '@burnrate/contract';
import { getJson, newDataDir, openTestCollector, postCalls, removeDataDir, sendJson, type TestCollector } from '../../../../test/support/budgetsCollector';
import { budgetsAlertsModule } from '../module';
import { startReceiver, type Receiver } from '../../../../test/support/alertReceiver';

const START = Date.UTC(2026, 11, 2, 3, 0);
let clock = START;
const minutes = (m: number) => START + m * 60_000;

let dataDir: string;
let running: TestCollector;
let receiver: Receiver;
beforeAll(async () => {
  dataDir = newDataDir();
  receiver = await startReceiver();
  const module = budgetsAlertsModule({
    intervalMs: 3_600_000,
    leaseSettleMs: 0,
    now: () => new Date(clock),
    delivery: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50, timeoutMs: 2000 },
  });
  running = await openTestCollector(dataDir, [module]);
  // The per-model 429 rule has tests of its own; here one rule per storm keeps the script readable.
  await sendJson('PATCH', api('/alerts/rules/default-model-throttled'), { enabled: false });
  await sendJson('POST', api('/alerts/channels'), { name: 'hook', kind: 'webhook', url: `${receiver.url}/hook`, secret: 'lifecycle-test-secret-0123' });
});
afterAll(async () => {
  await running?.close();
  await receiver?.close();
  removeDataDir(dataDir);
});

function api(path: string) {
  return `${running.url}/api/v1${path}`;
}
async function evaluateAt(m: number) {
  clock = minutes(m);
  return (await (await sendJson('POST', api('/alerts/evaluate'), {})).json()) as { fired: number; resolved: number };
}
const sent = () => receiver.received.map((r) => JSON.parse(r.body) as { ruleId: string; status: string });

describe('alert life cycle', () => {
  let silence: AlertSilence;

  it('a-firing-alert-is-acknowledged-by-whoever-is-on-it', async () => {
    // 03:00–03:09: 30 Sonnet calls, each after a 429.
    await postCalls(
      running.url,
      Array.from({ length: 30 }, (_, i) => ({ model: 'claude-sonnet-4-6', attemptStatuses: [429, 200], at: new Date(minutes(i / 3)) })),
    );
    expect(await evaluateAt(10)).toEqual({ fired: 1, resolved: 0 });
    const [alert] = (await getJson<ActiveAlertsResponse>(api('/alerts/active'))).alerts;
    expect(alert).toMatchObject({ ruleId: 'default-rate-limited', subject: 'attempts', acknowledged: null });
    const ack = await sendJson('POST', api('/alerts/ack'), { ruleId: alert!.ruleId, subject: alert!.subject, note: 'raising the limit with Anthropic' });
    expect(ack.status).toBe(200);
    const { alerts } = await getJson<ActiveAlertsResponse>(api('/alerts/active'));
    expect(alerts[0]!.acknowledged).toEqual({ by: 'local user (auth off)', at: new Date(minutes(10)).toISOString(), note: 'raising the limit with Anthropic' });
    expect((await sendJson('POST', api('/alerts/ack'), { ruleId: 'default-error-rate', subject: 'calls' })).status).toBe(404);
  });

  it('silences-need-a-reason-and-an-end-in-the-future', async () => {
    const past = await sendJson('POST', api('/alerts/silences'), { ruleId: 'default-error-rate', endsAt: new Date(minutes(5)).toISOString(), reason: 'x' });
    expect(past.status).toBe(400);
    expect((await past.json()).message).toContain('endsAt: must be in the future');
    const noReason = await sendJson('POST', api('/alerts/silences'), { ruleId: 'default-error-rate', endsAt: new Date(minutes(70)).toISOString() });
    expect((await noReason.json()).message).toContain('reason');
    const created = await sendJson('POST', api('/alerts/silences'), {
      ruleId: 'default-error-rate',
      endsAt: new Date(minutes(70)).toISOString(),
      reason: 'deploying the retry fix',
    });
    expect(created.status).toBe(201);
    silence = (await created.json()) as AlertSilence;
    expect(silence).toMatchObject({
      ruleId: 'default-error-rate',
      subject: '',
      reason: 'deploying the retry fix',
      createdBy: 'local user (auth off)',
      active: true,
    });
  });

  it('a-silenced-alert-is-kept-in-history-but-never-sent-and-the-storm-resolves-once', async () => {
    // 03:30: an error burst, silenced.
    await postCalls(
      running.url,
      Array.from({ length: 25 }, (_, i) => ({ model: 'claude-haiku-4-5', statusCode: 500, at: new Date(minutes(30) + i) })),
    );
    expect(await evaluateAt(31)).toEqual({ fired: 1, resolved: 1 }); // errors fire (silenced); the 429 storm is out of its 15 min
    expect(await evaluateAt(50)).toEqual({ fired: 0, resolved: 1 }); // errors end
    await receiver.waitFor(2);
    await new Promise((r) => setTimeout(r, 200)); // nothing else arrives
    expect(sent().map((b) => `${b.ruleId} ${b.status}`)).toEqual(['default-rate-limited firing', 'default-rate-limited resolved']);
    const errors = await getJson<AlertHistoryResponse>(
      api(`/alerts/history?from=${new Date(minutes(0)).toISOString()}&to=${new Date(minutes(60)).toISOString()}&ruleId=default-error-rate`),
    );
    expect(errors.events.map((e) => [e.status, e.labels.silenced_by])).toEqual([
      ['resolved', silence.id],
      ['firing', silence.id],
    ]);
  });

  it('history-filters-by-rule-status-severity-and-kind-and-keeps-acknowledgements', async () => {
    const range = `from=${new Date(clock - 399 * 86_400_000).toISOString()}&to=${new Date(clock + 60_000).toISOString()}`;
    const all = await getJson<AlertHistoryResponse>(api(`/alerts/history?${range}`));
    expect(all.events).toHaveLength(4);
    const firing = await getJson<AlertHistoryResponse>(api(`/alerts/history?${range}&status=firing`));
    expect(firing.events.map((e) => e.ruleId).sort()).toEqual(['default-error-rate', 'default-rate-limited']);
    const storm = await getJson<AlertHistoryResponse>(api(`/alerts/history?${range}&kind=rate_limited_ratio&severity=critical`));
    expect(storm.events.map((e) => [e.status, e.acknowledged?.note])).toEqual([
      ['resolved', 'raising the limit with Anthropic'],
      ['firing', 'raising the limit with Anthropic'],
    ]);
    expect((await getJson<AlertHistoryResponse>(api(`/alerts/history?${range}&severity=info`))).events).toEqual([]);
    expect((await fetch(api(`/alerts/history?${range}&status=open`))).status).toBe(400);
    const tooFar = await fetch(api(`/alerts/history?from=${new Date(clock - 401 * 86_400_000).toISOString()}&to=${new Date(clock).toISOString()}`));
    expect(tooFar.status).toBe(400);
  });

  it('a-silence-can-end-early', async () => {
    expect((await fetch(api(`/alerts/silences/${silence.id}`), { method: 'DELETE' })).status).toBe(204);
    expect((await getJson<AlertSilenceListResponse>(api('/alerts/silences'))).silences).toEqual([]);
    expect((await fetch(api(`/alerts/silences/${silence.id}`), { method: 'DELETE' })).status).toBe(404);
  });
});
