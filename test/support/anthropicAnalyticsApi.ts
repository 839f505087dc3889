// A scripted stand-in for Anthropic's Usage and Cost Analytics API, for tests that drive the real
// SDK: it answers GET /v1/organizations/analytics/cost and /usage with recorded-shape pages
// (every group dimension present and null unless grouped, as the API returns them; amounts as
// decimal text in cents) and records every request. No test reaches the live API.

type Json = Record<string, unknown>;

const GROUP_KEYS = [
  'actor',
  'actor_type',
  'agent_id',
  'api_key_id',
  'claude_tag_category',
  'claude_tag_user_id',
  'context_window',
  'cost_type',
  'deployment_id',
  'environment_id',
  'inference_geo',
  'model',
  'organization_id',
  'product',
  'rbac_group_id',
  'service_tier',
  'session_id',
  'slack_channel_id',
  'speed',
  'token_type',
  'user_profile_id',
  'workspace_id',
] as const;

function group(values: Json): Json {
  return Object.fromEntries(GROUP_KEYS.map((key) => [key, values[key] ?? null]));
}

function bucket(day: string): { starting_at: string; ending_at: string } {
  const start = Date.parse(`${day}T00:00:00Z`);
  return { starting_at: new Date(start).toISOString().replace('.000', ''), ending_at: new Date(start + 86_400_000).toISOString().replace('.000', '') };
}

/** One cost row: `cents` is the amount as the API writes it, e.g. "2129.16". */
export function costItem(day: string, model: string | null, costType: string, cents: string, listCents = cents): Json {
  return { ...bucket(day), group: group({ model, cost_type: costType }), cost: { amount: cents, currency: 'USD', list_amount: listCents, requests: null } };
}

export interface UsageCounts {
  uncached: number;
  output: number;
  cacheRead?: number;
  write5m?: number;
  write1h?: number;
  requests: number;
}

export function usageItem(day: string, model: string | null, u: UsageCounts): Json {
  const cacheRead = u.cacheRead ?? 0;
  const write5m = u.write5m ?? 0;
  const write1h = u.write1h ?? 0;
  return {
    ...bucket(day),
    group: group({ model }),
    usage: {
      cache_creation: { ephemeral_1h_input_tokens: write1h, ephemeral_5m_input_tokens: write5m },
      cache_read_input_tokens: cacheRead,
      output_tokens: u.output,
      requests: u.requests,
      server_tool_use: { web_search_requests: 0 },
      total_tokens: u.uncached + u.output + cacheRead + write5m + write1h,
      uncached_input_tokens: u.uncached,
    },
  };
}

export interface ScriptedApi {
  fetch: typeof fetch;
  requests: { method: string; url: URL; headers: Headers }[];
}

/**
 * Answers each endpoint from its list of pages, in order: page i links to page i+1 through
 * next_page, the last has has_more false. The lists are read at request time, so a test can
 * change them between pulls. `status` makes every request fail with that status.
 */
export function scriptedAnalyticsApi(pages: { cost: Json[][]; usage: Json[][] }, options: { status?: number; refreshedAt?: string } = {}): ScriptedApi {
  const requests: ScriptedApi['requests'] = [];
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    requests.push({ method: init?.method ?? 'GET', url, headers: new Headers(init?.headers) });
    if (options.status) {
      const error = { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' }, request_id: 'req_test' };
      return new Response(JSON.stringify(error), { status: options.status, headers: { 'content-type': 'application/json', 'request-id': 'req_test' } });
    }
    const endpoint = url.pathname.endsWith('/analytics/cost') ? 'cost' : url.pathname.endsWith('/analytics/usage') ? 'usage' : undefined;
    if (!endpoint) return new Response(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: url.pathname } }), { status: 404 });
    const list = pages[endpoint];
    const token = url.searchParams.get('page');
    const index = token ? Number(token.split('-').pop()) : 0;
    const hasMore = index + 1 < list.length;
    // As the API does, only buckets inside [starting_at, ending_at) are answered.
    const from = Date.parse(url.searchParams.get('starting_at') ?? '');
    const to = Date.parse(url.searchParams.get('ending_at') ?? '');
    const inRange = (item: Json) => Date.parse(String(item.starting_at)) >= from && Date.parse(String(item.starting_at)) < to;
    const body = {
      data: (list[index] ?? []).filter(inRange),
      has_more: hasMore,
      next_page: hasMore ? `${endpoint}-page-${index + 1}` : null,
      data_refreshed_at: options.refreshedAt ?? null,
    };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', 'request-id': `req_${endpoint}_${index}` } });
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}
