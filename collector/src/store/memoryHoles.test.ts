// Where memory of recent calls is not complete, and what that says of new calls: a stored twin
// overlaps a new call in time, give or take the clocks' slack.
import { describe, expect, it } from 'vitest';
import { CLOCK_SLACK_SLOTS, coverageOf, endSlotOf, MemoryHoles, SLOT_MS, TWIN_WINDOW_SLOTS } from './memoryHoles';

const holesAt = (...pairs: [number, number][]) => {
  const holes = new MemoryHoles();
  holes.startAt(Number.NEGATIVE_INFINITY);
  holes.add(new Map(pairs), 10_000);
  return holes;
};

describe('MemoryHoles', () => {
  it("a call may overlap a hole when its slots meet the hole's, within the clocks' slack either side", () => {
    const holes = holesAt([1000, 1002]);
    const K = CLOCK_SLACK_SLOTS;
    expect(holes.mayOverlap(1001, 1001)).toBe(true); // within
    expect(holes.mayOverlap(990, 1000 - K)).toBe(true); // ends where the slack before the hole starts
    expect(holes.mayOverlap(990, 1000 - K - 1)).toBe(false);
    expect(holes.mayOverlap(1002 + K, 1010)).toBe(true); // starts where the slack after its end ends
    expect(holes.mayOverlap(1002 + K + 1, 1010)).toBe(false);
    expect(holes.mayOverlap(900, 1100)).toBe(true); // around it
  });

  it('an earlier long hole is found past a later short one', () => {
    const holes = holesAt([1000, 1300], [1200, 1200]);
    expect(holes.mayOverlap(1250, 1250)).toBe(true);
    expect(holes.mayOverlap(1310, 1310)).toBe(false);
  });

  it('before start every call may overlap; after a horizon, those within the twin window of it, or within the reach given', () => {
    const holes = new MemoryHoles();
    expect(holes.mayOverlap(5000, 5000)).toBe(true);
    holes.startAt(5000 * SLOT_MS);
    expect(holes.mayOverlap(5000 + TWIN_WINDOW_SLOTS, 5000 + TWIN_WINDOW_SLOTS)).toBe(true);
    expect(holes.mayOverlap(5000 + TWIN_WINDOW_SLOTS + CLOCK_SLACK_SLOTS + 1, 6000)).toBe(false);
    // The store said how far the calls before the horizon reached: only calls near that are looked up.
    holes.startAt(5000 * SLOT_MS, 5010 * SLOT_MS);
    expect(holes.mayOverlap(5010 + CLOCK_SLACK_SLOTS, 5020)).toBe(true);
    expect(holes.mayOverlap(5010 + CLOCK_SLACK_SLOTS + 1, 5020)).toBe(false);
    // A call that starts before the horizon may overlap any stored call before it, whatever the reach.
    holes.startAt(5000 * SLOT_MS, 10 * SLOT_MS);
    expect(holes.mayOverlap(100, 100)).toBe(true);
    expect(holes.mayOverlap(5000 + CLOCK_SLACK_SLOTS, 5000 + CLOCK_SLACK_SLOTS)).toBe(true);
    expect(holes.mayOverlap(5000 + CLOCK_SLACK_SLOTS + 1, 5000 + CLOCK_SLACK_SLOTS + 1)).toBe(false);
  });

  it('past 10,000 holes the oldest fold into what is known only by its reach', () => {
    const holes = holesAt([0, 150], ...Array.from({ length: 10_000 }, (_, i): [number, number] => [(i + 1) * 1000, (i + 1) * 1000]));
    // Hole 0 is folded: still found up to where its calls reached.
    expect(holes.mayOverlap(150 + CLOCK_SLACK_SLOTS, 200)).toBe(true);
    expect(holes.mayOverlap(150 + CLOCK_SLACK_SLOTS + 1, 200)).toBe(false);
    expect(holes.mayOverlap(2000, 2000)).toBe(true); // hole 2 is kept
  });

  it('a call lasts at most the hour; a length not a number or negative is the hour', () => {
    expect(endSlotOf(0, 25_000)).toBe(2);
    expect(endSlotOf(0, 5 * 3_600_000)).toBe(TWIN_WINDOW_SLOTS);
    expect(endSlotOf(0, Number.NaN)).toBe(TWIN_WINDOW_SLOTS);
    expect(endSlotOf(0, -1)).toBe(TWIN_WINDOW_SLOTS);
  });

  it('says what it held and needed when it last forgot calls', () => {
    const holes = holesAt([1000, 1000], [1010, 1040]);
    // Newest forgotten start 1010 reaching 1040; newest held 10,000.
    expect(holes.lastForgot).toEqual({ heldSlots: 10_000 - 1010, neededSlots: 30 + CLOCK_SLACK_SLOTS + 1 });
  });
});

describe('coverageOf', () => {
  it('scales its suggestion to the slots needed from the slots held (at least one)', () => {
    expect(coverageOf(1_000_000)).toEqual({ capacity: 1_000_000, heldMinutes: null, neededMinutes: null, enough: true, suggestedCapacity: null });
    expect(coverageOf(1_000_000, { heldSlots: 6, neededSlots: 12 })).toEqual({
      capacity: 1_000_000,
      heldMinutes: 1,
      neededMinutes: 2,
      enough: false,
      suggestedCapacity: 2_000_000,
    });
    expect(coverageOf(1_000_000, { heldSlots: 0, neededSlots: 4 }).suggestedCapacity).toBe(4_000_000);
    expect(coverageOf(1_000_000, { heldSlots: 4, neededSlots: 4 })).toMatchObject({ enough: true, suggestedCapacity: null });
    expect(coverageOf(1_000_000, { heldSlots: 3, neededSlots: 4 })).toMatchObject({ enough: false, suggestedCapacity: 1_400_000 });
  });
});
