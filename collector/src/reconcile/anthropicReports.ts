// The one place burnrate calls Anthropic's Usage and Cost Analytics API, through the SDK's
// client.beta.organization.analytics.{cost,usage}.list (which sends the
// analytics-usage-cost-2026-08-24 beta header itself and follows next_page). Daily buckets per
// model; cost is also split by cost_type so token cost can be compared with burnrate's token
// pricing and the rest (web search, code execution) shown apart.
import type Anthropic from '@anthropic-ai/sdk';
import type { ReportWindow } from './pullWindow';

export interface FetchedReports {
  cost: unknown[];
  usage: unknown[];
  /** How fresh Anthropic says the data is: the oldest data_refreshed_at of any page, if given. */
  refreshedAt: Date | null;
}

/** Rows per page; the API's maximum, so a week of a few models is one request. */
const PAGE_LIMIT = 1000;

interface ReportPage {
  data: unknown[];
  data_refreshed_at: string | null;
  iterPages(): AsyncGenerator<ReportPage>;
}

async function collect(first: ReportPage, into: { items: unknown[]; refreshed: number[] }): Promise<void> {
  for await (const page of first.iterPages()) {
    into.items.push(...page.data);
    const refreshed = page.data_refreshed_at ? Date.parse(page.data_refreshed_at) : NaN;
    if (Number.isFinite(refreshed)) into.refreshed.push(refreshed);
  }
}

export async function fetchReports(client: Anthropic, window: ReportWindow): Promise<FetchedReports> {
  const range = {
    starting_at: window.startingAt.toISOString(),
    ending_at: window.endingAt.toISOString(),
    time_bucket_width: '1d' as const,
    limit: PAGE_LIMIT,
  };
  const analytics = client.beta.organization.analytics;
  const cost = { items: [] as unknown[], refreshed: [] as number[] };
  const usage = { items: [] as unknown[], refreshed: [] as number[] };
  await collect(await analytics.cost.list({ ...range, group_by: ['model', 'cost_type'] }), cost);
  await collect(await analytics.usage.list({ ...range, group_by: ['model'] }), usage);
  const refreshed = [...cost.refreshed, ...usage.refreshed];
  return { cost: cost.items, usage: usage.items, refreshedAt: refreshed.length > 0 ? new Date(Math.min(...refreshed)) : null };
}
