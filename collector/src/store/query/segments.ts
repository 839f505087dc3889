// Which table a widget reads for which part of its range. Whole hours come from the smallest
// rollup that has every column the request touches; the ragged minutes at either end of the
// range (and any sub-hour bucketing) come from the raw table, so a total is exact for any range.
import type { Filters, GroupDimension, Interval } from '../../api/contract';
import { dimensionColumn, filterColumns, filterOnAttempts } from './dimensions';
import { intervalMs } from './intervals';
import { ROLLUPS, type RollupDef, type Source } from './rollups';

export type Segment = { kind: 'raw'; from: Date; to: Date } | { kind: 'rollup'; rollup: RollupDef; from: Date; to: Date };

export interface SourcePlan {
  source: Source;
  segments: Segment[];
  /** Attempt rows chosen through their calls, because a filter names a column only calls have. */
  throughCalls: boolean;
}

const HOUR = 3_600_000;

export function activeFilters(filters: Filters): [keyof Filters, string[]][] {
  return (Object.entries(filters) as [keyof Filters, string[] | undefined][]).filter((e): e is [keyof Filters, string[]] => e[1] !== undefined);
}

/** True when attempts must be selected through their calls (a filter attempts do not carry). */
export function attemptsThroughCalls(filters: Filters): boolean {
  return activeFilters(filters).some(([name]) => !filterOnAttempts(name));
}

function neededColumns(source: Source, groupBy: readonly GroupDimension[], filters: Filters): Set<string> {
  const columns = new Set(groupBy.map(dimensionColumn));
  for (const [name] of activeFilters(filters)) {
    if (source === 'attempts' && !filterOnAttempts(name)) continue; // applied to llm_calls instead
    for (const column of filterColumns(name)) columns.add(column);
  }
  return columns;
}

export function chooseRollup(source: Source, groupBy: readonly GroupDimension[], filters: Filters): RollupDef | undefined {
  if (source === 'attempts' && attemptsThroughCalls(filters)) return undefined;
  const needed = neededColumns(source, groupBy, filters);
  return ROLLUPS.find((r) => r.source === source && [...needed].every((c) => r.dims.some((d) => d.name === c)));
}

export function planSegments(
  source: Source,
  request: { groupBy: readonly GroupDimension[]; filters: Filters; interval: Interval | null; from: Date; to: Date },
  rollupsAvailable: boolean,
): SourcePlan {
  const { from, to, interval } = request;
  const throughCalls = source === 'attempts' && attemptsThroughCalls(request.filters);
  const raw = (a: Date, b: Date): Segment => ({ kind: 'raw', from: a, to: b });
  const rollup = rollupsAvailable && (interval === null || intervalMs(interval) >= HOUR) ? chooseRollup(source, request.groupBy, request.filters) : undefined;
  const firstHour = new Date(Math.ceil(from.getTime() / HOUR) * HOUR);
  const lastHour = new Date(Math.floor(to.getTime() / HOUR) * HOUR);
  if (!rollup || firstHour >= lastHour) return { source, segments: [raw(from, to)], throughCalls };
  const segments: Segment[] = [];
  if (from < firstHour) segments.push(raw(from, firstHour));
  segments.push({ kind: 'rollup', rollup, from: firstHour, to: lastHour });
  if (lastHour < to) segments.push(raw(lastHour, to));
  return { source, segments, throughCalls };
}
