// Building one call row from a convention's facts, the same for every source: spans of any
// convention (normalize.ts) and Claude Code's log events (claudeCode/normalizeLogs.ts).
import { canonicalModelId } from '@burnrate/contract';
import type { Attributes, Span } from '../otlp/model';
import { Anthropic, Burnrate, Http, Resource } from '../semconv';
import { flattenToStrings, numberAttr, stringAttr } from './attributes';
import { billingFacts } from './billingFacts';
import type { CallFacts } from './callFacts';
import { callKeyOf, SOURCE_RANK } from './callIdentity';
import type { Attribution, CallRow } from './callRow';
import { sessionIdOf } from './sessionId';
import { toTokenUsage } from './usage';

const NO_ATTRIBUTES: Attributes = new Map();

/** Attribution values are labels, not payloads. */
export const MAX_LABEL_CHARS = 128;

export function label(value: string | undefined): string {
  return (value ?? '').slice(0, MAX_LABEL_CHARS);
}

/** What every span of one resource shares, worked out once per resource, not per span. */
export interface ResourceContext {
  serviceName: string;
  environment: string;
  flattened: Record<string, string>;
  /** The resource's own attribution, which a span's value overrides (undefined: not set). */
  attribution: Record<AttributionField, string | undefined>;
  /** The resource's session id ('' when none), which a span's own session overrides. */
  session: string;
}

type AttributionField = keyof Attribution;

// Attribution field → attribute name, in the row's order.
const ATTRIBUTION_KEYS: Record<AttributionField, string> = {
  team: Burnrate.team,
  project: Burnrate.project,
  feature: Burnrate.feature,
  user: Burnrate.user,
  tenant: Burnrate.tenant,
  route: Burnrate.routeName,
  routeReason: Burnrate.routeReason,
  routeRequestedModel: Burnrate.routeRequestedModel,
  routeFallbackFrom: Burnrate.routeFallbackFrom,
};

export function resourceContext(resource: Attributes, defaultServiceName = 'unknown_service'): ResourceContext {
  const read = (field: AttributionField) => stringAttr(resource, ATTRIBUTION_KEYS[field]);
  return {
    serviceName: label(stringAttr(resource, Resource.serviceName) ?? defaultServiceName),
    environment: label(stringAttr(resource, Resource.environment) ?? stringAttr(resource, Resource.environmentOld)),
    flattened: flattenToStrings(resource),
    session: sessionIdOf(resource, NO_ATTRIBUTES, MAX_LABEL_CHARS),
    attribution: {
      team: read('team'),
      project: read('project'),
      feature: read('feature'),
      user: read('user'),
      tenant: read('tenant'),
      route: read('route'),
      routeReason: read('routeReason'),
      routeRequestedModel: read('routeRequestedModel'),
      routeFallbackFrom: read('routeFallbackFrom'),
    },
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

/** A span's own value wins; a service may also set team or project once on its resource. */
function attributed(span: CallSource, resource: ResourceContext, field: AttributionField): string {
  return label(stringAttr(span.attributes, ATTRIBUTION_KEYS[field]) ?? resource.attribution[field]);
}

/** Rate-limit keys seen, to their names after the prefix: the same few on every call, sliced once. */
const rateLimitNames = new Map<string, string>();
const MAX_RATE_LIMIT_NAMES = 1024;

function rateLimitName(key: string): string {
  let name = rateLimitNames.get(key);
  if (name === undefined) {
    name = key.slice(Burnrate.rateLimitPrefix.length);
    if (rateLimitNames.size < MAX_RATE_LIMIT_NAMES) rateLimitNames.set(key, name);
  }
  return name;
}

function rateLimits(span: CallSource): Record<string, string> {
  const out: Record<string, string> = {};
  // forEach, not for…of: no [key, value] pair an attribute, on every call.
  span.attributes.forEach((value, key) => {
    if ((typeof value === 'string' || typeof value === 'number') && key.startsWith(Burnrate.rateLimitPrefix)) {
      out[rateLimitName(key)] = String(value).slice(0, 64);
    }
  });
  return out;
}

function errorTypeOf(span: CallSource, statusCode: number): string {
  const declared = stringAttr(span.attributes, Http.errorType);
  if (declared) return label(declared);
  if (statusCode >= 400) return `http_${statusCode}`;
  return span.statusCode === 2 ? 'error' : '';
}

function sourceRankOf(scopeName: string): number {
  if (scopeName.startsWith(Anthropic.scopePrefix)) return SOURCE_RANK.anthropicSdk;
  return scopeName === Burnrate.sdkHookScope ? SOURCE_RANK.sdkHook : SOURCE_RANK.other;
}

/**
 * Where a call was seen: a span, or a record that stands for one (a Claude Code log event, given
 * ids of its own). Its attributes hold the shared names (http.*, burnrate.*) read beside the facts.
 */
export type CallSource = Pick<Span, 'traceId' | 'spanId' | 'parentSpanId' | 'startTimeNs' | 'endTimeNs' | 'attributes' | 'statusCode'>;

// One object literal with every field, no spreads: spreading parts into a 50-field row made V8
// copy property by property, the largest single cost of normalize on the ingest benchmark.
/** The one way a call row is made, from a convention's facts and what every source shares. */
export function callRowOf(span: CallSource, resource: ResourceContext, scopeName: string, facts: CallFacts): CallRow {
  const a = span.attributes;
  const status = numberAttr(a, Http.statusCode) ?? facts.statusCode;
  const statusCode = status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599 ? status : 0;
  const resend = numberAttr(a, Http.resendCount) ?? facts.retryCount;
  const requestId = label(facts.requestId);
  const tokens = toTokenUsage(facts.usage);
  const billing = billingFacts(a, MAX_LABEL_CHARS);
  return {
    callKey: facts.ownIdentity ? callKeyOf('', '', span.traceId, span.spanId) : callKeyOf(label(facts.responseId), requestId, span.traceId, span.spanId),
    sourceRank: sourceRankOf(scopeName),
    // A batch result's identity (billingFacts) stands in for the span's.
    traceId: billing.traceId ?? span.traceId,
    spanId: billing.spanId ?? span.spanId,
    parentSpanId: span.parentSpanId,
    startTimeNs: span.startTimeNs,
    durationMs: facts.durationMs ?? Number(span.endTimeNs - span.startTimeNs) / 1e6,
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
    inputTokens: tokens.inputTokens,
    outputTokens: tokens.outputTokens,
    cacheReadTokens: tokens.cacheReadTokens,
    cacheWrite5mTokens: tokens.cacheWrite5mTokens,
    cacheWrite1hTokens: tokens.cacheWrite1hTokens,
    serviceTier: label(facts.serviceTier),
    stream: facts.stream,
    ttftMs: facts.ttftMs !== null && facts.ttftMs >= 0 ? facts.ttftMs : null,
    stopReason: label(facts.stopReason),
    statusCode,
    errorType: facts.errorType ? label(facts.errorType) : errorTypeOf(span, statusCode),
    retryCount: resend !== undefined && Number.isInteger(resend) && resend >= 0 && resend < 1000 ? resend : 0,
    requestId,
    batch: billing.batch,
    dataResidency: billing.dataResidency,
    speed: facts.speed ?? billing.speed,
    webSearchRequests: billing.webSearchRequests,
    webFetchRequests: billing.webFetchRequests,
    cloudEndpoint: billing.cloudEndpoint,
    rateLimits: rateLimits(span),
    team: facts.attribution?.team ?? attributed(span, resource, 'team'),
    project: facts.attribution?.project ?? attributed(span, resource, 'project'),
    feature: facts.attribution?.feature ?? attributed(span, resource, 'feature'),
    user: facts.attribution?.user ?? attributed(span, resource, 'user'),
    tenant: facts.attribution?.tenant ?? attributed(span, resource, 'tenant'),
    route: facts.attribution?.route ?? attributed(span, resource, 'route'),
    routeReason: facts.attribution?.routeReason ?? attributed(span, resource, 'routeReason'),
    routeRequestedModel: facts.attribution?.routeRequestedModel ?? attributed(span, resource, 'routeRequestedModel'),
    routeFallbackFrom: facts.attribution?.routeFallbackFrom ?? attributed(span, resource, 'routeFallbackFrom'),
    sessionId: sessionIdOf(a, NO_ATTRIBUTES, MAX_LABEL_CHARS) || resource.session,
    costNanoUsd: null,
  };
}
