// Each spend limit against this month: burnrate's figure, Anthropic's where reconciled, the
// forecast crossing day at this week's rate.
import { latestDailyReports } from '../reconcile/reportTable';
import type { Gateway } from '../store/gateway';
import type { SpendLimit, SpendLimitStatus } from '@burnrate/contract';
import { crossedOn, forecastCrossingDay, monthStartUtc, monthToDate, nextMonthStartUtc, weekRatePerDay, type MonthSpend } from './forecast';
import { dailySpend } from './queries';

const DAY_MS = 86_400_000;
const usd = (nano: bigint | number) => Number(nano) / 1e9;

async function reportedThisMonth(gateway: Gateway, now: Date): Promise<number | null> {
  try {
    const rows = await latestDailyReports(gateway, monthStartUtc(now).toISOString().slice(0, 10), nextMonthStartUtc(now).toISOString().slice(0, 10));
    return rows.length === 0 ? null : usd(rows.reduce((sum, r) => sum + r.costNano, 0n));
  } catch {
    return null; // reconciliation not set up in this collector: no report to show
  }
}

export async function spendLimitStatuses(gateway: Gateway, limits: readonly SpendLimit[], now: Date): Promise<SpendLimitStatus[]> {
  const from = new Date(Math.min(monthStartUtc(now).getTime(), now.getTime() - 7 * DAY_MS));
  const reported = await reportedThisMonth(gateway, now);
  const byScope = new Map<string, Awaited<ReturnType<typeof dailySpend>>>();
  const statuses: SpendLimitStatus[] = [];
  for (const limit of limits) {
    const project = limit.kind === 'workspace_limit' ? limit.workspace : undefined;
    const key = project ?? '';
    if (!byScope.has(key)) byScope.set(key, await dailySpend(gateway, from, new Date(now.getTime() + 60_000), project));
    const rows = byScope.get(key)!;
    const month = monthStartUtc(now).toISOString().slice(0, 10);
    const spend: MonthSpend = { days: new Map(rows.map((r) => [r.day, r.nano])), now };
    const amountNano = BigInt(Math.round(limit.amountUsd * 100)) * 10_000_000n;
    const spent = monthToDate(spend);
    statuses.push({
      limit,
      month: month.slice(0, 7),
      spentUsd: usd(spent),
      reportedUsd: project === undefined ? reported : null,
      usedRatio: Number(spent) / Number(amountNano),
      unpricedCalls: rows.filter((r) => r.day >= month).reduce((n, r) => n + r.unpriced, 0),
      weekRateUsdPerDay: weekRatePerDay(spend) / 1e9,
      forecastCrossingDay: forecastCrossingDay(spend, amountNano),
      crossedOn: crossedOn(spend, amountNano),
      measuredBy:
        project === undefined
          ? "every priced call this UTC month (the organisation's spend as burnrate sees it)"
          : `priced calls attributed to project "${project}" this UTC month (tag the workspace's calls with that project)`,
    });
  }
  return statuses;
}
