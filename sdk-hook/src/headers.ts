import type { Attributes } from '@opentelemetry/api';
import {
  Header,
  RATE_LIMIT_FIELDS,
  RATE_LIMIT_KINDS,
  rateLimitAttribute,
  rateLimitHeader,
} from './semconv';

// Pure readers of response headers. A value that does not parse is skipped: the API may add,
// drop or reformat a header, and that must never cost the app anything.

/** `retry-after-ms` (preferred, as the SDK does) or `retry-after` (seconds or an HTTP date). */
export function retryAfterSeconds(headers: Headers, nowMs: number = Date.now()): number | undefined {
  const ms = headers.get(Header.retryAfterMs);
  if (ms !== null) {
    const value = decimal(ms);
    if (value !== undefined) return value / 1000;
  }
  const after = headers.get(Header.retryAfter);
  if (after === null) return undefined;
  const seconds = decimal(after);
  if (seconds !== undefined) return seconds;
  const date = Date.parse(after);
  return Number.isFinite(date) ? Math.max(0, (date - nowMs) / 1000) : undefined;
}

/** `burnrate.ratelimit.<kind>.<field>` from the `anthropic-ratelimit-*` headers present. */
export function rateLimitAttributes(headers: Headers): Attributes {
  const attributes: Attributes = {};
  for (const kind of RATE_LIMIT_KINDS) {
    for (const field of RATE_LIMIT_FIELDS) {
      const raw = headers.get(rateLimitHeader(kind, field));
      if (raw === null) continue;
      const value = field === 'reset' ? timestamp(raw) : count(raw);
      if (value !== undefined) attributes[rateLimitAttribute(kind, field)] = value;
    }
  }
  return attributes;
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
