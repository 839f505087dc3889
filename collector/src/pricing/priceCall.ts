// price(usage, model, time) → exact cost. Pure: the table is passed in.
import type { TokenUsage } from '../normalize/callRow';
import { divRoundHalfUp, multiply, ONE, type Ratio } from './decimal';
import type { PriceEntry, PriceSource, PriceTable, TokenPrices } from './priceTable';

export interface CallToPrice {
  model: string;
  at: Date;
  /** Sent through the Message Batches API. */
  batch?: boolean;
  /** US-only inference (inference_geo "us"). */
  dataResidency?: boolean;
  /** The speed the call ran at, as the response reports it ("fast" or "standard"). */
  speed?: string;
  /** usage.service_tier of the response: "standard", "priority" or "batch". */
  serviceTier?: string;
  /** usage.server_tool_use.web_search_requests. */
  webSearchRequests?: number;
  /** gen_ai.provider.name: 'anthropic', 'aws.bedrock', 'gcp.vertex_ai', … */
  provider?: string;
  /** On a cloud: which endpoint served the call ('global', 'regional'; '' when not known). */
  cloudEndpoint?: string;
}

/** The clouds whose published Claude prices are Anthropic's, plus a regional-endpoint premium. */
const CLOUDS = new Set(['aws.bedrock', 'gcp.vertex_ai']);

/**
 * A call's cost split the way a bill lists it, in nano-dollars; the lines sum to the total exactly.
 * `tokens` is the tokens at standard speed and residency (batch discount included); `fastMode` and
 * `usOnly` are what those premiums add; `webSearch` is the server-tool fee.
 */
export interface CostLines {
  tokens: bigint;
  fastMode: bigint;
  usOnly: bigint;
  webSearch: bigint;
}

export type PricedCall =
  { priced: true; costNanoUsd: bigint; lines: CostLines; priceModel: string; priceFrom: string; priceSource: PriceSource } | { priced: false; reason: string };

const TOKEN_KINDS = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens'] as const;

function unpriced(reason: string): PricedCall {
  return { priced: false, reason };
}

function whyNoEntry(table: PriceTable, call: CallToPrice): string {
  if (Number.isNaN(call.at.getTime())) return 'the call time is not a valid date';
  const history = table.history(call.model);
  const first = history[0];
  if (first === undefined) return `no price for model "${call.model}"`;
  return `no price for ${first.model} before ${first.from} (call at ${call.at.toISOString()})`;
}

/** The prices for this request's prompt length: the highest band the prompt is over, else base. */
function pricesFor(entry: PriceEntry, promptTokens: number): TokenPrices {
  let prices = entry.prices;
  for (const band of entry.bands) if (promptTokens > band.abovePromptTokens) prices = band.prices;
  return prices;
}

/**
 * The tokens at list price: sum of count × nano-dollars per token. In doubles when the sum is a
 * safe integer, and then it is exact: every term is a non-negative integer no larger than the sum,
 * so no product or partial sum ever rounds. Past 2^53 n$ (about $9M) in BigInt. Most calls take
 * the first way, which spares the ingest path a dozen BigInt allocations per call.
 */
function listCost(usage: TokenUsage, p: TokenPrices): bigint {
  const inDoubles =
    usage.inputTokens * Number(p.input) +
    usage.outputTokens * Number(p.output) +
    usage.cacheReadTokens * Number(p.cacheRead) +
    usage.cacheWrite5mTokens * Number(p.cacheWrite5m) +
    usage.cacheWrite1hTokens * Number(p.cacheWrite1h);
  if (Number.isSafeInteger(inDoubles)) return BigInt(inDoubles);
  return (
    BigInt(usage.inputTokens) * p.input +
    BigInt(usage.outputTokens) * p.output +
    BigInt(usage.cacheReadTokens) * p.cacheRead +
    BigInt(usage.cacheWrite5mTokens) * p.cacheWrite5m +
    BigInt(usage.cacheWrite1hTokens) * p.cacheWrite1h
  );
}

export function priceCall(table: PriceTable, usage: TokenUsage, call: CallToPrice): PricedCall {
  for (const kind of TOKEN_KINDS) {
    const count = usage[kind];
    if (!Number.isSafeInteger(count) || count < 0) return unpriced(`usage.${kind} must be a non-negative integer, got ${count}`);
  }
  const searches = call.webSearchRequests ?? 0;
  if (!Number.isSafeInteger(searches) || searches < 0) return unpriced(`web search requests must be a non-negative integer, got ${searches}`);
  const entry = table.lookup(call.model, call.at);
  if (entry === undefined) return unpriced(whyNoEntry(table, call));

  const batch = call.batch === true || call.serviceTier?.trim().toLowerCase() === 'batch';
  const fast = call.speed?.trim().toLowerCase() === 'fast';
  if (fast && batch) return unpriced('fast mode is not offered on the Batch API');
  // The response reports the speed a call really ran at and Anthropic bills that speed, so a
  // "fast" call with no fast price is unknown, not standard: leave it unpriced rather than guess.
  if (fast && entry.fast === undefined) return unpriced(`no fast-mode price for ${entry.model}`);

  // On Bedrock and Google Cloud, from Sonnet 4.5 on, the global endpoint is priced as Anthropic's
  // list and a regional one 10% higher; a call whose endpoint is not known is not guessed at.
  const cloud = call.provider !== undefined && CLOUDS.has(call.provider) && entry.cloudRegional !== undefined;
  if (cloud && call.cloudEndpoint !== 'global' && call.cloudEndpoint !== 'regional') {
    return unpriced(`${call.provider} call to ${entry.model} from an unknown endpoint: its global and regional prices differ`);
  }
  const regional = cloud && call.cloudEndpoint === 'regional' ? entry.cloudRegional : undefined;

  // Anthropic bands on the whole prompt, cached or not, and then prices every token of the
  // request, output included, at the band's rates. Fast mode is the exception: "priced at a
  // multiplier on standard rates across the full context window, including requests over 200k
  // input tokens" (Anthropic, "Fast mode", platform.claude.com/docs/en/build-with-claude/fast-mode,
  // checked 2026-12-06), so a fast call takes the base rates whatever its prompt length.
  const prompt = usage.inputTokens + usage.cacheReadTokens + usage.cacheWrite5mTokens + usage.cacheWrite1hTokens;
  const p = fast ? entry.prices : pricesFor(entry, prompt);
  const listNanoUsd = listCost(usage, p);

  // Every modifier multiplies all token kinds alike and they stack, so their product is applied to
  // the exact sum. Models with no US-only premium never took the inference_geo parameter, so the
  // flag leaves them at standard prices. Priority Tier has no published per-token price (it is
  // sold as a capacity commitment), so a "priority" call is valued at list prices.
  // The regional premium is the cloud's token price, so it belongs to the token line.
  const atCloud: Ratio = regional ?? ONE;
  const atBatch: Ratio = batch ? multiply(atCloud, entry.batch) : atCloud;
  const atResidency = call.dataResidency === true && entry.dataResidency !== undefined ? multiply(atBatch, entry.dataResidency) : atBatch;
  const atSpeed = fast && entry.fast !== undefined ? multiply(atResidency, entry.fast) : atResidency;

  // Rounded once per call, half up: a batch price like $0.125/MTok × 0.5 is 62.5 n$/token, and
  // rounding each kind (or each token) would compound those halves; once per call the error is
  // under half a nano-dollar. The premium lines are differences of those once-rounded totals, so
  // the lines add up to the call's token cost exactly.
  const round = (factor: Ratio) => (factor === ONE ? listNanoUsd : divRoundHalfUp(listNanoUsd * factor.num, factor.den));
  const tokens = round(atBatch);
  const withResidency = atResidency === atBatch ? tokens : round(atResidency);
  const withSpeed = atSpeed === atResidency ? withResidency : round(atSpeed);
  // Server-tool fees are per request, not per token: no batch, residency or fast-mode multiplier
  // applies to them (Google Cloud's fast-mode note bills web search "at the standard rate").
  const webSearch = searches === 0 ? 0n : BigInt(searches) * entry.webSearchNanoUsd;
  const lines: CostLines = { tokens, fastMode: withSpeed - withResidency, usOnly: withResidency - tokens, webSearch };
  return {
    priced: true,
    costNanoUsd: withSpeed + webSearch,
    lines,
    priceModel: entry.model,
    priceFrom: entry.from,
    priceSource: entry.source,
  };
}
