// Anthropic's Usage and Cost Analytics API rows (GET /v1/organizations/analytics/cost and
// /usage, daily buckets grouped by model; cost also by cost_type) → one figure per UTC day and
// model. Pure. The SDK types these rows but does not check them, so they are parsed here: a
// report whose shape drifted must fail the pull, not read as zero spend.
import { z } from 'zod';
import { canonicalModelId } from '../pricing/modelId';
import { centsToNano } from '@burnrate/contract';

export class ReportShapeError extends Error {}

/** What Anthropic reports for one UTC day and one model. */
export interface DailyReport {
  day: string; // YYYY-MM-DD (UTC)
  /** canonicalModelId form; '' for cost not attributed to a model (code execution, …). */
  model: string;
  /** Token cost, post-discount and pre-credit, in nano-dollars. */
  costNano: bigint;
  /** Token cost at list price (pre-discount). */
  listCostNano: bigint;
  /** Everything that is not tokens: web search, code execution, Managed Agents session time. */
  otherCostNano: bigint;
  requests: number;
  uncachedInputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
}

const DAY_MS = 86_400_000;
const count = z.number().int().nonnegative();

const bucket = {
  starting_at: z.string(),
  ending_at: z.string(),
  group: z.object({ model: z.string().nullish(), cost_type: z.string().nullish() }).nullish(),
};

const costItemSchema = z.object({
  ...bucket,
  cost: z.object({ amount: z.string(), currency: z.string(), list_amount: z.string().nullish() }),
});

const usageItemSchema = z.object({
  ...bucket,
  usage: z.object({
    uncached_input_tokens: count,
    output_tokens: count,
    cache_read_input_tokens: count,
    cache_creation: z.object({ ephemeral_5m_input_tokens: count, ephemeral_1h_input_tokens: count }).nullish(),
    requests: count.nullish(),
  }),
});

function parse<T>(schema: z.ZodType<T>, item: unknown, what: string): T {
  const parsed = schema.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ReportShapeError(`unexpected ${what} row from Anthropic: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** The UTC day a daily bucket covers; anything but one whole UTC day is refused. */
function dayOf(startingAt: string, endingAt: string): string {
  const start = Date.parse(startingAt);
  const end = Date.parse(endingAt);
  if (!Number.isFinite(start) || !Number.isFinite(end) || start % DAY_MS !== 0 || end <= start || end - start > DAY_MS) {
    throw new ReportShapeError(`expected a daily bucket starting at 00:00 UTC, got ${startingAt}..${endingAt}`);
  }
  return new Date(start).toISOString().slice(0, 10);
}

/** A day and model with nothing in it: what a report row starts from, and what a missing one means. */
export function emptyDailyReport(day: string, model: string): DailyReport {
  return {
    day,
    model,
    costNano: 0n,
    listCostNano: 0n,
    otherCostNano: 0n,
    requests: 0,
    uncachedInputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
  };
}

/**
 * Sums the report rows into one row per day and canonical model (a dated and an undated model
 * name are one model). Every day in `days` gets a row for model '' even when nothing is
 * unattributed: it records that the day was pulled, so "Anthropic reports $0" can be told apart
 * from "not pulled yet".
 */
export function dailyReports(costItems: readonly unknown[], usageItems: readonly unknown[], days: readonly string[]): DailyReport[] {
  const rows = new Map<string, DailyReport>();
  const rowFor = (day: string, rawModel: string | null | undefined) => {
    const model = rawModel ? canonicalModelId(rawModel) : '';
    const key = `${day}\u0000${model}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = emptyDailyReport(day, model)));
    return row;
  };
  for (const day of days) rowFor(day, '');

  for (const raw of costItems) {
    const item = parse(costItemSchema, raw, 'cost');
    if (item.cost.currency !== 'USD') throw new ReportShapeError(`cost reported in ${item.cost.currency}; burnrate reconciles USD only`);
    const row = rowFor(dayOf(item.starting_at, item.ending_at), item.group?.model);
    // Grouped by cost_type, each component has its own row; a null cost_type is the combined
    // total of an ungrouped row, which is as close to the token cost as the report gets.
    const costType = item.group?.cost_type ?? 'tokens';
    if (costType === 'tokens') {
      row.costNano += centsToNano(item.cost.amount);
      row.listCostNano += centsToNano(item.cost.list_amount ?? item.cost.amount);
    } else {
      row.otherCostNano += centsToNano(item.cost.amount);
    }
  }

  for (const raw of usageItems) {
    const item = parse(usageItemSchema, raw, 'usage');
    const row = rowFor(dayOf(item.starting_at, item.ending_at), item.group?.model);
    const u = item.usage;
    row.requests += u.requests ?? 0;
    row.uncachedInputTokens += u.uncached_input_tokens;
    row.outputTokens += u.output_tokens;
    row.cacheReadTokens += u.cache_read_input_tokens;
    row.cacheWrite5mTokens += u.cache_creation?.ephemeral_5m_input_tokens ?? 0;
    row.cacheWrite1hTokens += u.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  }
  return [...rows.values()].sort((a, b) => (a.day === b.day ? a.model.localeCompare(b.model) : a.day.localeCompare(b.day)));
}
