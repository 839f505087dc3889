// What a cache read saved, per model: the uncached input price minus the cache-read price, at
// the price in force at `at` (base band; batch and residency multipliers are not applied, so
// the figure is the list-price saving).
import type { PriceTable } from '../pricing/priceTable';
import type { SavingsPrices } from '../store/query/widgetQuery';

export function savingsPrices(prices: PriceTable, at: Date): SavingsPrices {
  const models: string[] = [];
  const nanoPerToken: number[] = [];
  const names = new Set(prices.entries().flatMap((entry) => [entry.model, ...entry.aliases]));
  for (const name of names) {
    const entry = prices.lookup(name, at);
    if (!entry) continue;
    models.push(name);
    nanoPerToken.push(Number(entry.prices.input - entry.prices.cacheRead));
  }
  return { models, nanoPerToken };
}
