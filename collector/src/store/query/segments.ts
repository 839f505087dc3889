// Which table a widget reads for which part of its range. Whole days come from the smallest
// daily rollup that has every column the request touches (when buckets are days or there are
// none), whole hours from the hourly one, and the ragged minutes at either end of the range (and
// any sub-hour bucketing) from the raw table, so a total is exact for any range:
//   raw [from, h0) · hourly [h0, d0) · daily [d0, d1) · hourly [d1, h1) · raw [h1, to)
import type { Filters, GroupDimension, Interval } from '@burnrate/contract';
import { dimensionColumn, filterColumns, filterOnAttempts } from './dimensions';
import { intervalMs } from './intervals';
import { partSql, type Part } from './metrics';
import { rollupColumns, ROLLUPS, type Grain, type RollupDef, type Source } from './rollups';
import { currentReadScope } from '../readScope';

export type Segment = { kind: 'raw'; from: Date; to: Date } | { kind: 'rollup'; rollup: RollupDef; from: Date; to: Date };

export interface SourcePlan {
  source: Source;
  segments: Segment[];
  /** Attempt rows chosen through their calls, because a filter names a column only calls have. */
  throughCalls: boolean;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function activeFilters(filters: Filters): [keyof Filters, string[]][] {
  return (Object.entries(filters) as [keyof Filters, string[] | undefined][]).filter((e): e is [keyof Filters, string[]] => e[1] !== undefined);
}

/** True when attempts must be selected through their calls (a filter attempts do not carry). */
export function attemptsThroughCalls(filters: Filters): boolean {
  return activeFilters(filters).some(([name]) => !filterOnAttempts(name));
}

export function neededColumns(source: Source, parts: readonly Part[], groupBy: readonly GroupDimension[], filters: Filters): Set<string> {
  const columns = new Set([...groupBy.map(dimensionColumn), ...parts.flatMap((p) => partSql(p).columns)]);
  for (const [name] of activeFilters(filters)) {
    if (source === 'attempts' && !filterOnAttempts(name)) continue; // applied to llm_calls instead
    for (const column of filterColumns(name)) columns.add(column);
  }
  // A reader limited to some teams or projects reads only rollups that can be filtered to them.
  const scope = currentReadScope();
  if (scope) columns.add(scope.dimension);
  return columns;
}

export function chooseRollup(
  source: Source,
  grain: Grain,
  parts: readonly Part[],
  groupBy: readonly GroupDimension[],
  filters: Filters,
): RollupDef | undefined {
  if (source === 'attempts' && attemptsThroughCalls(filters)) return undefined;
  const needed = neededColumns(source, parts, groupBy, filters);
  return ROLLUPS.find((r) => {
    const has = rollupColumns(r);
    return r.source === source && r.grain === grain && [...needed].every((c) => has.has(c));
  });
}

const ceilTo = (date: Date, step: number) => new Date(Math.ceil(date.getTime() / step) * step);
const floorTo = (date: Date, step: number) => new Date(Math.floor(date.getTime() / step) * step);

export function planSegments(
  source: Source,
  parts: readonly Part[],
  request: { groupBy: readonly GroupDimension[]; filters: Filters; interval: Interval | null; from: Date; to: Date },
  rollupsAvailable: boolean,
): SourcePlan {
  const { from, to, interval } = request;
  const throughCalls = source === 'attempts' && attemptsThroughCalls(request.filters);
  const bucketMs = interval === null ? Infinity : intervalMs(interval);
  const pick = (grain: Grain, step: number) =>
    rollupsAvailable && bucketMs >= step ? chooseRollup(source, grain, parts, request.groupBy, request.filters) : undefined;
  const hourly = pick('hour', HOUR);
  const daily = hourly ? pick('day', DAY) : undefined;

  const segments: Segment[] = [];
  const add = (segment: Segment) => {
    if (segment.from < segment.to) segments.push(segment);
  };
  const h0 = ceilTo(from, HOUR);
  const h1 = floorTo(to, HOUR);
  if (!hourly || h0 >= h1) return { source, segments: [{ kind: 'raw', from, to }], throughCalls };
  const d0 = ceilTo(from, DAY);
  const d1 = floorTo(to, DAY);
  add({ kind: 'raw', from, to: h0 });
  if (daily && d0 < d1) {
    add({ kind: 'rollup', rollup: hourly, from: h0, to: d0 });
    add({ kind: 'rollup', rollup: daily, from: d0, to: d1 });
    add({ kind: 'rollup', rollup: hourly, from: d1, to: h1 });
  } else {
    add({ kind: 'rollup', rollup: hourly, from: h0, to: h1 });
  }
  add({ kind: 'raw', from: h1, to });
  return { source, segments, throughCalls };
}
