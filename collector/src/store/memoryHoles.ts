// Where memory of recent calls (recentCalls.ts) is not complete, in time: before its horizon (calls
// stored before this process and not preloaded, known only by how far they reached) and in holes
// (the slots of time in which calls it no longer remembers at all started, each with how far
// those calls reached).
// A new call needs its ClickHouse lookup only if a stored twin of it may be among those. Spans of
// one call overlap in time: a wrapper's span contains the SDK's, an exporter's retry repeats the
// span, two spans that name one API response (its message or request id) both contain the
// request. So a forgotten call can be the same call as a new one only if their times overlap,
// give or take the clocks of two instrumentations (CLOCK_SLACK_SLOTS). Memory must then hold the
// calls of the last minute or so at a steady rate (the longest call's length, and the slack), not
// an hour: up to 2026-12-07 it held an hour around every call, so above ~1,400 calls/s every call
// was looked up (README, Benchmarks).

/** Memory keeps times in slots of 10 s: fine enough to hold a minute of calls at 50,000 a second. */
export const SLOT_MS = 10_000;
/**
 * callsTable.storedCallsLike's window: a stored call more than an hour from a new one is never its
 * twin, so no call is taken to last longer either.
 */
export const TWIN_WINDOW_MS = 3_600_000;
export const TWIN_WINDOW_SLOTS = TWIN_WINDOW_MS / SLOT_MS;
/**
 * How far two instrumentations' clocks may disagree (3 slots: 30 s). In one process (a wrapper
 * and the SDK's span, the usual twins) they share a clock; across hosts (a gateway that names the
 * same response) NTP keeps them within milliseconds. Only the last minute of forgetting at the
 * highest rates depends on it: below ~40,000 calls/s memory holds minutes to hours of calls.
 */
export const CLOCK_SLACK_SLOTS = 3;

export const slotOfMs = (ms: number) => Math.floor(ms / SLOT_MS);

/**
 * The slot a call's span ends in, at most an hour after its start. A duration that is not a
 * number, or negative (a clock that went back, an end never set), could hide how far the call
 * reached: it is taken as the hour.
 */
export function endSlotOf(startMs: number, durationMs: number): number {
  const valid = Number.isFinite(durationMs) && durationMs >= 0;
  return slotOfMs(startMs + (valid ? Math.min(durationMs, TWIN_WINDOW_MS) : TWIN_WINDOW_MS));
}

/** Start slot → the latest slot any call started there ends in. */
export type Reach = Map<number, number>;

export function reachInto(reach: Reach, start: number, end: number): void {
  const known = reach.get(start);
  if (known === undefined || end > known) reach.set(start, end);
}

/**
 * What memory held when it last forgot calls, and what it needed: a call starting as late as the
 * newest must not overlap any forgotten call.
 */
export interface RecentCallsCoverage {
  /** Calls remembered exactly (BURNRATE_RECENT_CALLS); filters hold four times as many more. */
  capacity: number;
  /** Minutes from the newest forgotten call's start to the newest call's; null: it has forgotten none. */
  heldMinutes: number | null;
  /** Minutes it needed to hold: the forgotten calls' longest reach past that start, and the clocks' slack. */
  neededMinutes: number | null;
  /** Whether held ≥ needed: new calls skip their lookup. */
  enough: boolean;
  /** BURNRATE_RECENT_CALLS that would have held what was needed; null when enough. */
  suggestedCapacity: number | null;
}

const SUGGESTION_STEP = 100_000;
const minutesOf = (slots: number) => Math.round((slots * SLOT_MS) / 6_000) / 10;

/** Coverage from the slots held and needed at the last forgetting (undefined: none yet). */
export function coverageOf(capacity: number, forgot?: { heldSlots: number; neededSlots: number }): RecentCallsCoverage {
  if (!forgot) return { capacity, heldMinutes: null, neededMinutes: null, enough: true, suggestedCapacity: null };
  const { heldSlots, neededSlots } = forgot;
  const enough = heldSlots >= neededSlots;
  // Memory's calls are spread over the slots held (at least the one they share): scaled to those needed.
  const suggested = Math.ceil((capacity * neededSlots) / Math.max(1, heldSlots) / SUGGESTION_STEP) * SUGGESTION_STEP;
  return {
    capacity,
    heldMinutes: minutesOf(heldSlots),
    neededMinutes: minutesOf(neededSlots),
    enough,
    suggestedCapacity: enough ? null : suggested,
  };
}

/** Holes kept before the oldest are folded into unknownReach (a bound on this memory's memory). */
const MAX_HOLES = 10_000;

export class MemoryHoles {
  /**
   * Calls stored but neither remembered nor in a hole (before the horizon, or folded) end in this
   * slot or before. Until startAt, nothing is known: every call may overlap one.
   */
  private unknownReach = Number.POSITIVE_INFINITY;
  /** Holes' start slots, sorted, and at each index the latest end of any hole up to it. */
  private starts: number[] = [];
  private ends: number[] = [];
  private reachUpTo: number[] = [];
  /** Slots held and needed when memory last forgot calls (coverageOf). */
  lastForgot: { heldSlots: number; neededSlots: number } | undefined;

  /**
   * Everything stored and not remembered started before `horizonMs` (-Infinity: nothing is
   * stored), and ended by `reachMs`; without it, their lengths are unknown: up to the twin window.
   * A call that starts before the horizon may overlap any of them: the reach is at least the horizon.
   */
  startAt(horizonMs: number, reachMs = horizonMs + TWIN_WINDOW_MS): void {
    this.unknownReach = Math.max(slotOfMs(horizonMs), slotOfMs(reachMs));
  }

  /** Whether a stored call memory does not know may overlap a call of slots [start, end]. */
  mayOverlap(start: number, end: number): boolean {
    if (start - CLOCK_SLACK_SLOTS <= this.unknownReach) return true;
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= end + CLOCK_SLACK_SLOTS) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.reachUpTo[lo - 1]! >= start - CLOCK_SLACK_SLOTS;
  }

  /** The calls of `reach` are forgotten; `newest` is the latest start slot memory holds. */
  add(reach: Reach, newest: number): void {
    if (reach.size === 0) return;
    let newestForgotten = Number.NEGATIVE_INFINITY;
    let furthest = Number.NEGATIVE_INFINITY;
    for (const [start, end] of reach) {
      newestForgotten = Math.max(newestForgotten, start);
      furthest = Math.max(furthest, end);
    }
    // Calls of old start times (a backfill, a late retry) may be forgotten after newer ones: held is at least 0.
    this.lastForgot = {
      heldSlots: Math.max(0, newest - newestForgotten),
      neededSlots: furthest - newestForgotten + CLOCK_SLACK_SLOTS + 1,
    };
    const holes: Reach = new Map();
    this.starts.forEach((start, i) => holes.set(start, this.ends[i]!));
    for (const [start, end] of reach) reachInto(holes, start, end);
    const sorted = [...holes].sort((a, b) => a[0] - b[0]);
    // The oldest holes fold into what is known only by its reach.
    for (const [, end] of sorted.splice(0, Math.max(0, sorted.length - MAX_HOLES))) this.unknownReach = Math.max(this.unknownReach, end);
    this.starts = sorted.map(([start]) => start);
    this.ends = sorted.map(([, end]) => end);
    let reachSoFar = Number.NEGATIVE_INFINITY;
    this.reachUpTo = this.ends.map((end) => (reachSoFar = Math.max(reachSoFar, end)));
  }
}
