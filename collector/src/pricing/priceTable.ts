// The price table: every model's prices over time, in integer nano-dollars per token, looked up
// by (model, call time). Effective dating: an entry holds from its `from` day until the next
// entry of the same model, so a price change on a date prices calls from that date on.
import { type Ratio, parseMultiplier, usdPerMTokToNanoPerToken } from './decimal';
import { DEFAULT_PRICES } from './defaultPrices';
import { canonicalModelId } from './modelId';
import { applyOverrides, PricingFileError, readOverrideFile } from './overrideFile';
import { utcDayStartMs } from './utcDay';
import type { MultiplierSpec, PriceSpec, UsdPerMTok } from './priceSpec';

/** Nano-dollars (1e-9 USD) per token. */
export interface TokenPrices {
  readonly input: bigint;
  readonly output: bigint;
  readonly cacheWrite5m: bigint;
  readonly cacheWrite1h: bigint;
  readonly cacheRead: bigint;
}

export interface PriceBand {
  /** Applies when uncached input + cache reads + cache writes is over this many tokens. */
  readonly abovePromptTokens: number;
  readonly prices: TokenPrices;
}

export interface PriceEntry {
  readonly model: string;
  readonly aliases: readonly string[];
  /** YYYY-MM-DD; the entry applies from 00:00 UTC of this day. */
  readonly from: string;
  readonly fromMs: number;
  readonly prices: TokenPrices;
  /** Prompt-length bands, lowest threshold first. */
  readonly bands: readonly PriceBand[];
  readonly batch: Ratio;
  /** US-only inference; undefined when the model has no such premium. */
  readonly dataResidency?: Ratio;
  /** Fast mode; undefined when the model has no fast-mode price. */
  readonly fast?: Ratio;
}

// The Batch API halves every model's prices (Anthropic's pricing page, "Batch processing").
const DEFAULT_BATCH = 0.5;

function tokenPrices(usd: UsdPerMTok, at: string): TokenPrices {
  const convert = (kind: keyof UsdPerMTok) => {
    try {
      return usdPerMTokToNanoPerToken(usd[kind]);
    } catch (error) {
      throw new Error(`${at}.${kind} ${(error as Error).message}`);
    }
  };
  return {
    input: convert('input'),
    output: convert('output'),
    cacheWrite5m: convert('cacheWrite5m'),
    cacheWrite1h: convert('cacheWrite1h'),
    cacheRead: convert('cacheRead'),
  };
}

function ratio(multipliers: MultiplierSpec | undefined, kind: keyof MultiplierSpec): Ratio | undefined {
  const written = multipliers?.[kind];
  if (written === undefined) return undefined;
  try {
    return parseMultiplier(written);
  } catch (error) {
    throw new Error(`multipliers.${kind} ${(error as Error).message}`);
  }
}

/** Converts the written form. Throws an Error naming the model, day and field on a bad value. */
export function priceEntryFromSpec(spec: PriceSpec): PriceEntry {
  const where = `price ${spec.model} from ${spec.from}`;
  try {
    const fromMs = utcDayStartMs(spec.from);
    if (fromMs === undefined) throw new Error('from must be a date as YYYY-MM-DD');
    const bands = (spec.bands ?? [])
      .map((band, i) => {
        if (!Number.isSafeInteger(band.abovePromptTokens) || band.abovePromptTokens < 0) {
          throw new Error(`bands[${i}].abovePromptTokens must be a non-negative integer`);
        }
        return { abovePromptTokens: band.abovePromptTokens, prices: tokenPrices(band.usdPerMTok, `bands[${i}].usdPerMTok`) };
      })
      .sort((a, b) => a.abovePromptTokens - b.abovePromptTokens);
    return {
      model: canonicalModelId(spec.model),
      aliases: (spec.aliases ?? []).map(canonicalModelId),
      from: spec.from,
      fromMs,
      prices: tokenPrices(spec.usdPerMTok, 'usdPerMTok'),
      bands,
      batch: ratio(spec.multipliers, 'batch') ?? parseMultiplier(DEFAULT_BATCH),
      dataResidency: ratio(spec.multipliers, 'dataResidency'),
      fast: ratio(spec.multipliers, 'fast'),
    };
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}

export class PriceTable {
  /** Canonical model → its entries, earliest `from` first. */
  private readonly byModel = new Map<string, PriceEntry[]>();
  /** Canonical alias → canonical model. */
  private readonly aliasOf = new Map<string, string>();

  constructor(entries: Iterable<PriceEntry>) {
    for (const entry of entries) {
      const history = this.byModel.get(entry.model) ?? [];
      if (history.some((e) => e.from === entry.from)) {
        throw new Error(`two prices for ${entry.model} from ${entry.from}`);
      }
      history.push(entry);
      this.byModel.set(entry.model, history);
    }
    for (const history of this.byModel.values()) history.sort((a, b) => a.fromMs - b.fromMs);
    for (const [model, history] of this.byModel) {
      for (const alias of history.flatMap((e) => e.aliases)) {
        if (alias === model) continue;
        const taken = this.byModel.has(alias) ? alias : this.aliasOf.get(alias);
        if (taken !== undefined && taken !== model) {
          throw new Error(`alias ${alias} of ${model} already names ${taken}`);
        }
        this.aliasOf.set(alias, model);
      }
    }
  }

  static fromSpecs(specs: Iterable<PriceSpec>): PriceTable {
    return new PriceTable([...specs].map(priceEntryFromSpec));
  }

  /** The canonical id this table prices `model` under, or undefined if it has no price for it. */
  resolve(model: string): string | undefined {
    const id = canonicalModelId(model);
    if (this.byModel.has(id)) return id;
    return this.aliasOf.get(id);
  }

  /** Every entry of a model, earliest first (empty when the model is unknown). */
  history(model: string): readonly PriceEntry[] {
    const id = this.resolve(model);
    return id === undefined ? [] : (this.byModel.get(id) ?? []);
  }

  /** All entries, grouped by model. */
  entries(): PriceEntry[] {
    return [...this.byModel.values()].flat();
  }

  /** The entry in force for `model` at `at`: the latest `from` <= at. */
  lookup(model: string, at: Date): PriceEntry | undefined {
    const atMs = at.getTime();
    if (Number.isNaN(atMs)) return undefined;
    const history = this.history(model);
    for (let i = history.length - 1; i >= 0; i--) {
      const entry = history[i]!;
      if (entry.fromMs <= atMs) return entry;
    }
    return undefined;
  }
}

/**
 * The defaults merged with the override file (BURNRATE_PRICING_FILE; the caller passes the path).
 * Throws PricingFileError naming the file, entry and field when the file is unusable.
 */
export function loadPriceTable(opts: { overrideFile?: string } = {}): PriceTable {
  if (opts.overrideFile === undefined) return PriceTable.fromSpecs(DEFAULT_PRICES);
  const file = opts.overrideFile;
  const merged = applyOverrides(DEFAULT_PRICES, readOverrideFile(file), file);
  try {
    return PriceTable.fromSpecs(merged);
  } catch (error) {
    // Left for the table to find: an alias two override entries both claim.
    throw new PricingFileError(file, (error as Error).message);
  }
}
