// The SQL behind burn-rate alerts: a budget scope's spend over two trailing windows, and the
// (model, service, team, feature) that spent most of it. Bounded by the long window.
import { z } from 'zod';
import type { BudgetScope } from '@burnrate/contract';
import { scopeFilter } from '../budgets/spendQuery';
import { CALLS_TABLE } from '../store/callsTable';
import type { Gateway } from '../store/gateway';
import { dateToDateTime64 } from '../store/time';

const spendSchema = z.object({ long: z.string().transform(BigInt), short: z.string().transform(BigInt) });

export async function burnSpend(gateway: Gateway, scope: BudgetScope, w: { longFrom: Date; shortFrom: Date; now: Date }) {
  const [row] = await gateway.query(
    'alert-burn-spend',
    `SELECT toString(sum(ifNull(cost_nano_usd, 0))) AS long,
            toString(sumIf(ifNull(cost_nano_usd, 0), start_time >= {shortFrom:DateTime64(6, 'UTC')})) AS short
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {longFrom:DateTime64(6, 'UTC')} AND start_time < {now:DateTime64(6, 'UTC')} AND ${scopeFilter(scope)}`,
    { longFrom: dateToDateTime64(w.longFrom), shortFrom: dateToDateTime64(w.shortFrom), now: dateToDateTime64(w.now), scopeValue: scope.value },
  );
  const parsed = spendSchema.parse(row);
  return { longNano: parsed.long, shortNano: parsed.short };
}

const driverSchema = z.object({ model: z.string(), service: z.string(), team: z.string(), feature: z.string(), nano: z.string().transform(BigInt) });

export async function topSpender(gateway: Gateway, scope: BudgetScope, w: { from: Date; to: Date }) {
  const [row] = await gateway.query(
    'alert-burn-driver',
    `SELECT model, service_name AS service, team, feature, toString(sum(ifNull(cost_nano_usd, 0))) AS nano
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')} AND ${scopeFilter(scope)}
     GROUP BY model, service, team, feature ORDER BY sum(ifNull(cost_nano_usd, 0)) DESC, model LIMIT 1`,
    { from: dateToDateTime64(w.from), to: dateToDateTime64(w.to), scopeValue: scope.value },
  );
  return row === undefined ? undefined : driverSchema.parse(row);
}
