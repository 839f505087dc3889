// What-if repricing: the same token mix priced another way, side by side with today's prices.
// Calls are grouped by what decides their price (model, UTC day, batch, US-only, fast, prompt-
// length band) with their tokens summed: within a group every token kind has one rate and the
// multipliers apply to the whole, so a group prices exactly as its calls do, except that each
// call rounds once to the nano-dollar (under half a nano-dollar a call); the baseline is priced
// the same way, so the side-by-side difference is exact.
import { canonicalModelId } from '../pricing/modelId';
import { divRoundHalfUp, multiply, ONE, type Ratio } from '../pricing/decimal';
import type { PriceEntry, PriceTable, TokenPrices } from '../pricing/priceTable';

export interface PriceGroup {
  model: string;
  day: string;
  batch: boolean;
  dataResidency: boolean;
  fast: boolean;
  /** How many of the table's prompt-length thresholds the calls' prompts are over. */
  band: number;
  calls: number;
  unpricedCalls: number;
  actualNano: bigint;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

/** `prices`: the same calls priced by another table (an uploaded price file over the defaults). */
export type Scenario =
  { kind: 'model'; model: string } | { kind: 'batch' } | { kind: 'ttl'; ttl: '5m' | '1h' } | { kind: 'prices'; table: PriceTable; rows: number };

export function parseScenario(text: string): Scenario | undefined {
  if (text === 'batch') return { kind: 'batch' };
  if (text === 'ttl:5m' || text === 'ttl:1h') return { kind: 'ttl', ttl: text.slice(4) as '5m' | '1h' };
  if (text.startsWith('model:') && text.length > 6 && text.length <= 128) return { kind: 'model', model: canonicalModelId(text.slice(6)) };
  return undefined;
}

export function scenarioLabel(s: Scenario): string {
  switch (s.kind) {
    case 'model':
      return `Everything on ${s.model}`;
    case 'batch':
      return 'Everything through the Batch API';
    case 'ttl':
      return `Every cache write at ${s.ttl === '5m' ? '5 minutes' : '1 hour'}`;
    case 'prices':
      return `With the uploaded price file (${s.rows} ${s.rows === 1 ? 'row' : 'rows'})`;
    default: {
      const never: never = s;
      return never;
    }
  }
}

/**
 * Every prompt-length threshold in the tables, ascending: the groups' band boundaries. With an
 * uploaded price file, both tables' thresholds, so each group prices exactly under either.
 */
export function bandThresholds(...tables: PriceTable[]): number[] {
  return [...new Set(tables.flatMap((table) => table.entries().flatMap((e) => e.bands.map((b) => b.abovePromptTokens))))].sort((a, b) => a - b);
}

function pricesFor(entry: PriceEntry, prompt: number): TokenPrices {
  let prices = entry.prices;
  for (const band of entry.bands) if (prompt > band.abovePromptTokens) prices = band.prices;
  return prices;
}

/** A group's exact cost under a table, or null when it cannot be priced (same rules as priceCall). */
export function priceGroup(table: PriceTable, thresholds: readonly number[], g: PriceGroup): bigint | null {
  const entry = table.lookup(g.model, new Date(`${g.day}T12:00:00Z`));
  if (!entry) return null;
  if (g.fast && (g.batch || entry.fast === undefined)) return null;
  // A prompt known to be over `band` thresholds and not over the next one.
  const prompt = g.band === 0 ? 0 : thresholds[g.band - 1]! + 1;
  const p = pricesFor(entry, prompt);
  const list =
    BigInt(g.input) * p.input +
    BigInt(g.output) * p.output +
    BigInt(g.cacheRead) * p.cacheRead +
    BigInt(g.cacheWrite5m) * p.cacheWrite5m +
    BigInt(g.cacheWrite1h) * p.cacheWrite1h;
  let factor: Ratio = ONE;
  if (g.batch) factor = multiply(factor, entry.batch);
  if (g.dataResidency && entry.dataResidency !== undefined) factor = multiply(factor, entry.dataResidency);
  if (g.fast && entry.fast !== undefined) factor = multiply(factor, entry.fast);
  return divRoundHalfUp(list * factor.num, factor.den);
}

export function applyScenario(s: Scenario, g: PriceGroup): PriceGroup {
  switch (s.kind) {
    case 'model':
      return { ...g, model: s.model };
    case 'batch':
      return { ...g, batch: true, fast: false };
    case 'ttl': {
      const writes = g.cacheWrite5m + g.cacheWrite1h;
      return s.ttl === '5m' ? { ...g, cacheWrite5m: writes, cacheWrite1h: 0 } : { ...g, cacheWrite5m: 0, cacheWrite1h: writes };
    }
    case 'prices':
      return g; // the same calls; the table changes (runScenario)
    default: {
      const never: never = s;
      return never;
    }
  }
}

export interface ScenarioTotals {
  costNano: bigint;
  deltaNano: bigint;
  unpricedCalls: number;
}

/** A scenario's cost, and its difference from the baseline over the calls priced both ways. */
export function runScenario(table: PriceTable, thresholds: readonly number[], groups: readonly PriceGroup[], s: Scenario): ScenarioTotals {
  let costNano = 0n;
  let deltaNano = 0n;
  let unpricedCalls = 0;
  for (const g of groups) {
    const base = priceGroup(table, thresholds, g);
    const changed = priceGroup(s.kind === 'prices' ? s.table : table, thresholds, applyScenario(s, g));
    if (changed === null) {
      unpricedCalls += g.calls;
      continue;
    }
    costNano += changed;
    if (base !== null) deltaNano += changed - base;
  }
  return { costNano, deltaNano, unpricedCalls };
}
