// One query per budget: this period's spend in its scope, and the spend over the trailing
// window that gives the burn rate. Bounded by the earlier of the two starts and the period's end.
import { z } from 'zod';
import type { BudgetScope, BudgetScopeKind } from '@burnrate/contract';
import { CALLS_TABLE } from '../store/callsTable';
import type { Gateway } from '../store/gateway';
import { dateToDateTime64 } from '../store/time';

// A fixed map from scope kind to column, so no request text ever reaches the SQL.
const SCOPE_COLUMNS: Record<Exclude<BudgetScopeKind, 'all'>, string> = {
  service: 'service_name',
  team: 'team',
  project: 'project',
  feature: 'feature',
  model: 'model',
  user: 'user',
};

export function scopeFilter(scope: BudgetScope): string {
  return scope.kind === 'all' ? '1' : `${SCOPE_COLUMNS[scope.kind]} = {scopeValue:String}`;
}

const spendSchema = z.object({
  spent: z.string().transform((s) => BigInt(s)),
  window_spent: z.string().transform((s) => BigInt(s)),
  calls: z.coerce.number(),
  unpriced_calls: z.coerce.number(),
});

export interface SpendWindow {
  periodStart: Date;
  periodEnd: Date;
  windowStart: Date;
  now: Date;
}

export async function scopeSpend(gateway: Gateway, scope: BudgetScope, w: SpendWindow) {
  const from = w.windowStart < w.periodStart ? w.windowStart : w.periodStart;
  // Calls stamped a little ahead of the collector's clock still count for the period.
  const [row] = await gateway.query(
    'budget-spend',
    `SELECT
       toString(sumIf(ifNull(cost_nano_usd, 0), start_time >= {periodStart:DateTime64(6, 'UTC')})) AS spent,
       toString(sumIf(ifNull(cost_nano_usd, 0), start_time >= {windowStart:DateTime64(6, 'UTC')} AND start_time < {now:DateTime64(6, 'UTC')})) AS window_spent,
       countIf(start_time >= {periodStart:DateTime64(6, 'UTC')}) AS calls,
       countIf(start_time >= {periodStart:DateTime64(6, 'UTC')} AND cost_nano_usd IS NULL) AS unpriced_calls
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {periodEnd:DateTime64(6, 'UTC')} AND ${scopeFilter(scope)}`,
    {
      from: dateToDateTime64(from),
      periodStart: dateToDateTime64(w.periodStart),
      periodEnd: dateToDateTime64(w.periodEnd),
      windowStart: dateToDateTime64(w.windowStart),
      now: dateToDateTime64(w.now),
      scopeValue: scope.value,
    },
  );
  return spendSchema.parse(row);
}
