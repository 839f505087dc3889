// Typed reads of span attributes. Numbers may come as doubles or as int64 strings beyond 2^53;
// a token count must be a safe non-negative integer, anything else is reported, not guessed.
import type { AttributeValue, Attributes } from '../otlp/model';

export function stringAttr(attrs: Attributes, key: string): string | undefined {
  const value = attrs.get(key);
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function numberAttr(attrs: Attributes, key: string): number | undefined {
  const value = attrs.get(key);
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

export function boolAttr(attrs: Attributes, key: string): boolean | undefined {
  const value = attrs.get(key);
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** The first string of an attribute that may be a scalar or an array (finish_reasons). */
export function firstStringAttr(attrs: Attributes, key: string): string | undefined {
  const value = attrs.get(key);
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return stringAttr(attrs, key);
}

/** Above this a count is a broken exporter, not a Claude call (contexts are ~1M tokens). */
export const MAX_TOKENS_PER_CALL = 100_000_000;

export class InvalidTokenCount extends Error {}

/** A token count, 0 when absent; throws InvalidTokenCount for negative, fractional, NaN or absurd values. */
export function tokenAttr(attrs: Attributes, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = attrs.get(key);
    if (value === undefined) continue;
    const count = typeof value === 'string' ? Number(value) : value;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_TOKENS_PER_CALL) {
      throw new InvalidTokenCount(`${key} must be an integer between 0 and ${MAX_TOKENS_PER_CALL}, got ${JSON.stringify(value)}`);
    }
    return count;
  }
  return undefined;
}

export function flattenToStrings(attrs: Attributes, maxEntries = 64, maxChars = 256): Record<string, string> {
  const out: Record<string, string> = {};
  let count = 0;
  for (const [key, value] of attrs) {
    if (count++ >= maxEntries) break;
    out[key] = (typeof value === 'string' ? value : JSON.stringify(value as AttributeValue)).slice(0, maxChars);
  }
  return out;
}
