// The scripted calls every capture makes, and what the scripted API answers to each. A scenario's
// steps are its HTTP attempts in order; the last one is what the caller finally gets. This table
// is the truth the captures are checked against: the API "really returned" exactly this.

export interface Usage {
  input_tokens: number; // uncached input, as Anthropic reports it
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  service_tier: string;
}

export interface Step {
  status: number;
  /** For an error step: Anthropic's error type. */
  errorType?: string;
  responseModel?: string;
  stopReason?: string;
  usage?: Usage;
  stream?: boolean;
}

export interface Scenario {
  name: string;
  model: string;
  stream: boolean;
  /** Tool use: the request declares a tool and the answer calls it. */
  tool: boolean;
  steps: Step[];
}

function usage(input: number, output: number, read = 0, write5m = 0, write1h = 0): Usage {
  return {
    input_tokens: input,
    output_tokens: output,
    cache_creation_input_tokens: write5m + write1h,
    cache_read_input_tokens: read,
    cache_creation: { ephemeral_5m_input_tokens: write5m, ephemeral_1h_input_tokens: write1h },
    service_tier: 'standard',
  };
}

const ok = (responseModel: string, u: Usage, stopReason = 'end_turn'): Step => ({ status: 200, responseModel, usage: u, stopReason });
const error = (status: number, errorType: string): Step => ({ status, errorType });

const SONNET = 'claude-sonnet-4-6';
const OPUS = 'claude-opus-4-6';
const HAIKU = 'claude-haiku-4-5';

export const SCENARIOS: Record<string, Scenario> = {
  plain: { name: 'plain', model: HAIKU, stream: false, tool: false, steps: [ok('claude-haiku-4-5-20251001', usage(40, 12))] },
  'create-cache': { name: 'create-cache', model: SONNET, stream: false, tool: false, steps: [ok(SONNET, usage(1200, 350, 8192, 1024, 1024))] },
  // The same call as create-cache with every write at the default TTL: the older corpus' case.
  create: { name: 'create', model: SONNET, stream: false, tool: false, steps: [ok(SONNET, usage(1200, 350, 8192, 2048, 0))] },
  stream: { name: 'stream', model: HAIKU, stream: true, tool: false, steps: [{ ...ok('claude-haiku-4-5-20251001', usage(900, 120)), stream: true }] },
  'tool-use': { name: 'tool-use', model: SONNET, stream: false, tool: true, steps: [ok(SONNET, usage(600, 45), 'tool_use')] },
  '429-retried': {
    name: '429-retried',
    model: SONNET,
    stream: false,
    tool: false,
    steps: [error(429, 'rate_limit_error'), error(429, 'rate_limit_error'), ok(SONNET, usage(500, 80))],
  },
  '529-retried': { name: '529-retried', model: OPUS, stream: false, tool: false, steps: [error(529, 'overloaded_error'), ok(OPUS, usage(3000, 64, 1000))] },
  '400': { name: '400', model: SONNET, stream: false, tool: false, steps: [error(400, 'invalid_request_error')] },
  // The SDK's default of 2 retries: three 429s and the caller gets the error.
  '429-exhausted': {
    name: '429-exhausted',
    model: OPUS,
    stream: false,
    tool: false,
    steps: [error(429, 'rate_limit_error'), error(429, 'rate_limit_error'), error(429, 'rate_limit_error')],
  },
};

/** What every instrumentation's conformance capture makes, in this order (issue 11's list). */
export const CONFORMANCE_SCENARIOS = ['plain', 'create-cache', 'stream', 'tool-use', '429-retried', '400', '429-exhausted'] as const;

/**
 * USD per million tokens, written here by hand from Anthropic's published price list so the truth
 * does not come from the collector's own pricing code: [input, output, cache read, 5m write, 1h write].
 */
const PRICES_USD_PER_MTOK: Record<string, [number, number, number, number, number]> = {
  [HAIKU]: [1, 5, 0.1, 1.25, 2],
  [SONNET]: [3, 15, 0.3, 3.75, 6],
  [OPUS]: [5, 25, 0.5, 6.25, 10],
};

/** Exact cost of a usage in nano-dollars: USD per MTok × 1000 is nano-dollars per token. */
export function costNanoUsd(model: string, u: Usage): bigint {
  const prices = PRICES_USD_PER_MTOK[model];
  if (!prices) throw new Error(`no truth price for ${model}`);
  const perToken = prices.map((usd) => BigInt(Math.round(usd * 1000)));
  const counts = [
    u.input_tokens,
    u.output_tokens,
    u.cache_read_input_tokens,
    u.cache_creation.ephemeral_5m_input_tokens,
    u.cache_creation.ephemeral_1h_input_tokens,
  ];
  return counts.reduce((sum, count, i) => sum + BigInt(count) * perToken[i]!, 0n);
}
