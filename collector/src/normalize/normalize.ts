// normalize(export) → rows: pure. Keeps every span that is a Claude API call in any of the
// conventions we know, and nothing else. Pricing is a later stage (rows leave with no cost).
import type { DecodedTraces, Span, SpanRejection } from '../otlp/model';
import { Burnrate } from '../semconv';
import type { Adapter, CallFacts, ExportContext } from './callFacts';
import { CONVENTIONS, isUnderstoodNotACall } from './conventions/registry';
import { attemptRows } from './attempts';
import { InvalidTokenCount, stringAttr } from './attributes';
import type { AttemptRow, CallRow } from './callRow';
import { callRowOf, label, MAX_LABEL_CHARS, resourceContext, type ResourceContext } from './callRowOf';
import { mergeSameCalls } from './callIdentity';
import { unreadKind } from './unreadSpans';

export { MAX_LABEL_CHARS };

// In the registry's order: most specific first.
const ADAPTERS: readonly Adapter[] = CONVENTIONS.map((convention) => convention.adapter);

export interface NormalizedBatch {
  calls: CallRow[];
  attempts: AttemptRow[];
  rejected: SpanRejection[];
  /** Spans folded into another span's row because they describe the same API call. */
  merged: number;
  /** Per instrumentation scope: spans read as calls, and spans that look like model calls but were not understood. */
  scopes: ScopeTally[];
}

export interface ScopeTally {
  scope: string;
  calls: number;
  notUnderstood: number;
}

/** Children by parent, built only when an adapter asks (the Vercel AI SDK's attempt spans). */
function exportContext(decoded: DecodedTraces): ExportContext {
  let byParent: Map<string, Span[]> | undefined;
  return {
    children(span) {
      if (!byParent) {
        byParent = new Map();
        for (const resource of decoded.resourceSpans) {
          for (const scope of resource.scopeSpans) {
            for (const child of scope.spans) {
              if (!child.parentSpanId) continue;
              const key = `${child.traceId}:${child.parentSpanId}`;
              const siblings = byParent.get(key);
              if (siblings) siblings.push(child);
              else byParent.set(key, [child]);
            }
          }
        }
      }
      return byParent.get(`${span.traceId}:${span.spanId}`) ?? [];
    },
  };
}

function factsOf(span: Span, scopeName: string, context: ExportContext): CallFacts | undefined {
  for (const adapter of ADAPTERS) {
    const facts = adapter(span, scopeName, context);
    if (facts) return facts;
  }
  return undefined;
}

export function normalize(decoded: DecodedTraces): NormalizedBatch {
  const rejected = [...decoded.rejected];
  // Parallel arrays, not a {span, call} pair per span: fewer objects on the hot path.
  const spans: Span[] = [];
  const rows: CallRow[] = [];
  const context = exportContext(decoded);
  const tallies = new Map<string, ScopeTally>();
  const tally = (scope: string) => {
    let entry = tallies.get(scope);
    if (!entry) tallies.set(scope, (entry = { scope: label(scope) || '(no scope name)', calls: 0, notUnderstood: 0 }));
    return entry;
  };
  for (const resourceSpans of decoded.resourceSpans) {
    let resource: ResourceContext | undefined;
    for (const scope of resourceSpans.scopeSpans) {
      let scopeTally: ScopeTally | undefined;
      for (const span of scope.spans) {
        // Its call is another span (Logfire's stream opening): read neither as a call nor as not understood.
        if (isUnderstoodNotACall(span)) continue;
        let facts: CallFacts | undefined;
        try {
          facts = factsOf(span, scope.scopeName, context);
        } catch (error) {
          if (!(error instanceof InvalidTokenCount)) throw error;
          rejected.push({ reason: `span ${span.spanId}: ${error.message}` });
          continue;
        }
        if (!facts) {
          if (unreadKind(span) === 'not-understood') tally(scope.scopeName).notUnderstood++;
          continue;
        }
        // The sdk-hook's budget guard refused this call before any request: not an API call.
        if (stringAttr(span.attributes, Burnrate.guardAction) === 'block') continue;
        resource ??= resourceContext(resourceSpans.resource);
        spans.push(span);
        rows.push(callRowOf(span, resource, scope.scopeName, facts));
        (scopeTally ??= tally(scope.scopeName)).calls++;
      }
    }
  }
  const { calls, merged, groupOf } = mergeSameCalls(rows);
  // A call's attempts come from the span that stands for it (the most specific one).
  const attempts: AttemptRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const call = groupOf[i]!;
    if (call.spanId === row.spanId && call.traceId === row.traceId) attemptRows(spans[i]!, call, attempts);
  }
  return { calls, attempts, rejected, merged, scopes: [...tallies.values()] };
}
