// The limit class of each attempt, from every convention that carries it: the sdk-hook's attempt
// events (class, error code and unified windows as the response said them), else what a failed
// span keeps of the API's answer (the status message or an `exception` event's message, which
// OpenLLMetry, OpenInference, OpenLIT and the Vercel AI SDK copy from the SDK's error; the SDK's
// native span keeps only status and error.type). Rules: classifyRefusal in @burnrate/contract.
import {
  classifyRefusal,
  LIMIT_CLASSES,
  UNRETRYABLE_LIMIT_CLASSES,
  USAGE_WINDOWS,
  unifiedResetIso,
  type LimitClass,
  type UnifiedUsage,
} from '@burnrate/contract';
import type { Attributes, Span } from '../otlp/model';
import { Anthropic, Burnrate, Exception, unifiedWindowAttribute } from '../semconv';
import { boolAttr, numberAttr, stringAttr } from './attributes';
import type { AttemptRow, CallRow } from './callRow';

const KNOWN_CLASSES = new Set<string>(LIMIT_CLASSES);
const ERROR_CODE = /"error_code"\s*:\s*"(\w{1,64})"|error_code[=:]\s*'?(\w{1,64})/;

export type LimitFields = Pick<
  AttemptRow,
  | 'limitClass'
  | 'limitDetail'
  | 'resumesAt'
  | 'errorCode'
  | 'failFast'
  | 'unifiedStatus'
  | 'unified5hUtilization'
  | 'unified5hReset'
  | 'unified7dUtilization'
  | 'unified7dReset'
>;

// Built once: these are looked up on every attempt event.
const UNIFIED_WINDOW_ATTRIBUTES = USAGE_WINDOWS.map((window) => ({
  window,
  utilization: unifiedWindowAttribute(window, 'utilization'),
  reset: unifiedWindowAttribute(window, 'reset'),
}));

function unifiedOf(attributes: Attributes): UnifiedUsage | undefined {
  const status = stringAttr(attributes, Burnrate.attemptUnifiedStatus);
  const unified: UnifiedUsage = { windows: {} };
  let any = false;
  for (const { window, utilization: utilizationKey, reset: resetKey } of UNIFIED_WINDOW_ATTRIBUTES) {
    const utilization = numberAttr(attributes, utilizationKey);
    const reset = stringAttr(attributes, resetKey);
    const entry: { utilization?: number; reset?: string } = {};
    if (utilization !== undefined && Number.isFinite(utilization) && utilization >= 0 && utilization <= 10) entry.utilization = utilization;
    const resetIso = reset ? unifiedResetIso(reset) : undefined;
    if (resetIso) entry.reset = resetIso;
    if (entry.utilization !== undefined || entry.reset !== undefined) {
      unified.windows[window] = entry;
      any = true;
    }
  }
  if (status) unified.status = status.slice(0, 32);
  const claim = stringAttr(attributes, Burnrate.attemptUnifiedClaim);
  if (claim) unified.claim = claim.slice(0, 32);
  return any || status ? unified : undefined;
}

/** An attempt nothing refused, with no usage-window reading: most of them. */
export const NO_LIMIT: Readonly<LimitFields> = Object.freeze({
  limitClass: '',
  limitDetail: '',
  resumesAt: null,
  errorCode: '',
  failFast: false,
  unifiedStatus: '',
  unified5hUtilization: null,
  unified5hReset: null,
  unified7dUtilization: null,
  unified7dReset: null,
});

function unifiedFields(unified: UnifiedUsage | undefined): LimitFields {
  return {
    unifiedStatus: unified?.status ?? '',
    unified5hUtilization: unified?.windows['5h']?.utilization ?? null,
    unified5hReset: unified?.windows['5h']?.reset ?? null,
    unified7dUtilization: unified?.windows['7d']?.utilization ?? null,
    unified7dReset: unified?.windows['7d']?.reset ?? null,
  };
}

function isoOrNull(raw: string | undefined): string | null {
  const at = raw ? Date.parse(raw) : NaN;
  return Number.isFinite(at) ? new Date(at).toISOString() : null;
}

/** An attempt from the hook's event: its own class when it has one, else derived here. */
export function eventLimitFields(attributes: Attributes, statusCode: number, errorType: string, atNs: bigint): Readonly<LimitFields> {
  const unified = unifiedOf(attributes);
  if (unified === undefined && statusCode < 400 && !errorType && !attributes.has(Burnrate.attemptErrorCode) && !attributes.has(Burnrate.attemptLimitClass))
    return NO_LIMIT;
  const errorCode = (stringAttr(attributes, Burnrate.attemptErrorCode) ?? '').slice(0, 64);
  const declared = stringAttr(attributes, Burnrate.attemptLimitClass);
  const base = { ...unifiedFields(unified), errorCode, failFast: boolAttr(attributes, Burnrate.attemptFailFast) === true };
  if (declared && KNOWN_CLASSES.has(declared)) {
    return {
      ...base,
      limitClass: declared,
      limitDetail: (stringAttr(attributes, Burnrate.attemptLimitDetail) ?? '').slice(0, 32),
      resumesAt: isoOrNull(stringAttr(attributes, Burnrate.attemptLimitResumesAt)),
    };
  }
  const verdict = classifyRefusal({
    status: statusCode || undefined,
    errorType: errorType || undefined,
    errorCode: errorCode || undefined,
    unified,
    at: new Date(Number(atNs / 1_000_000n)),
  });
  return { ...base, limitClass: verdict?.limitClass ?? '', limitDetail: verdict?.detail ?? '', resumesAt: verdict?.resumesAt ?? null };
}

function messagesOf(span: Span): string[] {
  const fromEvents = span.events.filter((e) => e.name === Exception.event).map((e) => stringAttr(e.attributes, Exception.message) ?? '');
  return [span.statusMessage, ...fromEvents].filter((m) => m !== '');
}

/** The last attempt of a call whose span only counts resends: classified from what the span kept. */
export function spanLimitFields(span: Span, call: CallRow): Readonly<LimitFields> {
  if (call.statusCode < 400 && !call.errorType) return NO_LIMIT;
  const message = messagesOf(span).join('\n').slice(0, 4096);
  const code = ERROR_CODE.exec(message);
  const verdict = classifyRefusal({
    status: call.statusCode || undefined,
    errorType: call.errorType || undefined,
    errorCode: code?.[1] ?? code?.[2],
    message: message || undefined,
    at: new Date(Number(call.startTimeNs / 1_000_000n)),
  });
  return {
    ...unifiedFields(undefined),
    errorCode: code?.[1] ?? code?.[2] ?? '',
    failFast: false,
    limitClass: verdict?.limitClass ?? '',
    limitDetail: verdict?.detail ?? '',
    resumesAt: verdict?.resumesAt ?? null,
  };
}

/** Whose limits: the organization the API named (native spans), else the attributed user. */
export function accountOf(span: Span, call: CallRow): string {
  return (stringAttr(span.attributes, Anthropic.organizationId) ?? call.user ?? '').slice(0, 128);
}

/**
 * Retries that could not have succeeded: an attempt after one refused by a spend cap, a spend
 * limit or a full usage window (access resumes hours or weeks later), itself refused. For spans
 * that only count resends, every resend of a call that ended so.
 */
export function markWasted(rows: AttemptRow[]): AttemptRow[] {
  const ordered = [...rows].sort((a, b) => a.attempt - b.attempt);
  const finalClass = ordered.at(-1)?.limitClass as LimitClass | undefined;
  const unknownEarlier = ordered.slice(0, -1).every((r) => r.statusCode === 0);
  for (let i = 1; i < ordered.length; i++) {
    const row = ordered[i]!;
    const previous = ordered[i - 1]!;
    const refused = row.statusCode >= 400 || row.limitClass !== '';
    const after = (previous.limitClass ?? '') as LimitClass;
    if (UNRETRYABLE_LIMIT_CLASSES.has(after) && refused) row.wasted = true;
    else if (unknownEarlier && finalClass && UNRETRYABLE_LIMIT_CLASSES.has(finalClass)) row.wasted = true;
  }
  return rows;
}
