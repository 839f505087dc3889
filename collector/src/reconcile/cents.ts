// Anthropic's cost reports give money as decimal text in "fractional cents" ("1234.5678" is
// $12.345678). burnrate keeps integer nano-dollars: a cent is exactly 10^7 nano-dollars, so up to
// seven fraction digits convert exactly; a longer fraction is rounded once, half away from zero.
// No float ever touches the amount.

const NANO_PER_CENT = 10_000_000n;
const FRACTION_DIGITS = 7;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export class AmountError extends Error {}

export function centsToNano(text: string): bigint {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new AmountError(`amount must be a decimal number of cents, got ${JSON.stringify(text.slice(0, 64))}`);
  const [, sign, whole, fraction = ''] = match;
  const kept = fraction.slice(0, FRACTION_DIGITS).padEnd(FRACTION_DIGITS, '0');
  let nano = BigInt(whole!) * NANO_PER_CENT + BigInt(kept);
  const dropped = fraction.slice(FRACTION_DIGITS);
  if (dropped !== '' && dropped[0]! >= '5') nano += 1n;
  return sign === '-' ? -nano : nano;
}
