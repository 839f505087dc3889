// Issue 12: the Spend screen's cost lines are the API's figures. Calls made through the real SDK
// and the hook (Opus 5.5 fast, Sonnet 5.5 US-only, 3 web searches) reach a collector serving the
// built dashboard; each line on the screen reads exactly what /api/v1/spend/lines answers.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CostLinesResponse } from '@burnrate/contract';
import { formatUsd } from '../../dashboard/src/format';
import { instrument, type Burnrate } from '../../sdk-hook/src/index';
import { MESSAGE, message, Script, USAGE } from '../support/sdkHook/scriptedFetch';
import { startHarness, type Harness } from './support/dashboardHarness';

let h: Harness;
let burnrate: Burnrate;

const NO_CACHE = { cache_read_input_tokens: 0, cache_creation_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } };
// One message id per call, as the API gives: the collector stores one call per message id.
const reply = (model: string, extra: Record<string, unknown>) => ({
  ...MESSAGE,
  id: `msg_${model}`,
  model,
  usage: { ...USAGE, ...NO_CACHE, input_tokens: 1000, output_tokens: 500, ...extra },
});

beforeAll(async () => {
  h = await startHarness();
  burnrate = instrument({ serviceName: 'spend-lines-app', endpoint: h.collector.url });
  const script = new Script().then(
    message({}, reply('claude-opus-5-5', { speed: 'fast' })),
    message({}, reply('claude-sonnet-5-5', { inference_geo: 'us' })),
    message({}, reply('claude-haiku-4-5', { server_tool_use: { web_search_requests: 3, web_fetch_requests: 0 } })),
  );
  const client = burnrate.anthropic(new Anthropic({ apiKey: 'test-key', fetch: script.fetch }));
  const messages = [{ role: 'user' as const, content: 'hi' }];
  await client.messages.create({ model: 'claude-opus-5-5', max_tokens: 64, messages, speed: 'fast' } as never);
  await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 64, messages, inference_geo: 'us' } as never);
  await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages });
  await burnrate.flush();
}, 180_000);
afterAll(async () => {
  await burnrate?.shutdown();
  await h?.stop();
});

it("each cost line on the Spend screen is the API's", async () => {
  await h.open('#/spend?range=24h');
  const table = h.page.locator('[data-testid="cost-lines"]');
  await table.waitFor();
  // The screen's range ends at the moment it loaded; the API is asked for the same day.
  const now = Date.now();
  const api = await h.api<CostLinesResponse>(`/api/v1/spend/lines?from=${new Date(now - 86_400_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`);
  // Opus 5.5: 1000·4000 + 500·20,000 = 14,000,000 (×2 fast); Sonnet 5.5: 7,000,000 (×1.1);
  // Haiku 4.5: 1000·1000 + 500·5000 = 3,500,000 and 3 searches at 10,000,000.
  expect(api).toMatchObject({
    tokens: { costNanoUsd: '24500000' },
    fastMode: { costNanoUsd: '14000000' },
    usOnly: { costNanoUsd: '700000' },
    webSearch: { costNanoUsd: '30000000', requests: 3 },
    total: { costNanoUsd: '69200000' },
  });
  for (const id of ['tokens', 'fastMode', 'usOnly', 'webSearch', 'total'] as const) {
    expect(await h.page.locator(`[data-testid="cost-line-${id}"]`).innerText()).toBe(formatUsd(api[id].costUsd));
  }
  await h.screenshot('spend-cost-lines');
});
