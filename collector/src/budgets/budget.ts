// A budget as the API takes it: validated once (zod), amounts turned into exact nano-dollars,
// model scopes kept in their canonical id so they match llm_calls.model.
import { z } from 'zod';
import { BUDGET_PERIODS, BUDGET_SCOPE_KINDS, type BudgetInput, type BudgetPeriod, type BudgetScope, nanoToUsd, usdToNano } from '@burnrate/contract';
import { canonicalModelId } from '../pricing/modelId';
import { isTimeZone } from './period';

export const DEFAULT_THRESHOLDS_PERCENT = [50, 80, 100];
const MAX_AMOUNT_USD = 1_000_000_000;

/** A budget inside the collector: money as bigint, times as Dates. */
export interface BudgetRecord {
  id: string;
  name: string;
  scope: BudgetScope;
  period: BudgetPeriod;
  timeZone: string;
  amountNano: bigint;
  thresholdsPercent: number[];
  createdAt: Date;
  updatedAt: Date;
}

const scopeSchema = z
  .object({ kind: z.enum(BUDGET_SCOPE_KINDS), value: z.string().trim().max(128).default('') })
  .strict()
  .refine((s) => (s.kind === 'all' ? s.value === '' : s.value !== ''), {
    message: "value names the team, service, … of the scope; it must be empty for kind 'all'",
  })
  .transform((s): BudgetScope => (s.kind === 'model' ? { kind: s.kind, value: canonicalModelId(s.value) } : s));

export const budgetInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    scope: scopeSchema,
    period: z.enum(BUDGET_PERIODS),
    timeZone: z.string().default('UTC').refine(isTimeZone, { message: 'must be an IANA time zone such as UTC or Europe/Berlin' }),
    amountUsd: z
      .number()
      .positive()
      .max(MAX_AMOUNT_USD)
      .refine((usd) => usdToNano(usd) !== undefined, { message: 'must have at most 9 decimals' }),
    thresholdsPercent: z
      .array(z.number().int().min(1).max(1000))
      .min(1)
      .max(10)
      .default(DEFAULT_THRESHOLDS_PERCENT)
      .transform((list) => [...new Set(list)].sort((a, b) => a - b)),
  })
  .strict();

export type ValidBudgetInput = z.infer<typeof budgetInputSchema>;

export function budgetInputOf(record: BudgetRecord): BudgetInput {
  return {
    name: record.name,
    scope: record.scope,
    period: record.period,
    timeZone: record.timeZone,
    amountUsd: nanoToUsd(record.amountNano),
    thresholdsPercent: record.thresholdsPercent,
  };
}

export function amountNanoOf(input: ValidBudgetInput): bigint {
  return usdToNano(input.amountUsd)!;
}
