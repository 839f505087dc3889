// price(usage, model, time) → exact cost. Pure: the table is passed in.
import type { TokenUsage } from '../normalize/callRow';
import { divRoundHalfUp, multiply, ONE, type Ratio } from './decimal';
import type { PriceEntry, PriceTable, TokenPrices } from './priceTable';

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
}

export type PricedCall =
  | { priced: true; costNanoUsd: bigint; priceModel: string; priceFrom: string }
  | { priced: false; reason: string };

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

export function priceCall(table: PriceTable, usage: TokenUsage, call: CallToPrice): PricedCall {
  for (const kind of TOKEN_KINDS) {
    const count = usage[kind];
    if (!Number.isSafeInteger(count) || count < 0) return unpriced(`usage.${kind} must be a non-negative integer, got ${count}`);
  }
  const entry = table.lookup(call.model, call.at);
  if (entry === undefined) return unpriced(whyNoEntry(table, call));

  const batch = call.batch === true || call.serviceTier?.trim().toLowerCase() === 'batch';
  const fast = call.speed?.trim().toLowerCase() === 'fast';
  if (fast && batch) return unpriced('fast mode is not offered on the Batch API');
  // The response reports the speed a call really ran at and Anthropic bills that speed, so a
  // "fast" call with no fast price is unknown, not standard: leave it unpriced rather than guess.
  if (fast && entry.fast === undefined) return unpriced(`no fast-mode price for ${entry.model}`);

  // Anthropic bands on the whole prompt, cached or not, and then prices every token of the
  // request, output included, at the band's rates.
  const prompt = usage.inputTokens + usage.cacheReadTokens + usage.cacheWrite5mTokens + usage.cacheWrite1hTokens;
  const p = pricesFor(entry, prompt);
  const listNanoUsd =
    BigInt(usage.inputTokens) * p.input +
    BigInt(usage.outputTokens) * p.output +
    BigInt(usage.cacheReadTokens) * p.cacheRead +
    BigInt(usage.cacheWrite5mTokens) * p.cacheWrite5m +
    BigInt(usage.cacheWrite1hTokens) * p.cacheWrite1h;

  // Every modifier multiplies all token kinds alike and they stack, so their product is applied to
  // the exact sum. Models with no US-only premium never took the inference_geo parameter, so the
  // flag leaves them at standard prices. Priority Tier has no published per-token price (it is
  // sold as a capacity commitment), so a "priority" call is valued at list prices.
  let factor: Ratio = ONE;
  if (batch) factor = multiply(factor, entry.batch);
  if (call.dataResidency === true && entry.dataResidency !== undefined) factor = multiply(factor, entry.dataResidency);
  if (fast && entry.fast !== undefined) factor = multiply(factor, entry.fast);

  // Rounded once per call, half up: a batch price like $0.125/MTok × 0.5 is 62.5 n$/token, and
  // rounding each kind (or each token) would compound those halves; once per call the error is
  // under half a nano-dollar.
  const costNanoUsd = divRoundHalfUp(listNanoUsd * factor.num, factor.den);
  return { priced: true, costNanoUsd, priceModel: entry.model, priceFrom: entry.from };
}
