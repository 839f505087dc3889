// The rate_limit_headroom condition (issue 16, "rate limits before they bite"): one alert per
// service, model and rate-limit bucket whose forecast at the current rate (store/query/
// headroomForecast.ts) says it empties within the rule's minutes, or whose rate uses at least the
// rule's share of the limit (a rate near the limit leaves nothing for a burst). It resolves when the
// rate falls back, or when the headers stop coming and the bucket has refilled.
import type { AlertCondition } from '@burnrate/contract';
import type { Gateway } from '../store/gateway';
import { consumptionRates, FORECAST_WINDOW_MINUTES, withForecasts } from '../store/query/headroomForecast';
import { rateLimitRows } from '../store/query/rateLimits';
import type { Finding } from './conditions';

type Condition = Extract<AlertCondition, { kind: 'rate_limit_headroom' }>;

const count = (n: number) => Math.round(n).toLocaleString('en-US');
function minutesText(m: number): string {
  if (m <= 0) return 'empty now';
  if (m < 1) return `empty in about ${Math.round(m * 60)} s`;
  return `empty in about ${m < 10 ? Number(m.toFixed(1)) : Math.round(m)} min`;
}

export async function headroomFindings(gateway: Gateway, condition: Condition, now: Date): Promise<Finding[]> {
  const from = new Date(now.getTime() - condition.windowMinutes * 60_000);
  const [rows, rates] = await Promise.all([
    rateLimitRows(gateway, { from, to: now, filters: {} }, true),
    consumptionRates(gateway, { asOf: now, filters: {} }),
  ]);
  const findings: Finding[] = [];
  for (const row of withForecasts(rows, rates, now)) {
    for (const bucket of row.limits) {
      const f = bucket.forecast;
      if (!f || bucket.limit === null) continue;
      const emptySoon = f.minutesToEmpty !== null && f.minutesToEmpty <= condition.withinMinutes;
      if (!emptySoon && f.rateShare * 100 < condition.percentOfLimit) continue;
      const words = bucket.kind.replace(/_/g, ' ');
      const reset =
        bucket.reset && Date.parse(bucket.reset) > now.getTime() ? `; resets in ${Math.ceil((Date.parse(bucket.reset) - now.getTime()) / 1000)} s` : '';
      findings.push({
        subject: `ratelimit:${row.service}:${row.model}:${bucket.kind}`,
        value: f.rateShare,
        summary:
          `${row.model} (${row.service}): ${words} per minute at ${Math.round(f.rateShare * 100)}% of the limit ` +
          `(${count(f.ratePerMinute)} a minute over the last ${FORECAST_WINDOW_MINUTES} min, limit ${count(bucket.limit)}); ` +
          `about ${count(f.remainingNow)} left, ${f.minutesToEmpty === null ? 'refilling as fast as it is used' : `${minutesText(f.minutesToEmpty)} at this rate`}${reset}; ` +
          `threshold: empty within ${condition.withinMinutes} min or ${condition.percentOfLimit}% of the limit`,
        labels: {
          service: row.service,
          model: row.model,
          bucket: bucket.kind,
          rate_per_minute: String(Math.round(f.ratePerMinute)),
          limit: String(bucket.limit),
          remaining_now: String(f.remainingNow),
          ...(f.minutesToEmpty === null ? {} : { minutes_to_empty: String(Math.round(f.minutesToEmpty * 10) / 10) }),
          ...(bucket.reset ? { reset: bucket.reset } : {}),
        },
      });
    }
  }
  return findings;
}
