// The query API's own parameters (filters, metrics, groupBy, interval, paging), validated once;
// each bad one is a 400 that names it. Values are checked against the contract's lists, so
// nothing unknown reaches the builder.
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
import { badRequest } from '../api/errors';
import { bucketCount, chooseInterval, MAX_BUCKETS } from '../store/query/intervals';

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
