// Budgets and where each stands, and setting one by name (a new name creates it; an existing
// name changes it), validated exactly as the API does.
import { parseArgs } from 'node:util';
import type { BudgetStatus } from '@burnrate/contract';
import { budgetInputSchema, type ValidBudgetInput } from '../../budgets/budget';
import { withAdmin } from '../admin/openAdmin';
import { UsageError, type Command } from '../command';

const usd = (amount: number) => `$${amount.toFixed(2)}`;

export function budgetLine(s: BudgetStatus): string {
  const scope = s.budget.scope.kind === 'all' ? 'everything' : `${s.budget.scope.kind} ${s.budget.scope.value}`;
  return (
    `${s.budget.name.padEnd(24)} ${scope.padEnd(24)} ${usd(s.spentUsd)} of ${usd(s.budget.amountUsd)} per ${s.budget.period} ` +
    `(${(s.usedRatio * 100).toFixed(1)}%), projected ${usd(s.projectedUsd)}${s.projectedExceedAt ? `, crossing at ${s.projectedExceedAt}` : ''}`
  );
}

const FLAG_OF_FIELD: Record<string, string> = { amountUsd: 'amount', timeZone: 'tz', thresholdsPercent: 'thresholds' };

export function budgetInputFromArgs(args: string[]): ValidBudgetInput {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      amount: { type: 'string' },
      scope: { type: 'string', default: 'all' },
      period: { type: 'string', default: 'day' },
      tz: { type: 'string', default: 'UTC' },
      thresholds: { type: 'string' },
    },
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
  if (!parsed.success)
    throw new UsageError(parsed.error.issues.map((i) => `--${FLAG_OF_FIELD[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('; '));
  return parsed.data;
}

export const budgetsCommand: Command = {
  name: 'budgets',
  summary: 'budgets: list (spent, percent used, projection), set',
  usage: [
    'burnrate budgets list',
    'burnrate budgets set --name N --amount USD [--scope all|team:T|project:P|service:S|feature:F|model:M|user:U]',
    '                     [--period day|month] [--tz Europe/Berlin] [--thresholds 50,80,100]',
  ].join('\n'),
  run: async ([action, ...rest], context) => {
    const { print } = context;
    if (action === 'list') {
      if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
      await withAdmin(context, async (admin) => {
        const statuses = await admin.budgetStatuses();
        if (statuses.length === 0) print('no budgets yet: burnrate budgets set --name N --amount USD [--scope team:search] [--period day|month]');
        for (const s of statuses) print(budgetLine(s));
      });
    } else if (action === 'set') {
      const input = budgetInputFromArgs(rest);
      await withAdmin(context, async (admin) => {
        const { budget, created } = await admin.saveBudget(input);
        print(`${created ? 'created' : 'changed'} budget ${budget.name} (${budget.id})`);
      });
    } else {
      throw new UsageError(action ? `unknown action ${action}` : 'budgets: list or set');
    }
  },
};
