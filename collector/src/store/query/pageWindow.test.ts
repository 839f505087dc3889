import { describe, expect, it } from 'vitest';
import { pageWindow, type BucketCount } from './pageWindow';

const HOUR = 3_600_000;
const t0 = Date.parse('2026-11-01T00:00:00Z');
const buckets = (counts: number[]): BucketCount[] => counts.map((count, i) => ({ start: new Date(t0 + i * HOUR), count }));
const range = { from: new Date(t0 + 10 * 60_000), to: new Date(t0 + 4 * HOUR - 60_000) };
const iso = (w: ReturnType<typeof pageWindow>) => w && { from: w.from.toISOString(), to: w.to.toISOString(), offset: w.offset };

describe('pageWindow', () => {
  const counts = buckets([5, 0, 7, 3]); // hours 0..3

  it('newest first: the first page is the newest hours, clipped to the range', () => {
    expect(iso(pageWindow(counts, HOUR, range, 0, 5, 'desc'))).toEqual({ from: '2026-11-01T02:00:00.000Z', to: '2026-11-01T03:59:00.000Z', offset: 0 });
  });

  it('a page that starts inside an hour skips the rows of earlier pages in it', () => {
    expect(iso(pageWindow(counts, HOUR, range, 4, 2, 'desc'))).toEqual({ from: '2026-11-01T02:00:00.000Z', to: '2026-11-01T03:00:00.000Z', offset: 1 });
  });

  it('a page spanning empty hours reaches back to the hour that completes it', () => {
    expect(iso(pageWindow(counts, HOUR, range, 9, 3, 'desc'))).toEqual({ from: '2026-11-01T00:10:00.000Z', to: '2026-11-01T03:00:00.000Z', offset: 6 });
  });

  it('oldest first walks the other way', () => {
    expect(iso(pageWindow(counts, HOUR, range, 0, 6, 'asc'))).toEqual({ from: '2026-11-01T00:10:00.000Z', to: '2026-11-01T03:00:00.000Z', offset: 0 });
  });

  it('a page past the end is no window; a short last page ends at the last row', () => {
    expect(pageWindow(counts, HOUR, range, 15, 5, 'desc')).toBeUndefined();
    expect(iso(pageWindow(counts, HOUR, range, 13, 50, 'desc'))).toEqual({ from: '2026-11-01T00:10:00.000Z', to: '2026-11-01T01:00:00.000Z', offset: 3 });
  });
});
