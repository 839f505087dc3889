// Claude Code's OTLP log events → call rows: pure, like normalize() for spans. Each
// claude_code.api_request event is one Claude API call Claude Code made; each api_error is one
// that failed after its retries. Every other event (prompts, tool results, …) is valid telemetry
// that is not a call, so it is skipped, not refused. Pricing is the next stage.
import type { DecodedLogs, LogRecord } from '../otlp/decodeLogs';
import { WIRE_LIMITS } from '../otlp/spanChecks';
import type { Attributes, SpanRejection } from '../otlp/model';
import { flattenToStrings, InvalidTokenCount, numberAttr, stringAttr, tokenAttr } from '../normalize/attributes';
import { callKeyOf, SOURCE_RANK } from '../normalize/callIdentity';
import type { CallRow, TokenUsage } from '../normalize/callRow';
import { MAX_LABEL_CHARS } from '../normalize/normalize';
import { toTokenUsage } from '../normalize/usage';
import { sessionIdOf } from '../normalize/sessionId';
import { canonicalModelId } from '../pricing/modelId';
import { Burnrate, Resource } from '../semconv';
import { stableCallIds } from './callId';
import { CLAUDE_CODE_SCOPE_PREFIX, CLAUDE_CODE_SERVICE_PREFIX, ClaudeCodeAttr, ClaudeCodeEvent, TEAM_KEYS, USER_KEYS } from './semconv';

export interface ClaudeCodeBatch {
  calls: CallRow[];
  rejected: SpanRejection[];
}

type CallEvent = typeof ClaudeCodeEvent.apiRequest | typeof ClaudeCodeEvent.apiError;

const MAX_DURATION_MS = 24 * 3600 * 1000;
const NO_TOKENS: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 };

class RefusedRecord extends Error {}

function label(value: string | undefined): string {
  return (value ?? '').slice(0, MAX_LABEL_CHARS);
}

function asCallEvent(name: string): CallEvent | undefined {
  return name === ClaudeCodeEvent.apiRequest || name === ClaudeCodeEvent.apiError ? name : undefined;
}

function fromClaudeCode(resource: Attributes, scopeName: string): boolean {
  return (stringAttr(resource, Resource.serviceName) ?? '').startsWith(CLAUDE_CODE_SERVICE_PREFIX) || scopeName.startsWith(CLAUDE_CODE_SCOPE_PREFIX);
}

/** Which call event a record is, if any. The prefixed name is Claude Code's own; the bare
 * event.name ("api_request") is generic enough that it counts only from Claude Code. */
export function callEventOf(record: LogRecord, resource: Attributes, scopeName: string): CallEvent | undefined {
  for (const named of [record.eventName, typeof record.body === 'string' ? record.body : '']) {
    if (named.startsWith(ClaudeCodeEvent.bodyPrefix)) return asCallEvent(named.slice(ClaudeCodeEvent.bodyPrefix.length));
  }
  const short = asCallEvent(stringAttr(record.attributes, ClaudeCodeAttr.eventName) ?? '');
  return short && fromClaudeCode(resource, scopeName) ? short : undefined;
}

function eventTimeNs(record: LogRecord, nowNs: bigint): bigint {
  let timeNs = record.timeNs;
  if (timeNs === 0n) {
    const stamp = Date.parse(stringAttr(record.attributes, ClaudeCodeAttr.eventTimestamp) ?? '');
    timeNs = Number.isFinite(stamp) ? BigInt(stamp) * 1_000_000n : record.observedTimeNs;
  }
  if (timeNs < WIRE_LIMITS.earliestNs) throw new RefusedRecord('the record has no usable time (timeUnixNano, event.timestamp or observedTimeUnixNano)');
  if (timeNs > nowNs + WIRE_LIMITS.maxFutureSkewNs) throw new RefusedRecord('the record is more than 24 h in the future (clock skew?)');
  return timeNs;
}

function durationMsOf(attributes: Attributes): number {
  const duration = numberAttr(attributes, ClaudeCodeAttr.durationMs);
  return duration !== undefined && Number.isFinite(duration) && duration >= 0 && duration <= MAX_DURATION_MS ? duration : 0;
}

function usageOf(attributes: Attributes): TokenUsage {
  // Claude Code copies the API's usage block: input_tokens already excludes cache reads and
  // writes. The write TTL is not reported, so writes are priced as the default 5-minute kind.
  return toTokenUsage({
    input: tokenAttr(attributes, ClaudeCodeAttr.inputTokens),
    inputIncludesCache: false,
    output: tokenAttr(attributes, ClaudeCodeAttr.outputTokens),
    cacheRead: tokenAttr(attributes, ClaudeCodeAttr.cacheReadTokens),
    cacheWriteTotal: tokenAttr(attributes, ClaudeCodeAttr.cacheCreationTokens),
  });
}

function statusOf(attributes: Attributes): number {
  const status = numberAttr(attributes, ClaudeCodeAttr.statusCode);
  return status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599 ? status : 0;
}

function retriesOf(attributes: Attributes): number {
  const attempts = numberAttr(attributes, ClaudeCodeAttr.attempt);
  return attempts !== undefined && Number.isInteger(attempts) && attempts >= 1 && attempts <= 1000 ? attempts - 1 : 0;
}

function speedOf(attributes: Attributes): string {
  // Claude Code says "normal" where the API (and the rest of burnrate) says "standard".
  const speed = stringAttr(attributes, ClaudeCodeAttr.speed);
  return speed === 'fast' ? 'fast' : speed === 'normal' ? 'standard' : '';
}

function firstOf(keys: readonly string[], record: Attributes, resource: Attributes): string {
  for (const key of keys) {
    const value = stringAttr(record, key) ?? stringAttr(resource, key);
    if (value) return label(value);
  }
  return '';
}

function toCallRow(kind: CallEvent, record: LogRecord, resource: Attributes, scopeName: string, nowNs: bigint): CallRow {
  const a = record.attributes;
  const model = stringAttr(a, ClaudeCodeAttr.model);
  if (!model) throw new RefusedRecord(`${kind} has no model attribute`);
  const timeNs = eventTimeNs(record, nowNs);
  const usage = kind === ClaudeCodeEvent.apiRequest ? usageOf(a) : NO_TOKENS;
  const durationMs = durationMsOf(a);
  const serviceName = label(stringAttr(resource, Resource.serviceName) ?? CLAUDE_CODE_SERVICE_PREFIX);
  const statusCode = kind === ClaudeCodeEvent.apiError ? statusOf(a) : 0;
  const read = (key: string) => stringAttr(a, key) ?? '';
  const ids = stableCallIds([
    serviceName,
    kind,
    read(ClaudeCodeAttr.sessionId),
    read(ClaudeCodeAttr.eventSequence),
    read(ClaudeCodeAttr.eventTimestamp),
    read(ClaudeCodeAttr.requestId),
    read(ClaudeCodeAttr.clientRequestId),
    read(ClaudeCodeAttr.userId),
    timeNs.toString(),
  ]);
  return {
    ...ids,
    // Claude Code's events are its own record of a call: keyed by their ids, merged with nothing.
    callKey: callKeyOf('', '', ids.traceId, ids.spanId),
    sourceRank: SOURCE_RANK.other,
    parentSpanId: '',
    // The event is logged when the request ends; a call row starts when the request started.
    startTimeNs: timeNs - BigInt(Math.round(durationMs * 1e6)),
    durationMs,
    serviceName,
    environment: label(stringAttr(resource, Resource.environment)),
    resourceAttributes: flattenToStrings(resource),
    scopeName: label(scopeName),
    instrumentation: 'claude-code',
    provider: 'anthropic',
    operation: 'chat',
    requestModel: label(model),
    responseModel: '',
    model: label(canonicalModelId(model)),
    ...usage,
    serviceTier: '',
    stream: false,
    ttftMs: null,
    stopReason: '',
    statusCode,
    errorType: kind === ClaudeCodeEvent.apiError ? (statusCode >= 400 ? `http_${statusCode}` : 'error') : '',
    retryCount: kind === ClaudeCodeEvent.apiError ? retriesOf(a) : 0,
    requestId: label(stringAttr(a, ClaudeCodeAttr.requestId)),
    batch: false,
    dataResidency: false,
    speed: speedOf(a),
    rateLimits: {},
    team: firstOf(TEAM_KEYS, a, resource),
    project: firstOf([Burnrate.project], a, resource),
    // Which part of Claude Code asked (main loop, compaction, a subagent) is its "feature".
    feature: firstOf([Burnrate.feature, ClaudeCodeAttr.querySource], a, resource),
    user: firstOf(USER_KEYS, a, resource),
    tenant: firstOf([Burnrate.tenant], a, resource),
    route: '',
    routeReason: '',
    routeRequestedModel: '',
    routeFallbackFrom: '',
    // Claude Code names its session on every event: one session's calls are one run.
    sessionId: sessionIdOf(a, resource, MAX_LABEL_CHARS),
    costNanoUsd: null,
  };
}

/** Rows for every api_request and api_error event; `nowNs` bounds how far ahead a time may be. */
export function normalizeClaudeCodeLogs(decoded: DecodedLogs, nowNs: bigint): ClaudeCodeBatch {
  const batch: ClaudeCodeBatch = { calls: [], rejected: [...decoded.rejected] };
  for (const { resource, scopeLogs } of decoded.resourceLogs) {
    for (const { scopeName, records } of scopeLogs) {
      for (const record of records) {
        const kind = callEventOf(record, resource, scopeName);
        if (!kind) continue;
        try {
          batch.calls.push(toCallRow(kind, record, resource, scopeName, nowNs));
        } catch (error) {
          if (!(error instanceof RefusedRecord) && !(error instanceof InvalidTokenCount)) throw error;
          const sequence = stringAttr(record.attributes, ClaudeCodeAttr.eventSequence);
          batch.rejected.push({ reason: `${kind}${sequence ? ` #${sequence}` : ''}: ${error.message}` });
        }
      }
    }
  }
  return batch;
}
