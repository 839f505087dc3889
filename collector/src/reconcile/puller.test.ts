// The pull through the real Anthropic SDK, with a scripted fetch in place of the network and a
// recording gateway in place of ClickHouse (test/integration/reconcile.test.ts has the store).
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { ModuleContext } from '../collectorModule';
import { ConfigError, loadConfig } from '../config';
import type { Gateway } from '../store/gateway';
import { reconcileModule } from './module';
import { ReportPuller } from './puller';
import { costItem, scriptedAnalyticsApi, usageItem, type ScriptedApi } from '../../../test/support/anthropicAnalyticsApi';

const KEY = 'sk-ant-admin01-test-key';
const NOW = new Date('2026-11-21T15:30:00Z');

function recordingGateway() {
  const inserts: { table: string; rows: Record<string, unknown>[] }[] = [];
  const gateway = {
    database: 'test',
    cluster: undefined,
    kind: 'embedded',
    table: (name: string) => `\`test\`.\`${name}\``,
    insert: async (_tag: string, table: string, rows: readonly object[]) => {
      inserts.push({ table, rows: rows as Record<string, unknown>[] });
    },
  } as unknown as Gateway;
  return { gateway, inserts };
}

function puller(api: ScriptedApi, gateway: Gateway, warnings: string[] = []) {
  const client = new Anthropic({ apiKey: KEY, fetch: api.fetch, maxRetries: 0 });
  return new ReportPuller({ client, gateway, lookbackDays: 1, now: () => NOW, warn: (m) => warnings.push(m) });
}

const COST_PAGES = [
  [costItem('2026-11-20', 'claude-sonnet-4-6-20260115', 'tokens', '2129.16', '2500'), costItem('2026-11-20', 'claude-sonnet-4-6', 'web_search', '1')],
  [costItem('2026-11-21', 'claude-haiku-4-5', 'tokens', '15.0000004')],
];
const USAGE_PAGES = [[usageItem('2026-11-20', 'claude-sonnet-4-6', { uncached: 1200, output: 350, cacheRead: 8192, write5m: 1024, requests: 3 })]];

describe('ReportPuller', () => {
  it('asks-the-analytics-api-through-the-sdk-follows-pages-and-stores-one-row-per-day-and-model', async () => {
    const api = scriptedAnalyticsApi({ cost: COST_PAGES, usage: USAGE_PAGES }, { refreshedAt: '2026-11-21T14:00:00Z' });
    const { gateway, inserts } = recordingGateway();
    const outcome = await puller(api, gateway).pull();
    expect(outcome).toEqual({ at: NOW, ok: true, error: null, days: 2 });

    expect(api.requests.map((r) => `${r.method} ${r.url.pathname}?${r.url.searchParams}`)).toEqual([
      'GET /v1/organizations/analytics/cost?starting_at=2026-11-20T00%3A00%3A00.000Z&ending_at=2026-11-21T15%3A30%3A00.000Z&time_bucket_width=1d&limit=1000&group_by%5B%5D=model&group_by%5B%5D=cost_type',
      'GET /v1/organizations/analytics/cost?starting_at=2026-11-20T00%3A00%3A00.000Z&ending_at=2026-11-21T15%3A30%3A00.000Z&time_bucket_width=1d&limit=1000&group_by%5B%5D=model&group_by%5B%5D=cost_type&page=cost-page-1',
      'GET /v1/organizations/analytics/usage?starting_at=2026-11-20T00%3A00%3A00.000Z&ending_at=2026-11-21T15%3A30%3A00.000Z&time_bucket_width=1d&limit=1000&group_by%5B%5D=model',
    ]);
    for (const request of api.requests) {
      expect(request.headers.get('anthropic-beta')).toContain('analytics-usage-cost-2026-08-24');
      expect(`${request.headers.get('x-api-key')} ${request.headers.get('authorization')}`).toContain(KEY);
    }

    expect(inserts).toHaveLength(1);
    expect(inserts[0]!.table).toBe('`test`.`anthropic_daily_report`');
    const stamp = { data_refreshed_at: '2026-11-21 14:00:00.000', pulled_at: '2026-11-21 15:30:00.000' };
    const zeros = {
      cost_nano: '0',
      list_cost_nano: '0',
      other_cost_nano: '0',
      requests: 0,
      uncached_input_tokens: 0,
      output_tokens: 0,
      cache_read_tokens: 0,
      cache_write_5m_tokens: 0,
      cache_write_1h_tokens: 0,
    };
    expect(inserts[0]!.rows).toEqual([
      { day: '2026-11-20', model: '', ...zeros, ...stamp },
      {
        day: '2026-11-20',
        model: 'claude-sonnet-4-6',
        cost_nano: '21291600000',
        list_cost_nano: '25000000000',
        other_cost_nano: '10000000',
        requests: 3,
        uncached_input_tokens: 1200,
        output_tokens: 350,
        cache_read_tokens: 8192,
        cache_write_5m_tokens: 1024,
        cache_write_1h_tokens: 0,
        ...stamp,
      },
      { day: '2026-11-21', model: '', ...zeros, ...stamp },
      { day: '2026-11-21', model: 'claude-haiku-4-5', ...zeros, cost_nano: '150000004', list_cost_nano: '150000004', ...stamp },
    ]);
  });

  it('a-refused-key-is-recorded-and-logged-and-nothing-is-stored', async () => {
    const api = scriptedAnalyticsApi({ cost: [], usage: [] }, { status: 401 });
    const { gateway, inserts } = recordingGateway();
    const warnings: string[] = [];
    const outcome = await puller(api, gateway, warnings).pull();
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/^401 /);
    expect(outcome.error).not.toContain(KEY);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^burnrate: pulling Anthropic's usage and cost report failed: 401 /);
    expect(inserts).toEqual([]);
  });

  it('a-report-in-an-unexpected-shape-fails-the-pull', async () => {
    const api = scriptedAnalyticsApi({ cost: [[{ ...costItem('2026-11-21', 'm', 'tokens', '1'), cost: { amount: 12, currency: 'USD' } }]], usage: [] });
    const { gateway, inserts } = recordingGateway();
    const outcome = await puller(api, gateway).pull();
    expect(outcome).toMatchObject({ ok: false, error: 'unexpected cost row from Anthropic: cost.amount: Invalid input: expected string, received number' });
    expect(inserts).toEqual([]);
  });

  it('two-pulls-at-once-make-one-set-of-requests', async () => {
    const api = scriptedAnalyticsApi({ cost: COST_PAGES, usage: USAGE_PAGES });
    const { gateway, inserts } = recordingGateway();
    const p = puller(api, gateway);
    const [a, b] = await Promise.all([p.pull(), p.pull()]);
    expect(a).toBe(b);
    expect(api.requests).toHaveLength(3);
    expect(inserts).toHaveLength(1);
  });
});

describe('reconcileModule', () => {
  const context = (env: Record<string, string> = {}) => ({ gateway: recordingGateway().gateway, config: loadConfig(env) }) as unknown as ModuleContext;

  it('without-an-admin-key-it-pulls-nothing', async () => {
    const module = reconcileModule({ fetch: (() => Promise.reject(new Error('no network in tests'))) as typeof fetch });
    await module.start!(context());
    expect(await module.pullNow()).toBeUndefined();
    await module.stop!();
  });

  it('a-bad-setting-stops-the-start-naming-the-variable', () => {
    expect(() => loadConfig({ ANTHROPIC_ADMIN_KEY: KEY, BURNRATE_RECONCILE_LOOKBACK_DAYS: 'a week' })).toThrow(ConfigError);
    expect(() => loadConfig({ ANTHROPIC_ADMIN_KEY: KEY, BURNRATE_RECONCILE_LOOKBACK_DAYS: 'a week' })).toThrow(/BURNRATE_RECONCILE_LOOKBACK_DAYS/);
  });

  it('with-a-key-it-pulls-at-start-through-the-given-fetch', async () => {
    const api = scriptedAnalyticsApi({ cost: COST_PAGES, usage: USAGE_PAGES });
    const module = reconcileModule({ fetch: api.fetch, now: () => NOW });
    await module.start!(context({ ANTHROPIC_ADMIN_KEY: KEY }));
    const outcome = await module.pullNow(); // joins the pull the start began
    expect(outcome).toMatchObject({ ok: true, days: 8 });
    expect(api.requests).toHaveLength(3);
    await module.stop!();
  });
});
