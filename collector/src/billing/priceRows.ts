// The price table as the API and the CLI show it: the row in force per model at a time, with
// where it came from. Pure.
import type { PriceRow, PriceRowPrices } from '@burnrate/contract';
import type { Ratio } from '../pricing/decimal';
import type { PriceEntry, PriceTable, TokenPrices } from '../pricing/priceTable';

/** Nano-dollars per token → USD per MTok as exact decimal text: 18750 → "18.75". */
function usdPerMTok(nanoPerToken: bigint): string {
  const whole = nanoPerToken / 1000n;
  const fraction = (nanoPerToken % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

function prices(p: TokenPrices): PriceRowPrices {
  return {
    input: usdPerMTok(p.input),
    output: usdPerMTok(p.output),
    cacheWrite5m: usdPerMTok(p.cacheWrite5m),
    cacheWrite1h: usdPerMTok(p.cacheWrite1h),
    cacheRead: usdPerMTok(p.cacheRead),
  };
}

/** An exact ratio as decimal text; multipliers are decimals, so the expansion ends. */
function ratioText(r: Ratio): string {
  const whole = r.num / r.den;
  let rest = r.num % r.den;
  let digits = '';
  for (let i = 0; rest !== 0n && i < 12; i++) {
    rest *= 10n;
    digits += (rest / r.den).toString();
    rest %= r.den;
  }
  return digits ? `${whole}.${digits}` : `${whole}`;
}

export function priceRow(entry: PriceEntry): PriceRow {
  return {
    model: entry.model,
    source: entry.source,
    from: entry.from,
    until: entry.until ?? null,
    usdPerMTok: prices(entry.prices),
    bands: entry.bands.map((band) => ({ abovePromptTokens: band.abovePromptTokens, usdPerMTok: prices(band.prices) })),
    batch: ratioText(entry.batch),
    usOnly: entry.dataResidency ? ratioText(entry.dataResidency) : null,
    fast: entry.fast ? ratioText(entry.fast) : null,
    // n$ per request → USD per 1,000: × 1000 / 1e9.
    webSearchUsdPerThousand: usdPerMTok(entry.webSearchNanoUsd / 1000n),
  };
}

/** The row in force at `at` for one model (any spelling) or for every model with a price then. */
export function rowsInForce(table: PriceTable, at: Date, model?: string): PriceRow[] {
  const models = model === undefined ? table.models() : [table.resolve(model)].filter((m): m is string => m !== undefined);
  return models.flatMap((m) => {
    const entry = table.lookup(m, at);
    return entry ? [priceRow(entry)] : [];
  });
}
