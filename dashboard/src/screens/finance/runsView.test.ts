import { describe, expect, it } from 'vitest';
import { ratioOfUsd, timelineBars } from './runsView';

describe('runs view', () => {
  it('lays calls out across the run, from start for their duration', () => {
    const bars = timelineBars([
      { spanId: 'a', startTime: '2026-11-20T10:00:00.000Z', durationMs: 1000 },
      { spanId: 'b', startTime: '2026-11-20T10:00:03.000Z', durationMs: 1000 },
    ]);
    expect(bars).toEqual([
      { spanId: 'a', left: 0, width: 25 },
      { spanId: 'b', left: 75, width: 25 },
    ]);
    expect(timelineBars([])).toEqual([]);
  });

  it('shares from exact amounts', () => {
    expect(ratioOfUsd('1', '4')).toBe(0.25);
    expect(ratioOfUsd('5', '0')).toBe(0);
  });
});
