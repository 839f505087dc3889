// A budget amount arrives as a JSON number of dollars. Its shortest printed form is what the
// user typed (JSON.parse picks the nearest double, String() gives back the shortest text that
// maps to it), so that text, read as a decimal, gives the exact nano-dollars with no float
// rounding on the way.

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/** Exact nano-dollars of a dollar amount; undefined when it has more than 9 decimals or is not finite and ≥ 0. */
export function usdToNano(usd: number): bigint | undefined {
  if (!Number.isFinite(usd) || usd < 0) return undefined;
  const match = DECIMAL.exec(String(usd));
  if (!match) return undefined;
  const [, whole, fraction = '', exponent = '0'] = match;
  const digits = BigInt(`${whole}${fraction}`);
  const scale = 9 - fraction.length + Number(exponent); // power of ten that turns digits into nanos
  if (scale >= 0) return digits * 10n ** BigInt(scale);
  const divisor = 10n ** BigInt(-scale);
  return digits % divisor === 0n ? digits / divisor : undefined;
}
