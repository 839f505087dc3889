// Budgets where people look: for a spend chart's scope, the daily budget that covers it and,
// per day of that budget (in its own time zone), the spend and whether it went over. The chart
// draws the line and shades those days. A chart with no filter is covered by a company-wide
// budget; one filtered to exactly one team (service, project, …) by that team's budget; any
// other combination by none, since no budget counts that spend.
import { z } from 'zod';
import type { BudgetScope, Filters } from '@burnrate/contract';
import type { BudgetRecord } from '../budgets/budget';
import { scopeFilter } from '../budgets/spendQuery';
import { localDate, startOfLocalDay } from '../budgets/period';
import { canonicalModelId } from '../pricing/modelId';
import { CALLS_TABLE } from '../store/callsTable';
import { chBigInt, chCount } from '../store/chValues';
import type { Gateway } from '../store/gateway';
import { dateToDateTime64 } from '../store/time';
import { queryRows } from '../store/typedQuery';

const SCOPE_OF_FILTER = { service: 'service', team: 'team', project: 'project', feature: 'feature', user: 'user', model: 'model' } as const;

/** The scope a chart's filters select, if a budget could count exactly that spend. */
export function scopeOfFilters(filters: Filters): BudgetScope | undefined {
  const given = Object.entries(filters).filter(([, values]) => (values ?? []).length > 0);
  if (given.length === 0) return { kind: 'all', value: '' };
  if (given.length !== 1) return undefined;
  const [name, values] = given[0]!;
  if (values!.length !== 1 || !(name in SCOPE_OF_FILTER)) return undefined;
  const kind = SCOPE_OF_FILTER[name as keyof typeof SCOPE_OF_FILTER];
  return { kind, value: kind === 'model' ? canonicalModelId(values![0]!) : values![0]! };
}

export function dailyBudgetFor(budgets: readonly BudgetRecord[], filters: Filters): BudgetRecord | undefined {
  const scope = scopeOfFilters(filters);
  if (!scope) return undefined;
  return budgets.find((b) => b.period === 'day' && b.scope.kind === scope.kind && b.scope.value === scope.value);
}

export interface LocalDay {
  day: string;
  start: Date;
  end: Date;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The budget's local days that overlap [from, to). */
export function localDays(timeZone: string, from: Date, to: Date): LocalDay[] {
  const days: LocalDay[] = [];
  const first = localDate(timeZone, from.getTime());
  for (let i = 0; ; i++) {
    const start = startOfLocalDay(timeZone, first.year, first.month, first.day + i);
    if (start >= to.getTime()) break;
    const end = startOfLocalDay(timeZone, first.year, first.month, first.day + i + 1);
    const d = new Date(Date.UTC(first.year, first.month - 1, first.day + i));
    days.push({ day: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`, start: new Date(start), end: new Date(end) });
  }
  return days;
}

const spendSchema = z.object({ i: chCount, spent: chBigInt });

/** Each day's spend in the scope: one query, the day found by counting the boundaries passed. */
export async function spendPerDay(gateway: Gateway, scope: BudgetScope, days: readonly LocalDay[]): Promise<bigint[]> {
  if (days.length === 0) return [];
  const rows = await queryRows(
    gateway,
    'finance-budget-days',
    spendSchema,
    `SELECT arrayCount(b -> b <= start_time, {starts:Array(DateTime64(6, 'UTC'))}) - 1 AS i,
       toString(sum(toInt128(ifNull(cost_nano_usd, 0)))) AS spent
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')} AND ${scopeFilter(scope)}
     GROUP BY i`,
    {
      starts: days.map((d) => dateToDateTime64(d.start)),
      from: dateToDateTime64(days[0]!.start),
      to: dateToDateTime64(days[days.length - 1]!.end),
      scopeValue: scope.value,
    },
  );
  const spent = days.map(() => 0n);
  for (const { i, spent: nano } of rows) {
    if (i >= 0 && i < spent.length) spent[i] = nano;
  }
  return spent;
}
