// Which calls may skip the lookup: only those certainly not stored.
import { describe, expect, it } from 'vitest';
import type { CallRow } from '../normalize/callRow';
import { RecentCalls, RepeatCheck } from './recentCalls';

const MINUTE_NS = 60_000_000_000n;
const T0 = 29_000_000n * MINUTE_NS; // a minute in 2025
const T0_MS = Number(T0 / 1_000_000n);

/** Call n, started `minute` minutes after T0, of two seconds unless said. */
function call(n: number, minute: number, extra: Partial<CallRow> = {}): CallRow {
  const spanId = n.toString(16).padStart(16, '0');
  const startTimeNs = T0 + BigInt(Math.round(minute * 60_000)) * 1_000_000n;
  return { callKey: `span:t${n}:${spanId}`, traceId: `t${n}`, spanId, parentSpanId: '', startTimeNs, durationMs: 2000, ...extra } as CallRow;
}

describe('RecentCalls', () => {
  it('before it knows where memory starts, every call is looked up', () => {
    expect(new RecentCalls().needLookup([call(1, 0)])).toHaveLength(1);
  });

  it('on an empty store, new calls skip the lookup and remembered ones do not', () => {
    const recent = new RecentCalls();
    recent.startAt(Number.NEGATIVE_INFINITY);
    const stored = call(1, 0, { callKey: 'msg:abc', parentSpanId: 'parent-of-1' });
    recent.remember([stored]);
    expect(recent.needLookup([call(2, 0), call(3, 5)])).toEqual([]);
    const again = { ...stored };
    const sameMessage = call(4, 1, { callKey: 'msg:abc' });
    const wrapper = call(5, 0, { traceId: stored.traceId, spanId: stored.parentSpanId });
    const child = call(6, 0, { traceId: stored.traceId, parentSpanId: stored.spanId });
    expect(recent.needLookup([again, sameMessage, wrapper, child, call(7, 0)])).toEqual([again, sameMessage, wrapper, child]);
  });

  it('calls within an hour of the horizon are looked up (stored before the restart, of lengths unknown)', () => {
    const recent = new RecentCalls();
    recent.startAt(T0_MS + 100 * 60_000);
    const early = call(1, 100 + 59);
    const late = call(2, 100 + 62);
    expect(recent.needLookup([early, late])).toEqual([early]);
  });

  it('forgotten calls go into a Bloom filter: still looked up, and new calls near them are not', () => {
    const recent = new RecentCalls(4, 2); // generations of two calls
    recent.startAt(Number.NEGATIVE_INFINITY);
    recent.remember([call(1, 0), call(2, 0)]);
    recent.remember([call(3, 200), call(4, 200)]);
    recent.remember([call(5, 200)]); // a third generation: the first is forgotten
    expect(recent.remembered).toBe(3);
    const forgotten = [call(1, 0), call(2, 0)];
    expect(recent.needLookup([...forgotten, call(9, 1), call(10, 61)])).toEqual(forgotten);
  });

  it('a forgotten call is never missed, and few new calls are flagged by the filters', () => {
    const recent = new RecentCalls(10_000);
    recent.startAt(Number.NEGATIVE_INFINITY);
    // Two keys a call (span, parent): 80,000 keys forgotten, within two filters of 60,000.
    const stored = Array.from({ length: 50_000 }, (_, n) => call(n, n % 30, { parentSpanId: `p${n}` }));
    recent.remember(stored);
    expect(recent.remembered).toBeLessThanOrEqual(10_000);
    expect(recent.needLookup(stored)).toHaveLength(stored.length);
    const fresh = Array.from({ length: 100_000 }, (_, n) => call(1_000_000 + n, n % 30));
    expect(recent.needLookup(fresh).length).toBeLessThan(fresh.length / 100);
  });

  it('a retired generation moves into its filter a slice at a time, and its calls are flagged all along', async () => {
    const recent = new RecentCalls(40_000, 2); // generations of 20,000 calls: 131,072 slots, two slices
    recent.startAt(Number.NEGATIVE_INFINITY);
    const retired = Array.from({ length: 20_000 }, (_, n) => call(n, n % 30));
    recent.remember(retired);
    recent.remember(Array.from({ length: 20_001 }, (_, n) => call(100_000 + n, n % 30))); // a third generation: the first retires
    expect(recent.needLookup(retired)).toHaveLength(retired.length);
    const flaggedAtEachTurn: number[] = [];
    await recent.forgetRetired(async () => {
      flaggedAtEachTurn.push(recent.needLookup(retired).length);
    });
    expect(flaggedAtEachTurn).toEqual([retired.length, retired.length]);
    expect(recent.needLookup(retired)).toHaveLength(retired.length);
    const fresh = Array.from({ length: 20_000 }, (_, n) => call(1_000_000 + n, n % 30));
    expect(recent.needLookup(fresh).length).toBeLessThan(fresh.length / 100);
  });

  it('when the oldest filter is dropped, its calls leave holes: new calls that may overlap them are looked up', () => {
    const recent = new RecentCalls(4, 2, 1); // generations of two calls, one filter of 24 keys
    recent.startAt(Number.NEGATIVE_INFINITY);
    recent.remember([call(1, 0), call(2, 20, { durationMs: 15 * 60_000 })]);
    // A key a call (its span): 16 more generations fill the filter and start another.
    for (let n = 100; n < 132; n++) recent.remember([call(n, 500)]);
    const forgotten = call(1, 0);
    const withinClockSlack = call(9, 0.5); // 28 s after the forgotten call ended
    const around = call(10, -5, { durationMs: 10 * 60_000 }); // a wrapper's span the forgotten call may be in
    const duringLongCall = call(11, 34);
    const afterShortCall = call(12, 1.5);
    const afterLongCall = call(13, 36.5);
    expect(recent.needLookup([forgotten, withinClockSlack, around, duringLongCall, afterShortCall, afterLongCall])).toEqual([
      forgotten,
      withinClockSlack,
      around,
      duringLongCall,
    ]);
  });

  it('a call whose length is unknown (not a number, negative) is taken as lasting the hour', () => {
    for (const durationMs of [Number.NaN, -5]) {
      const recent = new RecentCalls(4, 2, 0);
      recent.startAt(Number.NEGATIVE_INFINITY);
      recent.remember([call(1, 0, { durationMs }), call(2, 0)]);
      recent.remember([call(3, 200), call(4, 200), call(5, 200)]); // a third generation: the first leaves holes
      expect(recent.needLookup([call(9, 59), call(10, 61.5)]).map((c) => c.spanId)).toEqual([call(9, 0).spanId]);
    }
  });

  it('without filters, forgotten calls leave holes at once', () => {
    const recent = new RecentCalls(4, 2, 0);
    recent.startAt(Number.NEGATIVE_INFINITY);
    recent.remember([call(1, 0), call(2, 0)]);
    recent.remember([call(3, 200), call(4, 200)]);
    recent.remember([call(5, 200)]);
    const forgotten = call(1, 0);
    const nearHole = call(9, 0.25);
    const afterHole = call(10, 1.5);
    expect(recent.needLookup([forgotten, nearHole, afterHole])).toEqual([forgotten, nearHole]);
  });

  it('says whether it held the calls new ones may overlap when it forgot some, and what capacity would have', () => {
    const recent = new RecentCalls(4, 2, 0);
    recent.startAt(Number.NEGATIVE_INFINITY);
    const long = { durationMs: 15 * 60_000 };
    recent.remember([call(1, 0), call(2, 0), call(3, 100, long), call(4, 100, long)]);
    expect(recent.coverage).toEqual({ capacity: 4, heldMinutes: null, neededMinutes: null, enough: true, suggestedCapacity: null });
    // Minute 0's two-second calls forgotten while the newest started at minute 100: they need 40 s (a slot and the clocks' slack).
    recent.remember([call(5, 100)]);
    expect(recent.coverage).toEqual({ capacity: 4, heldMinutes: 100, neededMinutes: 0.7, enough: true, suggestedCapacity: null });
    // Minute 100's 15-minute calls forgotten with the newest at 110: ten minutes held of 15.7 needed.
    recent.remember([call(6, 110), call(7, 110)]);
    expect(recent.coverage).toEqual({ capacity: 4, heldMinutes: 10, neededMinutes: 15.7, enough: false, suggestedCapacity: 100_000 });
    expect(recent.needLookup([call(8, 110)])).toHaveLength(1);
  });
});

describe('RepeatCheck', () => {
  const mayRepeatWithin = (calls: CallRow[]) => new RepeatCheck(calls.length).add(calls);
  const stored = call(1, 0, { callKey: 'msg:abc', parentSpanId: 'parent-of-1' });
  const sameMessage = call(4, 1, { callKey: 'msg:abc' });
  const wrapper = call(5, 0, { traceId: stored.traceId, spanId: stored.parentSpanId });
  const child = call(6, 0, { traceId: stored.traceId, parentSpanId: stored.spanId });

  it('is false for a batch of distinct calls, which are then planned without an index', () => {
    expect(mayRepeatWithin(Array.from({ length: 5000 }, (_, i) => call(i + 10, i % 60)))).toBe(false);
  });

  it('finds two spans of one call in either order: the same message, span, parent or child', () => {
    for (const other of [{ ...stored }, sameMessage, wrapper, child]) {
      expect(mayRepeatWithin([call(2, 0), stored, call(3, 0), other])).toBe(true);
      expect(mayRepeatWithin([other, call(2, 0), stored])).toBe(true);
    }
  });
});
