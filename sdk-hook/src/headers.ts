import type { Attributes } from '@opentelemetry/api';
import { unifiedResetIso, unifiedUtilization, USAGE_WINDOWS, type UnifiedUsage, type UsageWindow } from '@burnrate/contract';
import { Header, RATE_LIMIT_FIELDS, RATE_LIMIT_KINDS, rateLimitAttribute, rateLimitHeader, type RateLimitField } from './semconv';

// Pure readers of an attempt's response headers. A value that does not parse is skipped: the API
// may add, drop or reformat a header, and that must never cost the app anything.

export interface AttemptHeaders {
  requestId?: string;
  retryAfterS?: number;
  /** `burnrate.ratelimit.<kind>.<field>` for the `anthropic-ratelimit-*` headers present. */
  rateLimits: Attributes;
  /** The unified usage-window headers of a subscription account, when the response had any. */
  unified?: UnifiedUsage;
}

// Header name -> (attribute, field), built once: undici's Headers.get() costs about a
// microsecond per lookup (more for a freshly built name), so one pass over the response's
// headers replaces fifteen lookups, most of them for headers that are absent.
const RATE_LIMIT_HEADERS = new Map<string, readonly [attribute: string, field: RateLimitField]>(
  RATE_LIMIT_KINDS.flatMap((kind) => RATE_LIMIT_FIELDS.map((field) => [rateLimitHeader(kind, field), [rateLimitAttribute(kind, field), field]] as const)),
);
const RATE_LIMIT_PREFIX = 'anthropic-ratelimit-';

export function readAttemptHeaders(headers: Headers, nowMs?: number): AttemptHeaders {
  const read: AttemptHeaders = { rateLimits: {} };
  let retryAfter: string | undefined;
  let retryAfterMs: string | undefined;
  // Iteration yields lower-cased names, with repeated headers already joined.
  for (const [name, value] of headers) {
    if (name.startsWith(RATE_LIMIT_PREFIX)) {
      const known = RATE_LIMIT_HEADERS.get(name);
      if (!known) {
        if (name.startsWith(Header.unifiedPrefix)) readUnified(read, name, value);
        continue;
      }
      const parsed = known[1] === 'reset' ? timestamp(value) : count(value);
      if (parsed !== undefined) read.rateLimits[known[0]] = parsed;
    } else if (name === Header.requestId) {
      if (value) read.requestId = value;
    } else if (name === Header.retryAfterMs) {
      retryAfterMs = value;
    } else if (name === Header.retryAfter) {
      retryAfter = value;
    }
  }
  const retryAfterS = retryAfterSeconds(retryAfterMs, retryAfter, nowMs);
  if (retryAfterS !== undefined) read.retryAfterS = retryAfterS;
  return read;
}

const UNIFIED_WINDOW_HEADERS = new Map<string, readonly [UsageWindow, 'utilization' | 'reset']>(
  USAGE_WINDOWS.flatMap((w) => [
    [`${Header.unifiedPrefix}${w}-utilization`, [w, 'utilization']] as const,
    [`${Header.unifiedPrefix}${w}-reset`, [w, 'reset']] as const,
  ]),
);

/** A fraction spent per window (0.42), not a remaining count: kept beside the per-minute kinds. */
function readUnified(read: AttemptHeaders, name: string, value: string): void {
  const unified = (read.unified ??= { windows: {} });
  if (name === Header.unifiedStatus) {
    const status = value.trim().slice(0, 32);
    if (status) unified.status = status;
    return;
  }
  if (name === Header.unifiedClaim) {
    const claim = value.trim().slice(0, 32);
    if (claim) unified.claim = claim;
    return;
  }
  const known = UNIFIED_WINDOW_HEADERS.get(name);
  if (!known) return;
  const [window, field] = known;
  const parsed = field === 'utilization' ? unifiedUtilization(value) : unifiedResetIso(value);
  if (parsed === undefined) return;
  const entry = (unified.windows[window] ??= {});
  if (field === 'utilization') entry.utilization = parsed as number;
  else entry.reset = parsed as string;
}

/** `retry-after-ms` (preferred, as the SDK does) or `retry-after` (seconds or an HTTP date). */
export function retryAfterSeconds(ms: string | undefined, after: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (ms !== undefined) {
    const value = decimal(ms);
    if (value !== undefined) return value / 1000;
  }
  if (after === undefined) return undefined;
  const seconds = decimal(after);
  if (seconds !== undefined) return seconds;
  const date = Date.parse(after);
  return Number.isFinite(date) ? Math.max(0, (date - nowMs) / 1000) : undefined;
}

function decimal(raw: string): number | undefined {
  const text = raw.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function count(raw: string): number | undefined {
  const text = raw.trim();
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Kept as sent (RFC 3339), once it is known to be a date at all. */
function timestamp(raw: string): string | undefined {
  const text = raw.trim();
  return text.length > 0 && text.length <= 64 && Number.isFinite(Date.parse(text)) ? text : undefined;
}
