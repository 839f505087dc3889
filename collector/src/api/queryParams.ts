// Query-string parameters of every read route, in one place: validated once, each bad one a 400
// that names it. The generic ones (a time range, one of a list, a bounded integer, no unknown
// names) and the query API's own (filters, metrics, groupBy, interval, search), whose values are
// checked against the contract's lists, so nothing unknown reaches a SQL builder.
import type { Request } from 'express';
import {
  CALL_STATUSES,
  FILTER_NAMES,
  GROUP_DIMENSIONS,
  INTERVALS,
  MAX_GROUP_BY,
  METRICS,
  type Filters,
  type GroupDimension,
  type Interval,
  type Metric,
} from '@burnrate/contract';
import { bucketCount, chooseInterval, MAX_BUCKETS } from '../store/query/intervals';
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

/** Attribution labels are cut to this length at ingest (normalize.ts), so a longer value matches nothing. */
const MAX_VALUE_CHARS = 128;
const MAX_VALUES = 100;
const MAX_METRICS = 12;

const clip = (text: string) => JSON.stringify(text.slice(0, 64));

/** Every value of a parameter, repeated (?a=1&a=2) or not; nested forms (a[b]=) are refused. */
function values(req: Request, name: string): string[] | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  if (!list.every((v): v is string => typeof v === 'string')) throw badRequest(`${name} must be text`);
  return list;
}

/** A list parameter given as repeats and/or comma-separated. */
function listOf<T extends string>(req: Request, name: string, allowed: readonly T[], max: number): T[] | undefined {
  const given = values(req, name);
  if (given === undefined) return undefined;
  const items = given.flatMap((v) => v.split(',')).map((v) => v.trim());
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) throw badRequest(`${name} must be one of ${allowed.join(', ')}, got ${clip(item)}`);
  }
  if (items.length > max) throw badRequest(`${name} takes at most ${max} values`);
  return [...new Set(items)] as T[];
}

/** Refuses parameters this endpoint does not know, so a typo is an error rather than a silent no-op. */
export function onlyParams(req: Request, allowed: readonly string[]): void {
  for (const name of Object.keys(req.query)) {
    if (!allowed.includes(name)) throw badRequest(`unknown parameter ${clip(name)}; this endpoint takes ${allowed.join(', ')}`);
  }
}

export const RANGE_PARAMS = ['from', 'to'] as const;

export function filtersFrom(req: Request): Filters {
  const filters: Filters = {};
  for (const name of FILTER_NAMES) {
    const given = values(req, name);
    if (given === undefined) continue;
    if (given.length > MAX_VALUES) throw badRequest(`${name} takes at most ${MAX_VALUES} values`);
    for (const value of given) {
      if (value.length > MAX_VALUE_CHARS) throw badRequest(`${name} values are at most ${MAX_VALUE_CHARS} characters`);
      if (name === 'status' && !(CALL_STATUSES as readonly string[]).includes(value)) {
        throw badRequest(`status must be one of ${CALL_STATUSES.join(', ')}, got ${clip(value)}`);
      }
    }
    filters[name] = [...new Set(given)];
  }
  return filters;
}

export function metricsFrom(req: Request): Metric[] {
  const metrics = listOf(req, 'metric', METRICS, MAX_METRICS);
  if (!metrics || metrics.length === 0) throw badRequest(`metric is required: one or more of ${METRICS.join(', ')}`);
  return metrics;
}

export function groupByFrom(req: Request): GroupDimension[] {
  return listOf(req, 'groupBy', GROUP_DIMENSIONS, MAX_GROUP_BY) ?? [];
}

export function intervalFrom(req: Request, range: { from: Date; to: Date }): Interval {
  const given = listOf(req, 'interval', INTERVALS, 1)?.[0];
  const interval = given ?? chooseInterval(range.from, range.to);
  if (bucketCount(range.from, range.to, interval) > MAX_BUCKETS) {
    throw badRequest(`interval ${interval} gives more than ${MAX_BUCKETS} buckets for this range; choose a longer interval`);
  }
  return interval;
}

export function searchFrom(req: Request): string | undefined {
  const given = values(req, 'q');
  if (given === undefined) return undefined;
  if (given.length > 1) throw badRequest('q must be given once');
  const q = given[0]!.trim();
  if (q.length > MAX_VALUE_CHARS) throw badRequest(`q is at most ${MAX_VALUE_CHARS} characters`);
  return q === '' ? undefined : q;
}
