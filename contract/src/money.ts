// Money is integer nano-dollars (1e-9 USD) everywhere inside. At the API edge it becomes a JSON
// number: one correctly rounded division, whose shortest printed form is the exact decimal for
// any total under ~$1M with nine decimals (15 significant digits, which doubles keep). The exact
// integer travels beside it as a string for anyone who needs more.

export const NANO_PER_USD = 1_000_000_000n;
/** A cent is exactly 10^7 nano-dollars. */
export const NANO_PER_CENT = 10_000_000n;

/** Dollars as a JSON number; accepts the integer as ClickHouse returns it (a string or a number). */
export function nanoToUsd(nano: bigint | string | number): number {
  return Number(nano) / 1e9;
}

export function formatUsd(nano: bigint): string {
  const negative = nano < 0n;
  const abs = negative ? -nano : nano;
  const fraction = (abs % NANO_PER_USD).toString().padStart(9, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / NANO_PER_USD}${fraction ? `.${fraction}` : ''}`;
}

/** part / whole as a number for display and gauges, from integers: exact to 1e-9. Exact comparisons use the integers. */
export function ratioOf(part: bigint, whole: bigint): number {
  return whole > 0n ? Number((part * NANO_PER_USD) / whole) / 1e9 : 0;
}

// A dollar amount typed by a user arrives as a JSON number. Its shortest printed form is what the
// user typed (JSON.parse picks the nearest double, String() gives back the shortest text that maps
// to it), so that text, read as a decimal, gives the exact nano-dollars with no float rounding.
const USD_DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/** Exact nano-dollars of a dollar amount; undefined when it has more than 9 decimals or is not finite and ≥ 0. */
export function usdToNano(usd: number): bigint | undefined {
  if (!Number.isFinite(usd) || usd < 0) return undefined;
  const match = USD_DECIMAL.exec(String(usd));
  if (!match) return undefined;
  const [, whole, fraction = '', exponent = '0'] = match;
  const digits = BigInt(`${whole}${fraction}`);
  const scale = 9 - fraction.length + Number(exponent); // power of ten that turns digits into nanos
  if (scale >= 0) return digits * 10n ** BigInt(scale);
  const divisor = 10n ** BigInt(-scale);
  return digits % divisor === 0n ? digits / divisor : undefined;
}

// Anthropic's cost reports give money as decimal text in "fractional cents" ("1234.5678" is
// $12.345678): up to seven fraction digits convert exactly; a longer fraction is rounded once,
// half away from zero. No float ever touches the amount.
const FRACTION_DIGITS = 7;
const CENTS_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export class AmountError extends Error {}

export function centsToNano(text: string): bigint {
  const match = CENTS_DECIMAL.exec(text.trim());
  if (!match) throw new AmountError(`amount must be a decimal number of cents, got ${JSON.stringify(text.slice(0, 64))}`);
  const [, sign, whole, fraction = ''] = match;
  const kept = fraction.slice(0, FRACTION_DIGITS).padEnd(FRACTION_DIGITS, '0');
  let nano = BigInt(whole!) * NANO_PER_CENT + BigInt(kept);
  const dropped = fraction.slice(FRACTION_DIGITS);
  if (dropped !== '' && dropped[0]! >= '5') nano += 1n;
  return sign === '-' ? -nano : nano;
}

// Nano-dollars to whole cents for invoices. A single amount is rounded half up; a split of one
// total across rows (a chargeback) is allocated by largest remainder, so the rows' cents add up
// to the total's cents exactly, as finance needs when the parts are booked separately.
export function roundToCents(nano: bigint): bigint {
  const sign = nano < 0n ? -1n : 1n;
  const abs = nano * sign;
  return sign * ((abs + NANO_PER_CENT / 2n) / NANO_PER_CENT);
}

/**
 * Whole cents for each part of a split whose parts are non-negative. Each part gets its cents
 * rounded down, then the cents left over go one each to the parts with the largest remainders
 * (ties: the earlier part), so the sum equals roundToCents(sum of parts).
 */
export function allocateCents(parts: readonly bigint[]): bigint[] {
  const total = parts.reduce((a, b) => a + b, 0n);
  const floors = parts.map((p) => p / NANO_PER_CENT);
  let left = roundToCents(total) - floors.reduce((a, b) => a + b, 0n);
  const order = parts.map((p, i) => ({ i, rest: p % NANO_PER_CENT })).sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  const cents = [...floors];
  for (const { i } of order) {
    if (left <= 0n) break;
    cents[i]! += 1n;
    left -= 1n;
  }
  return cents;
}
