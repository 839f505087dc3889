// The price table: every model's prices over time, in integer nano-dollars per token, looked up
// by (model, call time). Two sources: the built-in defaults and the user's price file. Among
// defaults, an entry holds from its `from` day until the next default entry of the same model, so
// a list-price change on a date prices calls from that date on. The price file is the user's
// truth (a negotiated discount, a correction): for a model it names, its rows win from their
// `from` on over every default row, later list-price changes included, until a row's `until`.
import { type Ratio, parseMultiplier, usdPerMTokToNanoPerToken } from './decimal';
import { DEFAULT_PRICES } from './defaultPrices';
import { canonicalModelId } from './modelId';
import { applyOverrides, parseOverrideJson, PricingFileError, readOverrideFile } from './overrideFile';
import { utcDayStartMs } from './utcDay';
import type { MultiplierSpec, PriceSpec, UsdPerMTok } from './priceSpec';

/** Where a price row comes from: the built-in list prices or the user's price file. */
export type PriceSource = 'default' | 'file';

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
  /** Bedrock / Google Cloud regional endpoints; undefined when every endpoint is priced as Anthropic's list. */
  readonly cloudRegional?: Ratio;
  /** Nano-dollars per web search request. */
  readonly webSearchNanoUsd: bigint;
  readonly source: PriceSource;
  /** File rows: YYYY-MM-DD, the first day the row no longer applies. */
  readonly until?: string;
  readonly untilMs?: number;
}

// The Batch API halves every model's prices (Anthropic's pricing page, "Batch processing").
const DEFAULT_BATCH = 0.5;
// Web search: $10 per 1,000 searches, on every model that offers the tool, plus the tokens of
// its results (Anthropic's pricing page, "Web search tool"; checked 2026-12-06 against the
// web-search-tool doc pages and Google Cloud's Claude web-search page, which bills web search "at
// the standard rate" also in fast mode). Web fetch has no fee beyond its tokens (pricing page,
// "Web fetch tool"). Code execution is billed per container-hour with a free allowance per
// organization, which no single call's usage can price, so it has no per-call fee here.
const DEFAULT_WEB_SEARCH_PER_THOUSAND = 10;
const THOUSAND = 1000n;

function perRequestNanoUsd(perThousand: unknown, at: string): bigint {
  try {
    // USD per 1,000 requests → nano-dollars per request: × 1e9 / 1e3 = × 1e6, which is
    // usdPerMTokToNanoPerToken (× 1e3) × 1000.
    return usdPerMTokToNanoPerToken(perThousand) * THOUSAND;
  } catch (error) {
    throw new Error(`${at} ${(error as Error).message}`);
  }
}

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
export function priceEntryFromSpec(spec: PriceSpec, source: PriceSource = 'default'): PriceEntry {
  const where = `price ${spec.model} from ${spec.from}`;
  try {
    const fromMs = utcDayStartMs(spec.from);
    if (fromMs === undefined) throw new Error('from must be a date as YYYY-MM-DD');
    const untilMs = spec.until === undefined ? undefined : utcDayStartMs(spec.until);
    if (spec.until !== undefined && (untilMs === undefined || untilMs <= fromMs)) {
      throw new Error('until must be a date as YYYY-MM-DD after from');
    }
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
      cloudRegional: ratio(spec.multipliers, 'cloudRegional'),
      webSearchNanoUsd: perRequestNanoUsd(spec.serverTools?.webSearchPerThousand ?? DEFAULT_WEB_SEARCH_PER_THOUSAND, 'serverTools.webSearchPerThousand'),
      source,
      ...(spec.until === undefined ? {} : { until: spec.until, untilMs }),
    };
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}

const RESOLVED_CACHE_LIMIT = 10_000;

/** The latest entry of a history (earliest `from` first) in force at `atMs`. */
function inForce(history: readonly PriceEntry[] | undefined, atMs: number): PriceEntry | undefined {
  if (history === undefined) return undefined;
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i]!;
    if (entry.fromMs <= atMs && (entry.untilMs === undefined || atMs < entry.untilMs)) return entry;
  }
  return undefined;
}

export class PriceTable {
  /** Canonical model → its default entries, earliest `from` first. */
  private readonly defaults = new Map<string, PriceEntry[]>();
  /** Canonical model → its price-file entries, earliest `from` first. */
  private readonly fileRows = new Map<string, PriceEntry[]>();
  /** Canonical alias → canonical model. */
  private readonly aliasOf = new Map<string, string>();
  /** Model as written → the id it resolves to (undefined: no price), bounded. */
  private readonly resolved = new Map<string, string | undefined>();

  constructor(entries: Iterable<PriceEntry>) {
    for (const entry of entries) {
      const byModel = entry.source === 'file' ? this.fileRows : this.defaults;
      const history = byModel.get(entry.model) ?? [];
      if (history.some((e) => e.from === entry.from)) {
        throw new Error(`two ${entry.source} prices for ${entry.model} from ${entry.from}`);
      }
      history.push(entry);
      byModel.set(entry.model, history);
    }
    for (const byModel of [this.defaults, this.fileRows]) {
      for (const history of byModel.values()) history.sort((a, b) => a.fromMs - b.fromMs);
    }
    for (const [model, history] of [...this.defaults, ...this.fileRows]) {
      for (const alias of history.flatMap((e) => e.aliases)) {
        if (alias === model) continue;
        const taken = this.isModel(alias) ? alias : this.aliasOf.get(alias);
        if (taken !== undefined && taken !== model) {
          throw new Error(`alias ${alias} of ${model} already names ${taken}`);
        }
        this.aliasOf.set(alias, model);
      }
    }
  }

  static fromSpecs(specs: Iterable<PriceSpec>, fileSpecs: Iterable<PriceSpec> = []): PriceTable {
    return new PriceTable([
      ...[...specs].map((spec) => priceEntryFromSpec(spec, 'default')),
      ...[...fileSpecs].map((spec) => priceEntryFromSpec(spec, 'file')),
    ]);
  }

  private isModel(id: string): boolean {
    return this.defaults.has(id) || this.fileRows.has(id);
  }

  /** The canonical id this table prices `model` under, or undefined if it has no price for it. */
  resolve(model: string): string | undefined {
    // Every priced call asks; the canonical id is a chain of regexes, so each spelling is worked
    // out once. The table never changes after construction, so neither do the answers.
    const cached = this.resolved.get(model);
    if (cached !== undefined || this.resolved.has(model)) return cached;
    const id = canonicalModelId(model);
    const resolved = this.isModel(id) ? id : this.aliasOf.get(id);
    if (this.resolved.size >= RESOLVED_CACHE_LIMIT) this.resolved.clear();
    this.resolved.set(model, resolved);
    return resolved;
  }

  /** Every entry of a model, defaults then file rows, each earliest first (empty when unknown). */
  history(model: string): readonly PriceEntry[] {
    const id = this.resolve(model);
    if (id === undefined) return [];
    return [...(this.defaults.get(id) ?? []), ...(this.fileRows.get(id) ?? [])];
  }

  /** All entries, grouped by model. */
  entries(): PriceEntry[] {
    return [...this.defaults.keys(), ...[...this.fileRows.keys()].filter((m) => !this.defaults.has(m))].flatMap((m) => this.history(m));
  }

  /** Every canonical model the table prices, sorted. */
  models(): string[] {
    return [...new Set([...this.defaults.keys(), ...this.fileRows.keys()])].sort();
  }

  /**
   * The entry in force for `model` at `at`: the price file's latest row whose `from` <= at (and
   * whose `until`, if any, is after at), else the default with the latest `from` <= at.
   */
  lookup(model: string, at: Date): PriceEntry | undefined {
    const atMs = at.getTime();
    if (Number.isNaN(atMs)) return undefined;
    const id = this.resolve(model);
    if (id === undefined) return undefined;
    return inForce(this.fileRows.get(id), atMs) ?? inForce(this.defaults.get(id), atMs);
  }
}

/**
 * The table a price file's parsed JSON would make with the defaults, as if it were the collector's
 * BURNRATE_PRICING_FILE (the what-if's "this price file" scenario). Throws PricingFileError.
 */
export function priceTableFromJson(json: unknown, name: string): PriceTable {
  const fileRows = applyOverrides(DEFAULT_PRICES, parseOverrideJson(json, name), name);
  try {
    return PriceTable.fromSpecs(DEFAULT_PRICES, fileRows);
  } catch (error) {
    throw new PricingFileError(name, (error as Error).message);
  }
}

/**
 * The defaults merged with the override file (BURNRATE_PRICING_FILE; the caller passes the path).
 * Throws PricingFileError naming the file, entry and field when the file is unusable.
 */
export function loadPriceTable(opts: { overrideFile?: string } = {}): PriceTable {
  if (opts.overrideFile === undefined) return PriceTable.fromSpecs(DEFAULT_PRICES);
  const file = opts.overrideFile;
  const fileRows = applyOverrides(DEFAULT_PRICES, readOverrideFile(file), file);
  try {
    return PriceTable.fromSpecs(DEFAULT_PRICES, fileRows);
  } catch (error) {
    // Left for the table to find: an alias two override entries both claim.
    throw new PricingFileError(file, (error as Error).message);
  }
}
