// What prompt caching really saves, exactly, at list prices (the base band, no batch or
// residency multiplier: the same basis as the Overview's cache savings). A cache read costs a
// fraction of uncached input, so each read token saves (input − cacheRead); a write costs more
// than uncached input, so each written token costs a premium of (cacheWrite − input), 5-minute
// and 1-hour writes apart. Net = read savings − write premiums; below zero, the cache costs more
// than it saves (prefixes written and rarely read within their TTL).
//
// The TTL what-if prices the same writes at the other TTL's rate. It keeps the reads as they
// were, so moving 1-hour writes to 5 minutes is an upper bound on the gain: reads that came more
// than 5 minutes after a write would have missed and written again.
import { nanoToUsd } from '@burnrate/contract';
import type { PriceTable } from '../pricing/priceTable';
import type { CacheRoiDimension, CacheRoiResponse, CacheRoiRow } from './contract';

export interface CacheCell {
  key: string;
  model: string;
  /** YYYY-MM-DD (UTC), the day whose prices apply. */
  day: string;
  calls: number;
  caching_calls: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
}

interface Sums {
  calls: number;
  cachingCalls: number;
  reads: number;
  w5m: number;
  w1h: number;
  readSavings: bigint;
  p5m: bigint;
  p1h: bigint;
  ifAll5m: bigint;
  ifAll1h: bigint;
  unpricedCalls: number;
}

const empty = (): Sums => ({
  calls: 0,
  cachingCalls: 0,
  reads: 0,
  w5m: 0,
  w1h: 0,
  readSavings: 0n,
  p5m: 0n,
  p1h: 0n,
  ifAll5m: 0n,
  ifAll1h: 0n,
  unpricedCalls: 0,
});

function add(sums: Sums, cell: CacheCell, prices: PriceTable): void {
  sums.calls += cell.calls;
  sums.cachingCalls += cell.caching_calls;
  sums.reads += cell.cache_read_tokens;
  sums.w5m += cell.cache_write_5m_tokens;
  sums.w1h += cell.cache_write_1h_tokens;
  const entry = prices.lookup(cell.model, new Date(`${cell.day}T12:00:00Z`));
  if (!entry) {
    sums.unpricedCalls += cell.calls;
    return;
  }
  const p = entry.prices;
  const reads = BigInt(cell.cache_read_tokens);
  const w5m = BigInt(cell.cache_write_5m_tokens);
  const w1h = BigInt(cell.cache_write_1h_tokens);
  const saved = reads * (p.input - p.cacheRead);
  sums.readSavings += saved;
  sums.p5m += w5m * (p.cacheWrite5m - p.input);
  sums.p1h += w1h * (p.cacheWrite1h - p.input);
  sums.ifAll5m += saved - (w5m + w1h) * (p.cacheWrite5m - p.input);
  sums.ifAll1h += saved - (w5m + w1h) * (p.cacheWrite1h - p.input);
}

function toRow(key: string, s: Sums): CacheRoiRow {
  const net = s.readSavings - s.p5m - s.p1h;
  const writes = s.w5m + s.w1h;
  return {
    key,
    calls: s.calls,
    cachingCalls: s.cachingCalls,
    cacheReadTokens: s.reads,
    cacheWrite5mTokens: s.w5m,
    cacheWrite1hTokens: s.w1h,
    readSavingsNanoUsd: s.readSavings.toString(),
    readSavingsUsd: nanoToUsd(s.readSavings),
    write5mPremiumNanoUsd: s.p5m.toString(),
    write5mPremiumUsd: nanoToUsd(s.p5m),
    write1hPremiumNanoUsd: s.p1h.toString(),
    write1hPremiumUsd: nanoToUsd(s.p1h),
    netNanoUsd: net.toString(),
    netUsd: nanoToUsd(net),
    readsPerWrite: writes > 0 ? s.reads / writes : null,
    losing: net < 0n,
    netIfAll5mUsd: nanoToUsd(s.ifAll5m),
    netIfAll5mNanoUsd: s.ifAll5m.toString(),
    netIfAll1hUsd: nanoToUsd(s.ifAll1h),
    netIfAll1hNanoUsd: s.ifAll1h.toString(),
    unpricedCalls: s.unpricedCalls,
  };
}

export function cacheRoi(by: CacheRoiDimension, range: { from: Date; to: Date }, cells: readonly CacheCell[], prices: PriceTable): CacheRoiResponse {
  const byKey = new Map<string, Sums>();
  const total = empty();
  for (const cell of cells) {
    const sums = byKey.get(cell.key) ?? empty();
    byKey.set(cell.key, sums);
    add(sums, cell, prices);
    add(total, cell, prices);
  }
  // Keys that touched the cache, the biggest losers first (what to fix), then the biggest savers.
  const rows = [...byKey]
    .map(([key, s]) => toRow(key, s))
    .filter((r) => r.cachingCalls > 0)
    .sort((a, b) => {
      const x = BigInt(a.netNanoUsd);
      const y = BigInt(b.netNanoUsd);
      if (a.losing !== b.losing) return a.losing ? -1 : 1;
      if (a.losing) return x < y ? -1 : x > y ? 1 : a.key.localeCompare(b.key);
      return x > y ? -1 : x < y ? 1 : a.key.localeCompare(b.key);
    });
  const { key: _key, ...totals } = toRow('', total);
  return { by, from: range.from.toISOString(), to: range.to.toISOString(), total: totals, rows };
}
