// Rollups checked against raw rows (POST /api/v1/admin/verify, `burnrate verify`).

/** One bucket's totals: calls (attempts for an attempts rollup), tokens, and nano-dollars (a decimal string, exact). */
export interface RollupBucketTotals {
  calls: number;
  tokens: number;
  costNanoUsd: string;
}

export interface RollupDriftEntry {
  rollup: string;
  /** The bucket's start, ISO 8601: an hour, or a UTC day for a daily rollup. */
  bucket: string;
  raw: RollupBucketTotals;
  rolled: RollupBucketTotals;
  repaired: boolean;
  /** What the rollup holds after the rebuild (equal to raw). */
  after?: RollupBucketTotals;
  /** Ended too recently to rebuild safely (an insert may be in flight); run again later. */
  unsettled?: boolean;
}

export interface RollupVerifyResponse {
  /** The range checked: the one asked for, widened to whole UTC days. */
  from: string;
  to: string;
  repair: boolean;
  rollups: string[];
  bucketsChecked: number;
  drift: RollupDriftEntry[];
}
