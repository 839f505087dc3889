// What the OTLP traces endpoint made of what it received since the collector started, per
// instrumentation scope: spans read as calls, spans that looked like model calls but were not
// understood, spans refused and why; and, overall, calls stored and duplicates merged. Kept in
// memory (counters since start, like /metrics'); bounded: at most MAX_SCOPES scopes and
// MAX_REASONS refusal reasons, the rest counted under "(other)".
// Depends on no other stage (the route hands it plain counts), so it sits outside their imports;
// its answer's shape (IngestHealthResponse) is the contract's.
import type { IngestHealthResponse } from '@burnrate/contract';
import type { ScopeTally } from '../normalize/normalize';
import type { SpanRejection } from '../otlp/model';

/** What the insert said of one export's calls (store/insertBatches.ts WriteResult). */
interface Written {
  inserted: number;
  duplicates: number;
  merged: number;
}

const MAX_SCOPES = 200;
const MAX_REASONS = 20;
const OTHER = '(other)';

/** A refusal's reason without the span id that starts it, so alike reasons count together. */
const reasonKind = (reason: string) => reason.replace(/^span [0-9a-f]+: /, '').slice(0, 200);

export class IngestHealth {
  private readonly since = new Date();
  private readonly scopes = new Map<string, { calls: number; notUnderstood: number }>();
  private readonly reasons = new Map<string, number>();
  private calls = 0;
  private repeats = 0;
  private merged = 0;
  private rejected = 0;

  /** What the endpoint made of one export, when it answers (before its calls are inserted). */
  record(scopes: readonly ScopeTally[], rejected: readonly SpanRejection[], mergedInExport: number): void {
    for (const tally of scopes) {
      const key = this.scopes.has(tally.scope) || this.scopes.size < MAX_SCOPES ? tally.scope : OTHER;
      const entry = this.scopes.get(key) ?? { calls: 0, notUnderstood: 0 };
      entry.calls += tally.calls;
      entry.notUnderstood += tally.notUnderstood;
      this.scopes.set(key, entry);
    }
    for (const { reason } of rejected) {
      const kind = reasonKind(reason);
      const key = this.reasons.has(kind) || this.reasons.size < MAX_REASONS ? kind : OTHER;
      this.reasons.set(key, (this.reasons.get(key) ?? 0) + 1);
    }
    this.rejected += rejected.length;
    this.merged += mergedInExport;
  }

  /** What the insert made of one export's calls: the writer reports it when it drains the write-ahead log. */
  recordStored(written: Written): void {
    this.calls += written.inserted;
    this.merged += written.merged;
    this.repeats += written.duplicates - written.merged;
  }

  snapshot(): IngestHealthResponse {
    return {
      since: this.since.toISOString(),
      callsStored: this.calls,
      duplicatesMerged: this.merged,
      repeatsIgnored: this.repeats,
      spansRejected: this.rejected,
      scopes: [...this.scopes]
        .map(([scope, c]) => ({ scope, spansReadAsCalls: c.calls, spansNotUnderstood: c.notUnderstood }))
        .sort((a, b) => a.scope.localeCompare(b.scope)),
      rejectionReasons: [...this.reasons].map(([reason, spans]) => ({ reason, spans })).sort((a, b) => b.spans - a.spans),
    };
  }
}

/** The OTLP partial_success warning for spans not understood (rejected_spans may be 0: the spec allows a warning). */
export function notUnderstoodMessage(scopes: readonly ScopeTally[]): string | undefined {
  const unread = scopes.filter((s) => s.notUnderstood > 0);
  if (unread.length === 0) return undefined;
  const total = unread.reduce((n, s) => n + s.notUnderstood, 0);
  const list = unread.map((s) => `${s.scope}: ${s.notUnderstood}`).join(', ');
  return `${total} span(s) look like model calls but burnrate could not read them (${list}); they are not counted. See /api/v1/ingest-health`;
}
