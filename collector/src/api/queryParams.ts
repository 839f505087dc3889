// Query parameters of the read API: validated once, each bad one a 400 that names it.
import type { Request } from 'express';
import { badRequest } from './errors';

const DAY_MS = 86_400_000;
export const MAX_RANGE_DAYS = 400;

function single(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`${name} must be given once, as text`);
  return value;
}

function parseInstant(name: string, text: string): Date {
  // ISO 8601 with a date; a bare number or free text is refused rather than guessed.
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    throw badRequest(`${name} must be an ISO 8601 time such as 2026-11-21T00:00:00Z, got ${JSON.stringify(text.slice(0, 64))}`);
  }
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw badRequest(`${name} is not a valid time: ${JSON.stringify(text.slice(0, 64))}`);
  return date;
}

/** from/to, defaulting to the last 24 hours; bounded so no query scans all history by accident. */
export function timeRange(req: Request, now = new Date()): { from: Date; to: Date } {
  const toText = single(req, 'to');
  const fromText = single(req, 'from');
  const to = toText ? parseInstant('to', toText) : now;
  const from = fromText ? parseInstant('from', fromText) : new Date(to.getTime() - DAY_MS);
  if (from >= to) throw badRequest('from must be before to');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw badRequest(`the range from..to must be at most ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

export function oneOf<T extends string>(req: Request, name: string, allowed: readonly T[], fallback?: T): T {
  const value = single(req, name) ?? fallback;
  if (value === undefined) throw badRequest(`${name} is required: one of ${allowed.join(', ')}`);
  if (!(allowed as readonly string[]).includes(value))
    throw badRequest(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value.slice(0, 64))}`);
  return value as T;
}

export function integer(req: Request, name: string, fallback: number, min: number, max: number): number {
  const text = single(req, name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw badRequest(`${name} must be a whole number from ${min} to ${max}`);
  return Number(text);
}
