// Done means (issue 12): a batch of 3 results read twice, through the real SDK, the hook and a
// scripted API, is 3 calls at batch rates, attributed to the context that created the batch.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallDetailResponse, CallsResponse, SummaryResponse } from '@burnrate/contract';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { instrument, type Burnrate } from '../../sdk-hook/src/index';
import { json, MESSAGE, Script, USAGE, type Step } from '../support/sdkHook/scriptedFetch';
import { startCollector, type RunningCollector } from '../support/collector';

const BATCH_ID = 'msgbatch_01';
const NO_CACHE = { cache_read_input_tokens: 0, cache_creation_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } };
const CREATOR = { team: 'nightly-jobs', feature: 'digest', user: 'cron' };

let running: RunningCollector;
let burnrate: Burnrate;
let window: { from: string; to: string };
let endedAt: string;

function batch(status: 'in_progress' | 'ended') {
  return {
    id: BATCH_ID,
    type: 'message_batch',
    processing_status: status,
    request_counts: { processing: status === 'ended' ? 0 : 3, succeeded: status === 'ended' ? 3 : 0, errored: 0, canceled: 0, expired: 0 },
    created_at: new Date(Date.parse(endedAt) - 60_000).toISOString(),
    ended_at: status === 'ended' ? endedAt : null,
    expires_at: new Date(Date.parse(endedAt) + 86_400_000).toISOString(),
    archived_at: null,
    cancel_initiated_at: null,
    results_url: status === 'ended' ? `https://api.anthropic.com/v1/messages/batches/${BATCH_ID}/results` : null,
  };
}

// Three succeeded results, Sonnet 4.6, 1000 in and 500 out each, served on the batch tier.
function results(): Step {
  const lines = ['a', 'b', 'c'].map((id) =>
    JSON.stringify({
      custom_id: `req-${id}`,
      result: {
        type: 'succeeded',
        message: {
          ...MESSAGE,
          id: `msg_${id}`,
          model: 'claude-sonnet-4-6',
          usage: { ...USAGE, ...NO_CACHE, input_tokens: 1000, output_tokens: 500, service_tier: 'batch' },
        },
      },
    }),
  );
  return () => new Response(`${lines.join('\n')}\n`, { status: 200, headers: { 'content-type': 'application/binary' } });
}

beforeAll(async () => {
  running = await startCollector({}, DEFAULT_MODULES);
  burnrate = instrument({ serviceName: 'batch-app', endpoint: running.url });
  const from = Date.now();
  endedAt = new Date(from + 1000).toISOString();
  const script = new Script().then(json(batch('in_progress')), json(batch('ended')), results(), json(batch('ended')), results());
  const client = burnrate.anthropic(new Anthropic({ apiKey: 'test-key', fetch: script.fetch }));
  const request = { custom_id: 'req-a', params: { model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user' as const, content: 'hi' }] } };
  const created = await burnrate.withContext(CREATOR, () =>
    client.messages.batches.create({ requests: [request, { ...request, custom_id: 'req-b' }, { ...request, custom_id: 'req-c' }] }),
  );
  expect(created.id).toBe(BATCH_ID);
  // Read twice, outside the creating context, as a later job would.
  for (let read = 0; read < 2; read++) {
    const ids: string[] = [];
    for await (const item of await client.messages.batches.results(BATCH_ID)) ids.push(item.custom_id);
    expect(ids).toEqual(['req-a', 'req-b', 'req-c']);
  }
  expect(script.remaining).toBe(0);
  window = { from: new Date(from - 1000).toISOString(), to: new Date(Date.now() + 5000).toISOString() };
  await burnrate.flush();
});

afterAll(async () => {
  await burnrate?.shutdown();
  await running?.stop();
});

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${running.url}/api/v1${path}`);
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
}

it('each succeeded result is one call at batch rates, once although the results were read twice', async () => {
  const calls = await get<CallsResponse>(`/calls?from=${window.from}&to=${window.to}&limit=50`);
  // (1000·3000 + 500·15,000) × 0.5 = 5,250,000 n$ each
  expect(calls.rows.map((r) => [r.model, r.costNanoUsd, r.team, r.feature, r.user])).toEqual([
    ['claude-sonnet-4-6', '5250000', 'nightly-jobs', 'digest', 'cron'],
    ['claude-sonnet-4-6', '5250000', 'nightly-jobs', 'digest', 'cron'],
    ['claude-sonnet-4-6', '5250000', 'nightly-jobs', 'digest', 'cron'],
  ]);
  const summary = await get<SummaryResponse>(`/summary?from=${window.from}&to=${window.to}`);
  expect(summary).toMatchObject({ calls: 3, costNanoUsd: '15750000', unpricedCalls: 0 });
  const detail = await get<CallDetailResponse>(`/calls/${calls.rows[0]!.traceId}/${calls.rows[0]!.spanId}`);
  expect(detail.call).toMatchObject({ batch: true, serviceTier: 'batch', startTime: endedAt });
});
