// Which incoming calls are certainly not in llm_calls yet, decided in memory so that a batch of new
// calls does not cost a ClickHouse lookup (callsTable.storedCallsLike reads an hour either side of
// the batch through three bloom-filter scans). A call needs the lookup only if it may match a stored
// call: the same call key, the same span, or a parent/child span (callMerge.ts), whose time
// overlaps its own (memoryHoles.ts). This remembers, for every call this process has stored,
// hashes of those keys, and where in time that memory is complete:
// - at start, calls stored before are known by a preload of the last hours (when they fit), and
//   those before by how far they reached (recentCallsOfStore.ts): a call that starts before that
//   horizon, or may overlap those calls, is looked up (replay, restart);
// - memory is bounded: the oldest generation's keys, when it is dropped, go into a Bloom filter
//   (blockedBloom.ts: an eighth of the memory a key or less, no false negatives; its ~0.1-0.3%
//   false positives are looked up). Only when the oldest filter is dropped do the slots of time
//   its calls started in become holes, and a call that may overlap a hole's calls is looked up.
// A hash that matches is only a "maybe": the lookup decides. A miss where memory is complete is
// certain, which is what lets a new call skip the lookup and never be counted twice.
// It trusts that this process is the only writer of the table (the embedded engine: one process per
// data directory); the caller must run one insert at a time (the writer does), and must remember a
// batch's calls before inserting them, so a half-finished insert is looked up on its replay.
import type { CallRow } from '../normalize/callRow';
import { BlockedBloom53 } from './blockedBloom';
import { coverageOf, endSlotOf, MemoryHoles, reachInto, slotOfMs, TWIN_WINDOW_SLOTS, type Reach, type RecentCallsCoverage } from './memoryHoles';

export type { RecentCallsCoverage } from './memoryHoles';
/** How many calls memory holds exactly by default (BURNRATE_RECENT_CALLS): ~32 MB, and ~24 MB of filters for those it forgets. */
export const DEFAULT_RECENT_CALLS = 1_000_000;
/** Memory per call of capacity at full load: ~32 bytes in the exact sets, ~24 in the two filters of twice as many calls. */
export const MEMORY_BYTES_PER_CALL = 56;

/**
 * Open addressing over 53-bit hashes in a Float64Array, no per-key object: a power of two of
 * slots, at least 4/3 of the keys it is made for, so at most 75% full (about 11 bytes a key
 * once full at the default sizes: 32 MB for a million calls' three keys each). At most half full it took twice
 * that memory and proved a new call new in 0.7 µs instead of 1.7 (scratch measure, a million
 * calls remembered): a microsecond a call on the main thread for 32 MB less resident memory,
 * where the RSS at full load is the goal still missed (issue 13) and the rate is not.
 */
class HashSet53 {
  private readonly slots: Float64Array;
  private readonly mask: number;
  size = 0;

  constructor(readonly capacity: number) {
    let n = 16;
    while (n < (capacity * 4) / 3) n *= 2;
    this.slots = new Float64Array(n);
    this.mask = n - 1;
  }

  add(hash: number): void {
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === hash) return;
      if (slot === 0) {
        this.slots[i] = hash;
        this.size++;
        return;
      }
    }
  }

  has(hash: number): boolean {
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === hash) return true;
      if (slot === 0) return false;
    }
  }

  get slotCount(): number {
    return this.slots.length;
  }

  /** Visits the keys in slots [from, to). */
  forEachIn(from: number, to: number, visit: (hash: number) => void): void {
    const end = Math.min(to, this.slots.length);
    for (let i = from; i < end; i++) if (this.slots[i] !== 0) visit(this.slots[i]!);
  }
}

/** A 53-bit hash of a tag and two strings, never 0 (0 marks an empty slot): two 32-bit FNV-1a lanes. */
export function hash53(tag: number, a: string, b: string): number {
  let h1 = 0x811c9dc5 ^ tag;
  let h2 = 0x01000193 ^ (tag * 0x9e3779b1);
  for (const s of [a, b]) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h1 = Math.imul(h1 ^ 0xff, 0x01000193);
    h2 = Math.imul(h2 ^ 0xff, 0x5bd1e995);
  }
  h2 ^= h2 >>> 15;
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11) + 1;
}

const BY_KEY = 1;
const BY_SPAN = 2;
const BY_PARENT = 3;

interface Generation {
  keys: HashSet53;
  calls: number;
  reach: Reach;
}

/** Keys of forgotten generations, kept as a Bloom filter, and when their calls started and ended. */
interface Forgotten {
  bloom: BlockedBloom53;
  reach: Reach;
  /** Keys of the generations given to it, moved in or still to move (Retiring). */
  given: number;
}

/**
 * A generation dropped from the exact sets, its keys still moving into a filter (forgetRetired):
 * it is probed exactly until they all are. Moving a million slots at once held the main thread
 * for tens of milliseconds, and every export's 200 waited behind it.
 */
interface Retiring {
  generation: Generation;
  into: Forgotten;
  /** The next slot of its set to move. */
  next: number;
}

/** Slots of a retiring generation moved between two turns of the event loop. */
const SLOTS_PER_TURN = 65_536;

/** What a call is looked up by: its key, its span, its parent (all in one trace except the key), and its start. */
export interface CallIds {
  callKey: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  startTimeNs: bigint;
}

/** What a call is remembered by: its ids, and how long it lasted (memoryHoles.ts). */
export interface RememberedCall extends CallIds {
  durationMs: number;
}

/** Slots per call in CallHashes: up to three keys and four probes; 0 marks an unused slot. */
const KEY_SLOTS = 3;
const PROBE_SLOTS = 4;

/**
 * Calls as memory knows them, hashed once: the keys a call is remembered by (its key, its span,
 * its parent) and the probes under which a remembered call would be the same call as this one
 * (callMerge.ts), all in one trace except the key, and the slots of time it started and ended in
 * (memoryHoles.ts). Flat arrays, so a batch waiting for its insert holds no per-call object.
 */
export interface CallHashes {
  count: number;
  keys: Float64Array;
  probes: Float64Array;
  starts: Int32Array;
  ends: Int32Array;
}

export function hashCalls(calls: readonly RememberedCall[]): CallHashes {
  const count = calls.length;
  const keys = new Float64Array(count * KEY_SLOTS);
  const probes = new Float64Array(count * PROBE_SLOTS);
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const call = calls[i]!;
    const keyed = !call.callKey.startsWith('span:');
    const k = i * KEY_SLOTS;
    const p = i * PROBE_SLOTS;
    const bySpan = hash53(BY_SPAN, call.traceId, call.spanId);
    keys[k] = bySpan;
    probes[p] = bySpan;
    probes[p + 1] = hash53(BY_PARENT, call.traceId, call.spanId);
    if (keyed) keys[k + 1] = probes[p + 2] = hash53(BY_KEY, call.callKey, '');
    if (call.parentSpanId) {
      keys[k + 2] = hash53(BY_PARENT, call.traceId, call.parentSpanId);
      probes[p + 3] = hash53(BY_SPAN, call.traceId, call.parentSpanId);
    }
    const startMs = Number(call.startTimeNs / 1_000_000n);
    starts[i] = slotOfMs(startMs);
    ends[i] = endSlotOf(startMs, call.durationMs);
  }
  return { count, keys, probes, starts, ends };
}

const hashed = (calls: readonly RememberedCall[] | CallHashes): CallHashes => ('count' in calls ? calls : hashCalls(calls));

function addKeys(set: HashSet53, hashes: CallHashes, i: number): void {
  for (let k = i * KEY_SLOTS; k < (i + 1) * KEY_SLOTS; k++) if (hashes.keys[k] !== 0) set.add(hashes.keys[k]!);
}

/** Exact (HashSet53) or not (a Bloom filter's false positives: memory then looks the call up). */
interface KeySet {
  has(hash: number): boolean;
}

function anyProbeIn(set: KeySet, hashes: CallHashes, i: number): boolean {
  for (let p = i * PROBE_SLOTS; p < (i + 1) * PROBE_SLOTS; p++) if (hashes.probes[p] !== 0 && set.has(hashes.probes[p]!)) return true;
  return false;
}

/**
 * Whether two calls of a batch may be spans of one call (the same key, span, or a parent/child
 * pair): then the batch is planned call by call (callMerge.ts). Fed a part of the batch at a
 * time; false is certain.
 */
export class RepeatCheck {
  private readonly keys: HashSet53;
  private found = false;

  constructor(calls: number) {
    this.keys = new HashSet53(calls * 3);
  }

  /** Whether these calls or any before them may repeat one another. */
  add(calls: readonly RememberedCall[] | CallHashes): boolean {
    const hashes = hashed(calls);
    for (let i = 0; i < hashes.count && !this.found; i++) {
      if (anyProbeIn(this.keys, hashes, i)) this.found = true;
      else addKeys(this.keys, hashes, i);
    }
    return this.found;
  }
}

export class RecentCalls {
  private generations: Generation[] = [];
  /** The newest slot a remembered call started in. */
  private newestSlot = Number.NEGATIVE_INFINITY;
  /** Before the horizon, and where calls no longer remembered at all started and ended. */
  private readonly holes = new MemoryHoles();
  /** Forgotten generations' keys, oldest first: still certain misses (a Bloom filter has no false negatives). */
  private forgotten: Forgotten[] = [];
  /** At most one: a generation retired while another still moves finishes that one first (retire). */
  private retiring: Retiring | undefined;
  private forgetting: Promise<void> | undefined;

  constructor(
    /** How many calls are remembered exactly (about 32 bytes of memory each). */
    private readonly capacity = DEFAULT_RECENT_CALLS,
    /**
     * Every new call is probed in each generation (four keys, a cache miss each): 8 generations
     * cost 2.4 µs a call, 4 cost 1.5 (scratch measure, a million remembered). Fewer, larger
     * generations only make the exact memory forget in bigger steps (into the filters, not holes).
     */
    private readonly generationCount = 4,
    /**
     * Bloom filters the forgotten generations go into, each of the keys of twice `capacity` calls
     * (~12 bytes a call of memory): only when the oldest is dropped do its calls' slots become holes.
     */
    private readonly forgottenFilters = 2,
  ) {}

  /**
   * Everything stored and not remembered started before `horizonMs` (or nothing is stored:
   * -Infinity), and ended by `reachMs` when the store said (else up to an hour after).
   */
  startAt(horizonMs: number, reachMs?: number): void {
    this.holes.startAt(horizonMs, reachMs);
  }

  get remembered(): number {
    return this.generations.reduce((n, g) => n + g.calls, 0);
  }

  remember(calls: readonly RememberedCall[] | CallHashes): void {
    const hashes = hashed(calls);
    for (let i = 0; i < hashes.count; i++) {
      const generation = this.current();
      const start = hashes.starts[i]!;
      addKeys(generation.keys, hashes, i);
      reachInto(generation.reach, start, hashes.ends[i]!);
      generation.calls++;
      if (start > this.newestSlot) this.newestSlot = start;
    }
  }

  get coverage(): RecentCallsCoverage {
    return coverageOf(this.capacity, this.holes.lastForgot);
  }

  /**
   * The calls that may be stored, to look up. The others are certainly not: memory is complete
   * wherever a stored twin's time could overlap theirs, and none of their keys is remembered.
   */
  needLookup(calls: readonly CallRow[], hashes = hashCalls(calls)): CallRow[] {
    const complete = new Map<number, boolean>();
    return calls.filter((_, i) => this.mayBeStored(hashes, i, complete));
  }

  /** needLookup by the calls' hashes: the indices of those that may be stored. */
  lookupIndices(hashes: CallHashes): number[] {
    const complete = new Map<number, boolean>();
    const indices: number[] = [];
    for (let i = 0; i < hashes.count; i++) if (this.mayBeStored(hashes, i, complete)) indices.push(i);
    return indices;
  }

  /** `complete` caches, per start and end slot, whether memory is complete around them, across the calls of one batch. */
  private mayBeStored(hashes: CallHashes, i: number, complete: Map<number, boolean>): boolean {
    const start = hashes.starts[i]!;
    const end = hashes.ends[i]!;
    // An end is at most the twin window after its start: one number a pair.
    const pair = start * (TWIN_WINDOW_SLOTS + 1) + (end - start);
    let known = complete.get(pair);
    if (known === undefined) complete.set(pair, (known = !this.holes.mayOverlap(start, end)));
    return (
      !known ||
      this.generations.some((g) => anyProbeIn(g.keys, hashes, i)) ||
      (this.retiring !== undefined && anyProbeIn(this.retiring.generation.keys, hashes, i)) ||
      this.forgotten.some((f) => anyProbeIn(f.bloom, hashes, i))
    );
  }

  private current(): Generation {
    const perGeneration = Math.ceil(this.capacity / this.generationCount);
    let generation = this.generations[this.generations.length - 1];
    if (!generation || generation.calls >= perGeneration) {
      // Up to three keys a call.
      generation = { keys: new HashSet53(perGeneration * 3), calls: 0, reach: new Map() };
      this.generations.push(generation);
      if (this.generations.length > this.generationCount) this.retire(this.generations.shift()!);
    }
    return generation;
  }

  /**
   * A generation's keys are to go into the newest Bloom filter (forgetRetired); when a filter too
   * many is made, the oldest's calls leave holes.
   */
  private retire(generation: Generation): void {
    if (this.forgottenFilters === 0) return this.holes.add(generation.reach, this.newestSlot);
    let newest = this.forgotten[this.forgotten.length - 1];
    if (!newest || newest.given + generation.keys.size > newest.bloom.capacity) {
      newest = { bloom: new BlockedBloom53(Math.ceil(this.capacity * 2 * KEY_SLOTS)), reach: new Map(), given: 0 };
      this.forgotten.push(newest);
      if (this.forgotten.length > this.forgottenFilters) this.holes.add(this.forgotten.shift()!.reach, this.newestSlot);
    }
    newest.given += generation.keys.size;
    for (const [start, end] of generation.reach) reachInto(newest.reach, start, end);
    // One retiring generation at a time: an older one still moving (nobody called forgetRetired) finishes now.
    if (this.retiring) this.move(this.retiring, Number.POSITIVE_INFINITY);
    this.retiring = { generation, into: newest, next: 0 };
  }

  private move(retiring: Retiring, slots: number): void {
    const { bloom } = retiring.into;
    const to = Math.min(retiring.generation.keys.slotCount, retiring.next + slots);
    retiring.generation.keys.forEachIn(retiring.next, to, (hash) => bloom.add(hash));
    retiring.next = to;
  }

  /** Moves the retired generation's keys into its filter, a slice at a time, awaiting `turn` between slices. */
  forgetRetired(turn: () => Promise<void>): Promise<void> {
    this.forgetting ??= (async () => {
      try {
        for (let retiring = this.retiring; retiring; retiring = this.retiring) {
          this.move(retiring, SLOTS_PER_TURN);
          // Another may have retired meanwhile (during a turn): only this one is done.
          if (retiring.next >= retiring.generation.keys.slotCount && this.retiring === retiring) this.retiring = undefined;
          await turn();
        }
      } finally {
        this.forgetting = undefined;
      }
    })();
    return this.forgetting;
  }
}
