// Keys that age well (issue 17): expiry, rotation with an overlap window, last-used time, per-key
// spend from the key id stamped on every call, and an alert on one key's spend spike.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthStore } from '../../collector/src/auth/authStore';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { startCollector, type RunningCollector } from '../support/collector';
import { postFinanceCalls, type FinanceCall } from '../support/financeCalls';
import type { ActiveAlertsResponse, KeySummary } from '@burnrate/contract';

const SETUP_TOKEN = 'key-aging-setup-token-0123456789';
let running: RunningCollector;
let admin = '';

async function call(method: string, path: string, options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${running.url}${path}`, {
    method,
    headers: {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: res.status, body: await res.text(), cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}

const calls = (n: number): FinanceCall[] =>
  Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.now() - 60_000 - i * 1000),
    model: 'claude-sonnet-4-5',
    team: 'payments',
    input: 100_000,
    output: 10_000,
  }));

async function newKey(body: Record<string, unknown>) {
  const answer = await call('POST', '/api/v1/keys', { cookie: admin, body: { name: 'app', scope: 'ingest', ...body } });
  expect(answer.status, answer.body).toBe(201);
  return JSON.parse(answer.body) as { key: string; record: { id: string; expiresAt: string | null } };
}

const listKeys = async () => JSON.parse((await call('GET', '/api/v1/keys', { cookie: admin })).body).keys as KeySummary[];
const ingestStatus = async (key: string) =>
  (await fetch(`${running.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-burnrate-key': key }, body: '{}' })).status;

beforeAll(async () => {
  running = await startCollector({ BURNRATE_AUTH: 'on', BURNRATE_SETUP_TOKEN: SETUP_TOKEN, BURNRATE_KEY_RATE_LIMIT: '100000' }, DEFAULT_MODULES);
  admin = (await call('POST', '/api/v1/setup', { body: { token: SETUP_TOKEN, username: 'ada', password: 'correct horse battery' } })).cookie;
});
afterAll(async () => running?.stop());

describe('a key', () => {
  it('with an expiry shows it; its calls carry its id, so the Keys view shows its spend, rate and last use', async () => {
    const { key, record } = await newKey({ expiresInDays: 30 });
    expect(Date.parse(`${record.expiresAt!.replace(' ', 'T')}Z`)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const other = await newKey({});
    await postFinanceCalls(running.url, calls(3), { 'x-burnrate-key': key });
    await postFinanceCalls(running.url, calls(1), { 'x-burnrate-key': other.key });
    await vi.waitFor(async () => expect((await listKeys()).find((k) => k.id === record.id)!.spend.dayCalls).toBe(3), { timeout: 10_000 });
    const keys = await listKeys();
    const shown = keys.find((k) => k.id === record.id)!;
    expect(shown).toMatchObject({ status: 'active', expiresAt: record.expiresAt });
    expect(shown.spend.dayUsd).toBeGreaterThan(0);
    expect(shown.spend.callsPerHour).toBeCloseTo(3 / 24);
    expect(shown.lastUsedAt).not.toBeNull();
    expect(keys.find((k) => k.id === other.record.id)!.spend.dayCalls).toBe(1);
    expect(JSON.stringify(keys)).not.toContain('secretHash');
  });

  it('last-used times are kept in the store: another collector sharing it sees them', async () => {
    const { key, record } = await newKey({});
    expect(await ingestStatus(key)).toBe(200);
    await running.collector.auth.saveKeyUse();
    const elsewhere = new AuthStore(running.collector.gateway);
    await elsewhere.reload();
    expect(elsewhere.listKeys().find((k) => k.id === record.id)!.lastUsedAt).not.toBeNull();
  });

  it('rotated with an overlap: both keys work until the overlap ends, the new one carries on', async () => {
    const { key, record } = await newKey({});
    const answer = await call('POST', `/api/v1/keys/${record.id}/rotate`, { cookie: admin, body: { overlapHours: 2 } });
    expect(answer.status, answer.body).toBe(201);
    const rotated = JSON.parse(answer.body);
    expect(rotated.record.rotatedFrom).toBe(record.id);
    const overlapEnd = Date.parse(`${rotated.oldExpiresAt.replace(' ', 'T')}Z`);
    expect(overlapEnd).toBeGreaterThan(Date.now() + 1.9 * 3_600_000);
    expect(overlapEnd).toBeLessThan(Date.now() + 2.1 * 3_600_000);
    expect(await ingestStatus(key)).toBe(200);
    expect(await ingestStatus(rotated.key)).toBe(200);
  });

  it('rotated with no overlap, or past its expiry: refused with a 401 that says it expired', async () => {
    const { key, record } = await newKey({});
    const rotated = JSON.parse((await call('POST', `/api/v1/keys/${record.id}/rotate`, { cookie: admin, body: { overlapHours: 0 } })).body);
    const refused = await fetch(`${running.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-burnrate-key': key },
      body: '{}',
    });
    expect(refused.status).toBe(401);
    expect((await refused.json()).message).toContain('expired');
    expect(await ingestStatus(rotated.key)).toBe(200);
    expect((await listKeys()).find((k) => k.id === record.id)!.status).toBe('expired');
    // An expired key cannot be rotated again: an admin makes a new one.
    expect((await call('POST', `/api/v1/keys/${record.id}/rotate`, { cookie: admin, body: {} })).status).toBe(404);
  });
});

describe('the key spend spike alert', () => {
  it('ships enabled on a fresh install', async () => {
    const rules = JSON.parse((await call('GET', '/api/v1/alerts/rules', { cookie: admin })).body).rules as {
      id: string;
      enabled: boolean;
      condition: unknown;
    }[];
    expect(rules.find((r) => r.id === 'default-key-spend-spike')).toMatchObject({
      enabled: true,
      condition: { kind: 'key_spend_spike', windowMinutes: 60, factor: 5, minUsd: 1 },
    });
  });

  it('fires, from the default rule alone, for a key spending far above its usual rate, naming the key, and not for a key under the minimum', async () => {
    const leaked = await newKey({});
    const quiet = await newKey({});
    // A scripted spike: $2.25 in five calls within the hour from a key with no spend the week before.
    await postFinanceCalls(running.url, calls(5), { 'x-burnrate-key': leaked.key });
    await postFinanceCalls(
      running.url,
      calls(1).map((c) => ({ ...c, input: 10, output: 1 })),
      { 'x-burnrate-key': quiet.key },
    );
    await vi.waitFor(async () => expect((await listKeys()).find((k) => k.id === leaked.record.id)!.spend.dayCalls).toBe(5), { timeout: 10_000 });
    expect((await call('POST', '/api/v1/alerts/evaluate', { cookie: admin, body: {} })).status).toBeLessThan(300);
    const { alerts } = JSON.parse((await call('GET', '/api/v1/alerts/active', { cookie: admin })).body) as ActiveAlertsResponse;
    const spikes = alerts.filter((a) => a.ruleId === 'default-key-spend-spike');
    expect(spikes.map((a) => a.subject)).toContain(`key:${leaked.record.id}`);
    expect(spikes.map((a) => a.subject)).not.toContain(`key:${quiet.record.id}`);
    expect(spikes.find((a) => a.subject === `key:${leaked.record.id}`)).toMatchObject({ severity: 'critical', labels: { key_id: leaked.record.id } });
  });
});
