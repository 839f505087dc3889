// A month of spend as a FOCUS 1.x cost and usage dataset (the FinOps Foundation's FinOps Open
// Cost and Usage Specification), so finance tools load burnrate's numbers like a cloud bill.
// One row per UTC day, service, model and attribution (team, project, feature, tenant, user):
// the day is the charge period, the month the billing period, the model the SKU, and the
// attribution goes into Tags. Costs are exact decimal text from integer nano-dollars.
//
// What the columns hold and why:
// - BilledCost = EffectiveCost = ListCost = ContractedCost: Anthropic's public per-token prices,
//   the Batch API's discount included, are what the API bills; burnrate knows of no negotiated
//   rate or commitment. A price file (BURNRATE_PRICING_FILE) with contracted rates changes all.
// - Calls to a model with no price are left out (FOCUS has no "unknown" cost, and $0 would be a
//   lie); their count is in the X-Burnrate-Unpriced-Calls header and on the Chargeback screen.
import { csvDocument, formatUsd } from '@burnrate/contract';
import { z } from 'zod';
import { CALLS_TABLE } from '../store/callsTable';
import { chBigInt, chCount } from '../store/chValues';
import type { Gateway } from '../store/gateway';
import { dateToDateTime64 } from '../store/time';
import { queryRows } from '../store/typedQuery';

export const FOCUS_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
] as const;

const count = chCount;
const rowSchema = z.object({
  day: z.string(),
  service_name: z.string(),
  model: z.string(),
  team: z.string(),
  project: z.string(),
  feature: z.string(),
  tenant: z.string(),
  user: z.string(),
  calls: count,
  // Written to the CSV as ClickHouse's decimal text, exact at any size.
  tokens: z.coerce.string(),
  cost_nano: chBigInt,
});
export type FocusCell = z.infer<typeof rowSchema>;

export async function focusCells(gateway: Gateway, from: Date, to: Date): Promise<{ cells: FocusCell[]; unpricedCalls: number }> {
  const params = { from: dateToDateTime64(from), to: dateToDateTime64(to) };
  const where = `start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}`;
  const rows = await queryRows(
    gateway,
    'finance-focus',
    rowSchema,
    `SELECT formatDateTime(toStartOfDay(start_time), '%Y-%m-%d') AS day, service_name, model, team, project, feature, tenant, user,
       count() AS calls,
       toString(sum(input_tokens + output_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens)) AS tokens,
       toString(sum(toInt128(assumeNotNull(cost_nano_usd)))) AS cost_nano
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE ${where} AND cost_nano_usd IS NOT NULL
     GROUP BY day, service_name, model, team, project, feature, tenant, user
     ORDER BY day, service_name, model, team, project, feature, tenant, user`,
    params,
  );
  const [unpriced] = await queryRows(
    gateway,
    'finance-focus-unpriced',
    z.object({ n: chCount }),
    `SELECT count() AS n FROM ${gateway.table(CALLS_TABLE)} FINAL WHERE ${where} AND cost_nano_usd IS NULL`,
    params,
  );
  return { cells: rows, unpricedCalls: unpriced?.n ?? 0 };
}

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

function tagsOf(cell: FocusCell): string {
  const tags: Record<string, string> = {};
  for (const name of ['team', 'project', 'feature', 'tenant', 'user'] as const) if (cell[name] !== '') tags[name] = cell[name];
  return JSON.stringify(tags);
}

/** The CSV document for the month [periodStart, periodEnd). Pure. */
export function focusCsv(cells: readonly FocusCell[], periodStart: Date, periodEnd: Date): string {
  const rows = cells.map((cell) => {
    const dayStart = new Date(`${cell.day}T00:00:00Z`);
    const dayEnd = new Date(dayStart.getTime() + 86_400_000);
    const cost = formatUsd(cell.cost_nano);
    const values: Record<(typeof FOCUS_COLUMNS)[number], unknown> = {
      BilledCost: cost,
      BillingAccountId: 'anthropic-api',
      BillingAccountName: 'Anthropic API',
      BillingCurrency: 'USD',
      BillingPeriodStart: iso(periodStart),
      BillingPeriodEnd: iso(periodEnd),
      ChargeCategory: 'Usage',
      ChargeClass: '',
      ChargeDescription: `${cell.model} tokens, ${cell.calls} calls from ${cell.service_name || 'an unnamed service'}`,
      ChargeFrequency: 'Usage-Based',
      ChargePeriodStart: iso(dayStart),
      ChargePeriodEnd: iso(dayEnd),
      ConsumedQuantity: cell.tokens,
      ConsumedUnit: 'Tokens',
      ContractedCost: cost,
      EffectiveCost: cost,
      InvoiceIssuerName: 'Anthropic',
      ListCost: cost,
      PricingCategory: 'Standard',
      PricingQuantity: cell.tokens,
      PricingUnit: 'Tokens',
      ProviderName: 'Anthropic',
      PublisherName: 'Anthropic',
      ServiceCategory: 'AI and Machine Learning',
      ServiceName: 'Claude API',
      SkuId: cell.model,
      SubAccountId: cell.service_name,
      SubAccountName: cell.service_name,
      Tags: tagsOf(cell),
    };
    return FOCUS_COLUMNS.map((column) => values[column]);
  });
  return csvDocument(FOCUS_COLUMNS, rows);
}
