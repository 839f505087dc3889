// `burnrate budgets list|set`: the budgets and where each stands, and setting one by name (a
// new name creates it; an existing name changes it), validated exactly as the API does.
import { parseArgs } from 'node:util';
import { budgetInputSchema, amountNanoOf } from '../budgets/budget';
import { createBudget, listBudgets, replaceBudget } from '../budgets/budgetsTable';
import { budgetStatuses } from '../budgets/status';
import type { Gateway } from '../store/gateway';

export class BudgetUsageError extends Error {}

const usd = (amount: number) => `$${amount.toFixed(2)}`;

export async function listBudgetsCommand(gateway: Gateway, print: (line: string) => void): Promise<void> {
  const statuses = await budgetStatuses(gateway, await listBudgets(gateway), new Date());
  if (statuses.length === 0) print('no budgets yet: burnrate budgets set --name N --amount USD [--scope team:search] [--period day|month]');
  for (const s of statuses) {
    const scope = s.budget.scope.kind === 'all' ? 'everything' : `${s.budget.scope.kind} ${s.budget.scope.value}`;
    print(
      `${s.budget.name.padEnd(24)} ${scope.padEnd(24)} ${usd(s.spentUsd)} of ${usd(s.budget.amountUsd)} per ${s.budget.period} ` +
        `(${(s.usedRatio * 100).toFixed(1)}%), projected ${usd(s.projectedUsd)}${s.projectedExceedAt ? `, crossing at ${s.projectedExceedAt}` : ''}`,
    );
  }
}

export async function setBudgetCommand(gateway: Gateway, args: string[], print: (line: string) => void): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, amount: { type: 'string' }, scope: { type: 'string', default: 'all' }, period: { type: 'string', default: 'day' }, tz: { type: 'string', default: 'UTC' }, thresholds: { type: 'string' } },
  });
  const [kind, ...rest] = (values.scope ?? 'all').split(':');
  const parsed = budgetInputSchema.safeParse({
    name: values.name,
    scope: { kind, value: rest.join(':') },
    period: values.period,
    timeZone: values.tz,
    amountUsd: values.amount === undefined ? undefined : Number(values.amount),
    ...(values.thresholds ? { thresholdsPercent: values.thresholds.split(',').map(Number) } : {}),
  });
  if (!parsed.success) throw new BudgetUsageError(parsed.error.issues.map((i) => `--${i.path[0] === 'amountUsd' ? 'amount' : i.path[0] === 'timeZone' ? 'tz' : String(i.path[0])}: ${i.message}`).join('; '));
  const existing = (await listBudgets(gateway)).find((b) => b.name === parsed.data.name);
  const saved = existing ? await replaceBudget(gateway, existing, parsed.data, amountNanoOf(parsed.data)) : await createBudget(gateway, parsed.data);
  print(`${existing ? 'changed' : 'created'} budget ${saved.name} (${saved.id})`);
}
