// One RecentCalls per store this process writes, started from what the store already holds: the
// newest start time stored, and the keys of the calls of the last hours when they fit in memory
// (so a restart does not mean an hour of lookups). Only for the embedded engine, the one store
// this process is certainly the only writer of; several collectors may share a server, and a call
// one of them stored is invisible to the others' memory, so there every call is looked up.
import type { Gateway } from './gateway';
import { TWIN_WINDOW_MS } from './memoryHoles';
import { DEFAULT_RECENT_CALLS, RecentCalls } from './recentCalls';
import { CALLS_TABLE } from './callsTable';
import { nsToDateTime64 } from './time';

/**
 * How far back from the newest stored call a restart reloads keys, when they fit: a retried export or
 * a second instrumentation's span of a call stored just before the restart then skips the lookup.
 * Calls before are known only by how far they reached (reachBefore).
 */
const PRELOAD_MINUTES = 150;
const MINUTE_NS = 60_000_000_000n;

const opened = new WeakMap<Gateway, Promise<RecentCalls>>();

async function open(gateway: Gateway, capacity: number): Promise<RecentCalls> {
  const recent = new RecentCalls(capacity);
  const table = gateway.table(CALLS_TABLE);
  const [newest] = await gateway.query<{ n: string; max_ns: string }>(
    'calls-newest',
    `SELECT count() AS n, toString(toUnixTimestamp64Nano(max(start_time))) AS max_ns FROM ${table}`,
  );
  if (!newest || Number(newest.n) === 0) {
    recent.startAt(Number.NEGATIVE_INFINITY);
    return recent;
  }
  const newestMinute = BigInt(newest.max_ns) / MINUTE_NS;
  const fromMinute = newestMinute - BigInt(PRELOAD_MINUTES);
  const limit = Math.floor(capacity / 4);
  const rows = await gateway.query<{ call_key: string; trace_id: string; span_id: string; parent_span_id: string; start_ns: string; duration_ms: number }>(
    'calls-recent-keys',
    `SELECT call_key, trace_id, span_id, parent_span_id, toString(toUnixTimestamp64Nano(start_time)) AS start_ns, duration_ms FROM ${table}
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND sign > 0 LIMIT {limit:UInt64}`,
    { from: nsToDateTime64(fromMinute * MINUTE_NS), limit: limit + 1 },
  );
  if (rows.length > limit) {
    // Too many to remember: only calls that start after everything stored has ended skip the lookup.
    const horizonNs = BigInt(newest.max_ns) + 1n;
    recent.startAt(Number(horizonNs / 1_000_000n), await reachBefore(gateway, horizonNs));
    return recent;
  }
  recent.remember(
    rows.map((r) => ({
      callKey: r.call_key,
      traceId: r.trace_id,
      spanId: r.span_id,
      parentSpanId: r.parent_span_id,
      startTimeNs: BigInt(r.start_ns),
      durationMs: Number(r.duration_ms),
    })),
  );
  recent.startAt(Number((fromMinute * MINUTE_NS) / 1_000_000n), await reachBefore(gateway, fromMinute * MINUTE_NS));
  return recent;
}

/**
 * How far the calls stored in the hour before `horizonNs` reached (ms since the epoch), each at most
 * an hour past its start, as memoryHoles.ts counts them (a length not a number or negative is the
 * hour); earlier calls end before the horizon, which memory covers anyway. -Infinity when there
 * are none. Without it, every call within an hour after a restart was looked up.
 */
async function reachBefore(gateway: Gateway, horizonNs: bigint): Promise<number> {
  const [row] = await gateway.query<{ n: string; reach: string }>(
    'calls-reach',
    `SELECT count() AS n, toString(max(toUnixTimestamp64Milli(start_time) + toInt64(if(duration_ms >= 0, least(duration_ms, {window:UInt32}), {window:UInt32})))) AS reach
     FROM ${gateway.table(CALLS_TABLE)} WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')} AND sign > 0`,
    { window: TWIN_WINDOW_MS, from: nsToDateTime64(horizonNs - BigInt(TWIN_WINDOW_MS) * 1_000_000n), to: nsToDateTime64(horizonNs) },
  );
  return row && Number(row.n) > 0 ? Number(row.reach) : Number.NEGATIVE_INFINITY;
}

const capacities = new WeakMap<Gateway, number>();

/**
 * How many calls memory holds for this store (BURNRATE_RECENT_CALLS), set before the writer's first
 * insert. Memory (with its filters, recentCalls.ts) must hold every stored call an incoming one may
 * overlap in time (memoryHoles.ts), or that call is looked up in ClickHouse (/healthz lookedUpCalls).
 */
export function rememberUpTo(gateway: Gateway, capacity: number): void {
  capacities.set(gateway, capacity);
}

/** The store's RecentCalls, or undefined where memory cannot be trusted (a server). Retried after a failure. */
export function recentCallsOf(gateway: Gateway): Promise<RecentCalls> | undefined {
  if (gateway.kind !== 'embedded') return undefined;
  let recent = opened.get(gateway);
  if (!recent) {
    recent = open(gateway, capacities.get(gateway) ?? DEFAULT_RECENT_CALLS);
    opened.set(gateway, recent);
    recent.catch(() => opened.delete(gateway));
  }
  return recent;
}
