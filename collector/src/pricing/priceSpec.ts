// The written form of a price, shared by the default table and the override file: USD per
// million tokens as decimal text or JSON numbers, the units Anthropic publishes. It is turned into
// integer nano-dollars per token (priceTable.ts) before any arithmetic.

/** A decimal as written: 18.75 or "18.75". */
export type Decimal = number | string;

export interface UsdPerMTok {
  /** Uncached input tokens. */
  input: Decimal;
  output: Decimal;
  cacheWrite5m: Decimal;
  cacheWrite1h: Decimal;
  /** Cache hits and refreshes. */
  cacheRead: Decimal;
}

/**
 * A prompt-length band: when a request's prompt (uncached input + cache reads + both cache writes)
 * is over `abovePromptTokens`, every token of the request, output included, is priced here.
 */
export interface PriceBandSpec {
  abovePromptTokens: number;
  usdPerMTok: UsdPerMTok;
}

/** Multipliers Anthropic applies on top of a model's prices; each stacks with the others. */
export interface MultiplierSpec {
  /** Batch API; 0.5 for every model when absent. */
  batch?: Decimal;
  /** US-only inference (inference_geo "us"); absent = the model has no such premium. */
  dataResidency?: Decimal;
  /** Fast mode (speed "fast"); absent = the model has no fast-mode price. */
  fast?: Decimal;
  /**
   * Amazon Bedrock and Google Cloud: a regional (or geographic) endpoint's premium over the
   * global endpoint, which is priced as Anthropic's list; absent = the clouds price every
   * endpoint as Anthropic does (models before Sonnet 4.5).
   */
  cloudRegional?: Decimal;
}

/** Per-request fees of Anthropic's server tools, USD per 1,000 requests (usage.server_tool_use). */
export interface ServerToolFeeSpec {
  /** Web search; $10 per 1,000 when absent (the same on every model). */
  webSearchPerThousand?: Decimal;
}

export interface PriceSpec {
  /** Canonical model id (canonicalModelId form). */
  model: string;
  /** Other names of the same model that canonicalModelId cannot reduce to `model`. */
  aliases?: readonly string[];
  /** First day (UTC, YYYY-MM-DD) these prices apply; they hold until a later entry's `from`. */
  from: string;
  usdPerMTok: UsdPerMTok;
  bands?: readonly PriceBandSpec[];
  multipliers?: MultiplierSpec;
  serverTools?: ServerToolFeeSpec;
  /**
   * Price-file rows only: the first day (UTC) the row no longer applies. Without it a file row
   * holds from its `from` on, over every default row of the model, later ones included.
   */
  until?: string;
}
