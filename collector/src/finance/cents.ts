// Nano-dollars to whole cents for invoices. A single amount is rounded half up; a split of one
// total across rows (a chargeback) is allocated by largest remainder, so the rows' cents add up
// to the total's cents exactly, as finance needs when the parts are booked separately.

const NANO_PER_CENT = 10_000_000n;

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
