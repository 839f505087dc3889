// Alert conditions on the limits that stop calls (collector/src/limits): a page at the first
// refusal by a spend cap or limit, naming when access resumes; spend-limit thresholds and the
// forecast crossing; unified usage windows filling up.
import { limitsInForce } from '../limits/inForce';
import { allSpendLimits } from '../limits/routes';
import { spendLimitStatuses } from '../limits/status';
import { usageWindowSeries } from '../limits/usageWindows';
import { KIND_NAMES } from '../limits/spendLimit';
import type { Gateway } from '../store/gateway';
import type { Finding } from './conditions';

const usd = (amount: number) => `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const ordinal = (day: number) => `${day}${[11, 12, 13].includes(day % 100) ? 'th' : (['th', 'st', 'nd', 'rd'][day % 10] ?? 'th')}`;

/** One finding per cap or limit refusing calls now: it fires at the first refusal and resolves once calls succeed. */
export async function spendLimitRefusals(gateway: Gateway, now: Date): Promise<Finding[]> {
  return (await limitsInForce(gateway, now)).map((f) => ({
    subject: `refused:${f.limitClass}:${f.account}`,
    value: 1,
    summary: f.message,
    labels: { limit_class: f.limitClass, since: f.since, ...(f.resumesAt ? { resumes_at: f.resumesAt } : {}), ...(f.account ? { account: f.account } : {}) },
  }));
}

export async function spendLimitThresholds(gateway: Gateway, now: Date, limitsFile: string | undefined, forecast: boolean): Promise<Finding[]> {
  const { limits } = await allSpendLimits({ gateway, limitsFile, now: () => now });
  const findings: Finding[] = [];
  for (const s of await spendLimitStatuses(gateway, limits, now)) {
    const l = s.limit;
    const name = `The ${KIND_NAMES[l.kind]}${l.workspace ? ` of workspace ${l.workspace}` : ''} (${usd(l.amountUsd)})`;
    const labels = { limit_id: l.id, limit_kind: l.kind, amount_usd: String(l.amountUsd), spent_usd: s.spentUsd.toFixed(2) };
    const reached = l.thresholdsPercent.filter((t) => s.usedRatio * 100 >= t);
    const top = reached.length ? Math.max(...reached) : undefined;
    // Only the highest threshold reached: one alert that moves up, not one per threshold.
    if (top !== undefined) {
      findings.push({
        subject: `spend-limit:${l.id}:${top}`,
        value: s.usedRatio,
        summary: `${name} is ${Math.floor(s.usedRatio * 100)}% used this month: ${usd(s.spentUsd)} spent${s.reportedUsd !== null ? ` (Anthropic reports ${usd(s.reportedUsd)})` : ''}; threshold ${top}%`,
        labels: { ...labels, threshold_percent: String(top) },
      });
    }
    if (forecast && s.forecastCrossingDay && !s.crossedOn) {
      findings.push({
        subject: `spend-limit:${l.id}:forecast`,
        value: s.usedRatio,
        summary: `At this week's rate (${usd(s.weekRateUsdPerDay)}/day), ${name.charAt(0).toLowerCase()}${name.slice(1)} is reached on the ${ordinal(Number(s.forecastCrossingDay.slice(8, 10)))} (${s.forecastCrossingDay})`,
        labels: { ...labels, forecast_day: s.forecastCrossingDay },
      });
    }
  }
  return findings;
}

export async function usageWindowsFilling(gateway: Gateway, now: Date, thresholdPercent: number, lookbackMinutes: number): Promise<Finding[]> {
  // Readings of the last two hours give the pace; only windows read within the rule's window alert.
  const series = await usageWindowSeries(gateway, new Date(now.getTime() - Math.max(lookbackMinutes, 120) * 60_000), new Date(now.getTime() + 60_000));
  const since = now.getTime() - lookbackMinutes * 60_000;
  return series
    .filter((s) => s.latest * 100 >= thresholdPercent && Date.parse(s.latestAt) >= since)
    .map((s) => ({
      subject: `window:${JSON.stringify([s.account, s.service, s.window])}`,
      value: s.latest,
      summary:
        `The ${s.window} usage window${s.account ? ` of account ${s.account}` : ''} (service ${s.service}) is ${Math.round(s.latest * 100)}% used; threshold ${thresholdPercent}%` +
        (s.forecastFullAt ? `; full at about ${s.forecastFullAt.slice(0, 16).replace('T', ' ')} UTC at this pace` : '') +
        (s.resetsAt ? `; resets ${s.resetsAt.slice(0, 16).replace('T', ' ')} UTC` : ''),
      labels: { window: s.window, service: s.service, account: s.account, utilization: String(s.latest) },
    }));
}
