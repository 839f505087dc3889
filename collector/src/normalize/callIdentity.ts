// Which API call a span describes, so that several spans of one call (a third-party span around
// the SDK's own, exporter retries, exports minutes apart) become one row. Pure: the key comes from
// what the API itself named (the message id, else the request id), so every instrumentation that
// saw the call derives the same key without knowing of the others. Spans that carry neither (an
// OpenLLMetry success, say) still merge with the span they wrap or sit in (parent/child, same
// model); the store does the same across exports (store/callIdentityLookup.ts).
import type { CallRow } from './callRow';

export function callKeyOf(responseId: string, requestId: string, traceId: string, spanId: string): string {
  if (responseId) return `msg:${responseId}`;
  if (requestId) return `req:${requestId}`;
  return `span:${traceId}:${spanId}`;
}

/** A key from the API's own ids beats one made from a span's ids. */
function keyStrength(key: string): number {
  return key.startsWith('msg:') ? 2 : key.startsWith('req:') ? 1 : 0;
}

/** The SDK's own span knows most (usage split, attempts, request id), then the sdk-hook's, then others. */
export const SOURCE_RANK = { anthropicSdk: 3, sdkHook: 2, other: 1 } as const;

/** Two rows of one trace where one span is the other's parent and both name the same model. */
export function wrapsSameCall(a: Pick<CallRow, 'traceId' | 'spanId' | 'parentSpanId' | 'model'>, b: typeof a): boolean {
  if (a.traceId !== b.traceId || a.model !== b.model) return false;
  return (a.parentSpanId !== '' && a.parentSpanId === b.spanId) || (b.parentSpanId !== '' && b.parentSpanId === a.spanId);
}

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === '' ||
  value === 0 ||
  value === null ||
  value === false ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

const TOKEN_FIELDS = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens'] as const;
/** Where the call sits in the store: kept from the first row given (the stored one, when there is one). */
const PLACEMENT_FIELDS = ['traceId', 'spanId', 'parentSpanId', 'startTimeNs', 'serviceName'] as const;

/**
 * One row from several rows of the same call: each fact from the most specific source that has it
 * (sourceRank, then the order given), the usage whole from one source so tokens never mix, the
 * strongest call key, and the placement of `rows[0]` so a stored call keeps its place.
 */
export function mergeCallRows(rows: readonly CallRow[]): CallRow {
  if (rows.length === 1) return rows[0]!;
  const ranked = [...rows].sort((a, b) => b.sourceRank - a.sourceRank);
  const merged: Record<string, unknown> = { ...ranked[0]! };
  for (const [field, value] of Object.entries(merged)) {
    if (!isEmpty(value)) continue;
    const donor = ranked.find((row) => !isEmpty(row[field as keyof CallRow]));
    if (donor) merged[field] = donor[field as keyof CallRow];
  }
  const withUsage = ranked.find((row) => TOKEN_FIELDS.some((f) => row[f] > 0)) ?? ranked[0]!;
  for (const field of TOKEN_FIELDS) merged[field] = withUsage[field];
  // The cost and its lines go with the usage they price.
  merged.costNanoUsd = withUsage.costNanoUsd;
  merged.pricing = withUsage.pricing;
  merged.callKey = ranked.map((r) => r.callKey).sort((a, b) => keyStrength(b) - keyStrength(a))[0];
  merged.sourceRank = ranked[0]!.sourceRank;
  for (const field of PLACEMENT_FIELDS) merged[field] = rows[0]![field];
  return merged as unknown as CallRow;
}

/**
 * Groups a batch's rows by call (same key, or wrapping one another) and merges each group.
 * `groupOf[i]` is the call that row i went into. Most batches have no two rows of one call; they
 * pass with two lookups per row and no regrouping (this runs on every span of the ingest path).
 */
export function mergeSameCalls(rows: readonly CallRow[]): { calls: CallRow[]; merged: number; groupOf: CallRow[] } {
  if (!anyTwoSameCall(rows)) return { calls: rows.slice(), merged: 0, groupOf: rows.slice() };
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (i: number, j: number) => {
    parent[find(i)] = find(j);
  };
  const byKey = new Map<string, number>();
  const bySpan = new Map<string, number>();
  rows.forEach((row, i) => {
    const same = byKey.get(row.callKey);
    if (same !== undefined) union(i, same);
    else byKey.set(row.callKey, i);
    bySpan.set(`${row.traceId}:${row.spanId}`, i);
  });
  rows.forEach((row, i) => {
    const up = row.parentSpanId ? bySpan.get(`${row.traceId}:${row.parentSpanId}`) : undefined;
    if (up !== undefined && wrapsSameCall(row, rows[up]!)) union(i, up);
  });
  const groups = new Map<number, CallRow[]>();
  rows.forEach((row, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), row]);
  });
  const calls: CallRow[] = [];
  const callOf = new Map<CallRow, CallRow>();
  for (const group of groups.values()) {
    // Placement: the most specific span stands for the call.
    const ordered = [...group].sort((a, b) => b.sourceRank - a.sourceRank);
    const call = mergeCallRows(ordered);
    calls.push(call);
    for (const row of group) callOf.set(row, call);
  }
  return { calls, merged: rows.length - calls.length, groupOf: rows.map((row) => callOf.get(row)!) };
}

/**
 * Whether any two rows share a call key or wrap one another. Spans are looked up by span id alone
 * (no key string built per row); the trace is compared after, and a span id seen in two traces
 * sends the batch to the full grouping rather than risk a missed pair.
 */
function anyTwoSameCall(rows: readonly CallRow[]): boolean {
  const keys = new Set<string>();
  let anyParent = false;
  for (const row of rows) {
    if (keys.has(row.callKey)) return true;
    keys.add(row.callKey);
    if (row.parentSpanId) anyParent = true;
  }
  if (!anyParent) return false;
  const bySpanId = new Map<string, CallRow>();
  for (const row of rows) {
    const seen = bySpanId.get(row.spanId);
    if (seen !== undefined && seen.traceId !== row.traceId) return true;
    bySpanId.set(row.spanId, row);
  }
  for (const row of rows) {
    if (!row.parentSpanId) continue;
    const up = bySpanId.get(row.parentSpanId);
    if (up !== undefined && wrapsSameCall(row, up)) return true;
  }
  return false;
}
