// Which slice of time holds rows offset..offset+limit of a time-sorted call list, from per-bucket
// counts (the rollups give those in milliseconds). The page query then reads only that slice
// instead of sorting a month of raw rows: the list's first page and its 50,000th cost the same.
// Bucket edges are exact: every row of a bucket is inside the slice, so the order within the
// slice is the order of the whole list.

export interface BucketCount {
  start: Date;
  count: number;
}

export interface PageWindow {
  from: Date;
  to: Date;
  /** Rows of the slice to skip (those belong to earlier pages). */
  offset: number;
}

/** `buckets` ascending; undefined when the page starts past the last row. */
export function pageWindow(
  buckets: BucketCount[],
  bucketMs: number,
  range: { from: Date; to: Date },
  offset: number,
  limit: number,
  order: 'asc' | 'desc',
): PageWindow | undefined {
  const walk = order === 'desc' ? [...buckets].reverse() : buckets;
  let before = 0;
  let first = -1;
  let skipped = 0;
  let last = -1;
  for (let i = 0; i < walk.length; i++) {
    const count = walk[i]!.count;
    if (first < 0 && before + count > offset) {
      first = i;
      skipped = before;
    }
    before += count;
    if (first >= 0) {
      last = i;
      if (before >= offset + limit) break;
    }
  }
  if (first < 0) return undefined;
  const [older, newer] = order === 'desc' ? [walk[last]!, walk[first]!] : [walk[first]!, walk[last]!];
  return {
    from: new Date(Math.max(range.from.getTime(), older.start.getTime())),
    to: new Date(Math.min(range.to.getTime(), newer.start.getTime() + bucketMs)),
    offset: offset - skipped,
  };
}
