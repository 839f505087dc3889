// Exact decimal arithmetic for prices. No binary float ever takes part in a money calculation:
// a price is read from its decimal text into an integer, and a fractional multiplier (batch 0.5,
// US-only inference 1.1) is kept as a bigint ratio until the single rounding step of a call.

/** A non-negative rational number num/den, den > 0. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

export const ONE: Ratio = { num: 1n, den: 1n };

/** A value that is not an acceptable decimal; the message completes "<field> …". */
export class DecimalError extends Error {}

export const NOT_A_NUMBER = 'must be a non-negative number';
export const TOO_PRECISE = 'is finer than one nano-dollar per token (at most 3 decimal places of USD per million tokens)';

// Digits, an optional fraction and an optional exponent: the forms JSON numbers and String(n) take.
const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d{1,3}))?$/i;
// Keeps a typo like 1e999 from building a thousand-digit integer.
const MAX_EXPONENT = 30;

/**
 * The decimal text of a value. A JS number becomes String(n), the shortest decimal that reads back
 * as the same double, which is exactly the literal as written for any literal of up to 15
 * significant digits. Prices never need more, and strings are accepted for anyone who wants the
 * text taken verbatim.
 */
function decimalText(value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new DecimalError(NOT_A_NUMBER);
    return String(value);
  }
  if (typeof value === 'string') return value.trim();
  throw new DecimalError(NOT_A_NUMBER);
}

/** value = digits × 10^-scale, exactly. */
function parseDecimal(value: unknown): { digits: bigint; scale: number } {
  const match = DECIMAL.exec(decimalText(value));
  if (!match) throw new DecimalError(NOT_A_NUMBER);
  const [, whole = '', fraction = '', exponent = '0'] = match;
  const exp = Number(exponent);
  if (Math.abs(exp) > MAX_EXPONENT) throw new DecimalError(NOT_A_NUMBER);
  const digits = BigInt(whole + fraction);
  const scale = fraction.length - exp;
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

/**
 * USD per million tokens → integer nano-dollars per token. $X per MTok is X × 10^9 n$ over 10^6
 * tokens, i.e. X × 1000 n$ per token: "0.3" → 300, "18.75" → 18750, "0.001" → 1. A price finer
 * than one nano-dollar per token is refused rather than rounded, so a table never silently
 * differs from what its author wrote.
 */
export function usdPerMTokToNanoPerToken(value: unknown): bigint {
  const { digits, scale } = parseDecimal(value);
  const shift = scale - 3;
  if (shift <= 0) return digits * 10n ** BigInt(-shift);
  const divisor = 10n ** BigInt(shift);
  if (digits % divisor !== 0n) throw new DecimalError(TOO_PRECISE);
  return digits / divisor;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** A positive decimal multiplier as an exact ratio: "1.1" → 11/10, 0.5 → 1/2, 6 → 6/1. */
export function parseMultiplier(value: unknown): Ratio {
  const { digits, scale } = parseDecimal(value);
  if (digits === 0n) throw new DecimalError('must be a positive number');
  const den = 10n ** BigInt(scale);
  const divisor = gcd(digits, den);
  return { num: digits / divisor, den: den / divisor };
}

export function multiply(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.num, den: a.den * b.den };
}

/**
 * num/den rounded to the nearest integer, halves up. Costs are never negative, so "half up" is
 * "half away from zero", the rule invoices use; it is deterministic, unlike banker's rounding
 * it needs no tie state, and applied once per call it keeps the error below half a nano-dollar.
 */
export function divRoundHalfUp(num: bigint, den: bigint): bigint {
  if (num < 0n || den <= 0n) throw new RangeError('divRoundHalfUp needs num >= 0 and den > 0');
  return (2n * num + den) / (2n * den);
}
