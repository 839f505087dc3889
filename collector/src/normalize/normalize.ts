// normalize(export) → rows: pure. Keeps every span that is a Claude API call in any of the
// conventions we know, and nothing else. Pricing is a later stage (rows leave with no cost).
import type { DecodedTraces, ResourceSpans, Span, SpanRejection } from '../otlp/model';
import { canonicalModelId } from '@burnrate/contract';
import { Anthropic, Burnrate, Http, Resource } from '../semconv';
import type { Adapter, CallFacts, ExportContext } from './adapters/callFacts';
import { anthropicSdkAdapter, SDK_HOOK_SCOPE } from './adapters/anthropicSdk';
import { genAiAdapter } from './adapters/genAi';
import { openInferenceAdapter } from './adapters/openInference';
import { openLitAdapter } from './adapters/openLit';
import { openLlmetryAdapter } from './adapters/openLlmetry';
import { vercelAiAdapter } from './adapters/vercelAi';
import { attemptRows } from './attempts';
import { billingFacts } from './billingFacts';
import { flattenToStrings, InvalidTokenCount, numberAttr, stringAttr } from './attributes';
import type { Attribution, AttemptRow, CallRow } from './callRow';
import { toTokenUsage } from './usage';
import { callKeyOf, mergeSameCalls, SOURCE_RANK } from './callIdentity';
import { unreadKind } from './unreadSpans';
import { sessionIdOf } from './sessionId';

// Most specific first: a span from the SDK's own scope also carries gen_ai.* names.
const ADAPTERS: Adapter[] = [anthropicSdkAdapter, openLlmetryAdapter, openLitAdapter, openInferenceAdapter, vercelAiAdapter, genAiAdapter];

/** Attribution values are labels, not payloads. */
export const MAX_LABEL_CHARS = 128;

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

function label(value: string | undefined): string {
  return (value ?? '').slice(0, MAX_LABEL_CHARS);
}

/** What every span of one resource shares, worked out once per resource, not per span. */
interface ResourceContext {
  attributes: ResourceSpans['resource'];
  serviceName: string;
  environment: string;
  flattened: Record<string, string>;
}

function resourceContext(resource: ResourceSpans['resource']): ResourceContext {
  return {
    attributes: resource,
    serviceName: label(stringAttr(resource, Resource.serviceName) ?? 'unknown_service'),
    environment: label(stringAttr(resource, Resource.environment) ?? stringAttr(resource, Resource.environmentOld)),
    flattened: flattenToStrings(resource),
  };
}

// Model ids repeat endlessly; their canonical form is a chain of regexes worth computing once.
const canonicalCache = new Map<string, string>();
const CANONICAL_CACHE_LIMIT = 10_000;

function canonicalModel(model: string): string {
  let canonical = canonicalCache.get(model);
  if (canonical === undefined) {
    canonical = label(canonicalModelId(model));
    if (canonicalCache.size >= CANONICAL_CACHE_LIMIT) canonicalCache.clear();
    canonicalCache.set(model, canonical);
  }
  return canonical;
}

function attribution(span: Span, resource: ResourceSpans['resource']): Attribution {
  // A span's own value wins; a service may also set team or project once on its resource.
  const read = (key: string) => label(stringAttr(span.attributes, key) ?? stringAttr(resource, key));
  return {
    team: read(Burnrate.team),
    project: read(Burnrate.project),
    feature: read(Burnrate.feature),
    user: read(Burnrate.user),
    tenant: read(Burnrate.tenant),
    route: read(Burnrate.routeName),
    routeReason: read(Burnrate.routeReason),
    routeRequestedModel: read(Burnrate.routeRequestedModel),
    routeFallbackFrom: read(Burnrate.routeFallbackFrom),
  };
}

function rateLimits(span: Span): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of span.attributes) {
    if (key.startsWith(Burnrate.rateLimitPrefix) && (typeof value === 'string' || typeof value === 'number')) {
      out[key.slice(Burnrate.rateLimitPrefix.length)] = String(value).slice(0, 64);
    }
  }
  return out;
}

function errorTypeOf(span: Span, statusCode: number): string {
  const declared = stringAttr(span.attributes, Http.errorType);
  if (declared) return label(declared);
  if (statusCode >= 400) return `http_${statusCode}`;
  return span.statusCode === 2 ? 'error' : '';
}

function sourceRankOf(scopeName: string): number {
  if (scopeName.startsWith(Anthropic.scopePrefix)) return SOURCE_RANK.anthropicSdk;
  return scopeName === SDK_HOOK_SCOPE ? SOURCE_RANK.sdkHook : SOURCE_RANK.other;
}

function toCallRow(span: Span, resource: ResourceContext, scopeName: string, facts: CallFacts): CallRow {
  const a = span.attributes;
  const status = numberAttr(a, Http.statusCode) ?? facts.statusCode;
  const statusCode = status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599 ? status : 0;
  const resend = numberAttr(a, Http.resendCount) ?? facts.retryCount;
  const requestId = label(facts.requestId);
  return {
    callKey: callKeyOf(label(facts.responseId), requestId, span.traceId, span.spanId),
    sourceRank: sourceRankOf(scopeName),
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    startTimeNs: span.startTimeNs,
    durationMs: Number(span.endTimeNs - span.startTimeNs) / 1e6,
    serviceName: resource.serviceName,
    environment: resource.environment,
    resourceAttributes: resource.flattened,
    scopeName: label(scopeName),
    instrumentation: facts.instrumentation,
    provider: label(facts.provider),
    operation: label(facts.operation),
    requestModel: label(facts.requestModel),
    responseModel: label(facts.responseModel),
    model: canonicalModel(facts.responseModel || facts.requestModel),
    ...toTokenUsage(facts.usage),
    serviceTier: label(facts.serviceTier),
    stream: facts.stream,
    ttftMs: facts.ttftMs !== null && facts.ttftMs >= 0 ? facts.ttftMs : null,
    stopReason: label(facts.stopReason),
    statusCode,
    errorType: facts.errorType ? label(facts.errorType) : errorTypeOf(span, statusCode),
    retryCount: resend !== undefined && Number.isInteger(resend) && resend >= 0 && resend < 1000 ? resend : 0,
    requestId,
    ...billingFacts(a, MAX_LABEL_CHARS),
    rateLimits: rateLimits(span),
    ...attribution(span, resource.attributes),
    sessionId: sessionIdOf(a, resource.attributes, MAX_LABEL_CHARS),
    costNanoUsd: null,
  };
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
              byParent.set(key, [...(byParent.get(key) ?? []), child]);
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
  const read: { span: Span; call: CallRow }[] = [];
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
      for (const span of scope.spans) {
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
        read.push({ span, call: toCallRow(span, resource, scope.scopeName, facts) });
        tally(scope.scopeName).calls++;
      }
    }
  }
  const { calls, merged, groupOf } = mergeSameCalls(read.map((r) => r.call));
  // A call's attempts come from the span that stands for it (the most specific one).
  const attempts = read.filter(({ call }) => groupOf.get(call)!.spanId === call.spanId && groupOf.get(call)!.traceId === call.traceId).flatMap(({ span, call }) => attemptRows(span, groupOf.get(call)!));
  return { calls, attempts, rejected, merged, scopes: [...tallies.values()] };
}
