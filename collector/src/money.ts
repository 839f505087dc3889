// Money is integer nano-dollars (1e-9 USD) everywhere inside. At the API edge it becomes a JSON
// number: one correctly rounded division, whose shortest printed form is the exact decimal for
// any total under ~$1M with nine decimals (15 significant digits, which doubles keep). The exact
// integer travels beside it as a string for anyone who needs more.

export const NANO_PER_USD = 1_000_000_000n;

export function nanoToUsd(nano: bigint): number {
  return Number(nano) / 1e9;
}

export function formatUsd(nano: bigint): string {
  const negative = nano < 0n;
  const abs = negative ? -nano : nano;
  const fraction = (abs % NANO_PER_USD).toString().padStart(9, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / NANO_PER_USD}${fraction ? `.${fraction}` : ''}`;
}
