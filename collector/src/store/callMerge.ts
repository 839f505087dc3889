// Which rows an insert writes so that each API call stays one row: pure, given the incoming calls
// and the stored calls that may be the same (callsTable.storedCallsLike). A call seen before is
// merged (normalize/callIdentity.mergeCallRows) into the stored row, keeping its place; when that
// changes the row, the insert carries the stored version with sign -1 and the merged one with
// sign +1, both marked as a revision. ReplacingMergeTree keeps the last row of a sort key, so the
// table ends with the merged row; the rollup views sum `sign`, so they end with it too, and they
// feed latency sketches from first versions only, so no call's latency is counted twice.
import { mergeCallRows, wrapsSameCall } from '../normalize/callIdentity';
import type { CallRow } from '../normalize/callRow';
import { callKey, NEW_CALL, toCallInsertRow, type CallVersion } from './callsTable';

export type CallOutcome = 'new' | 'merged' | 'duplicate';

export interface CallWritePlan {
  rows: { row: CallRow; version: CallVersion }[];
  outcomes: Map<CallRow, CallOutcome>;
  /** Where each incoming call ended up (trace/span of the stored row), for its attempts. */
  placeOf: Map<string, string>;
}

interface Entry {
  stored: CallRow | undefined;
  current: CallRow;
}

const sameFacts = (a: CallRow, b: CallRow) => JSON.stringify(toCallInsertRow(a)) === JSON.stringify(toCallInsertRow(b));

/** Entries indexed the three ways a span can be the same call as a stored one. */
class CallIndex {
  private byKey = new Map<string, Entry>();
  private bySpan = new Map<string, Entry>();
  private byParent = new Map<string, Entry[]>();

  add(entry: Entry, row: CallRow): void {
    this.byKey.set(row.callKey, entry);
    this.bySpan.set(`${row.traceId}:${row.spanId}`, entry);
    if (row.parentSpanId) {
      const key = `${row.traceId}:${row.parentSpanId}`;
      this.byParent.set(key, [...(this.byParent.get(key) ?? []), entry]);
    }
  }

  find(call: CallRow): Entry | undefined {
    const byKey = this.byKey.get(call.callKey);
    if (byKey) return byKey;
    const self = this.bySpan.get(`${call.traceId}:${call.spanId}`);
    if (self) return self;
    const parent = call.parentSpanId ? this.bySpan.get(`${call.traceId}:${call.parentSpanId}`) : undefined;
    if (parent && wrapsSameCall(parent.current, call)) return parent;
    return this.byParent.get(`${call.traceId}:${call.spanId}`)?.find((child) => wrapsSameCall(child.current, call));
  }
}

export function planCallWrites(incoming: readonly CallRow[], stored: readonly CallRow[]): CallWritePlan {
  const index = new CallIndex();
  const entries: Entry[] = [];
  for (const row of stored) {
    const entry = { stored: row, current: row };
    entries.push(entry);
    index.add(entry, row);
  }
  const outcomes = new Map<CallRow, CallOutcome>();
  const placeOf = new Map<string, string>();
  for (const call of incoming) {
    const entry = index.find(call);
    if (!entry) {
      const fresh = { stored: undefined, current: call };
      entries.push(fresh);
      index.add(fresh, call);
      outcomes.set(call, 'new');
      placeOf.set(callKey(call), callKey(call));
      continue;
    }
    placeOf.set(callKey(call), callKey(entry.current));
    const merged = mergeCallRows([entry.current, call]);
    if (sameFacts(merged, entry.current)) {
      outcomes.set(call, 'duplicate');
      continue;
    }
    entry.current = merged;
    index.add(entry, merged);
    index.add(entry, call);
    outcomes.set(call, 'merged');
  }
  const rows: CallWritePlan['rows'] = [];
  for (const { stored: before, current } of entries) {
    if (!before) rows.push({ row: current, version: NEW_CALL });
    else if (current !== before) {
      // The retraction first: of two rows with one sort key, ReplacingMergeTree keeps the last.
      rows.push({ row: before, version: { sign: -1, revision: true } });
      rows.push({ row: current, version: { sign: 1, revision: true } });
    }
  }
  return { rows, outcomes, placeOf };
}
