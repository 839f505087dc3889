// A rule's condition → the subjects it currently holds for ("findings"). A subject is what one
// alert is about (a budget's 80% threshold, a model): the evaluator fires an alert when a subject
// appears and resolves it when it goes away.
import { type AlertCondition, type BudgetStatus, modelRetirement, nanoToUsd } from '@burnrate/contract';
import { driftByDayAndModel } from '../reconcile/driftHook';
import type { BudgetRecord } from '../budgets/budget';
import type { Gateway } from '../store/gateway';
import type { WriterStatus } from '../store/writer';
import { ingestLogFindings } from './ingestLogCondition';
import { spendAnomalies } from './anomaly';
import { keySpendSpikes } from './keySpike';
import { spendLimitRefusals, spendLimitThresholds, usageWindowsFilling } from './limitConditions';
import { headroomFindings } from './rateLimitHeadroom';
import { burningBudgets, type BurnFinding } from './burnRate';
import { failedCalls, modelCalls, rateLimitedAttempts, slowModels, throttledModels, unpricedModelCalls, type Window } from './conditionQueries';

export interface Finding {
  subject: string;
  value: number;
  summary: string;
  labels: Record<string, string>;
}

export interface ConditionContext {
  gateway: Gateway;
  now: Date;
  /** Computed at most once per evaluation, shared by every budget rule. */
  budgetStatuses: () => Promise<BudgetStatus[]>;
  budgets: readonly BudgetRecord[];
  /** This collector's write-ahead log (the ingest_log condition). */
  writeAheadLog?: () => WriterStatus;
  /** BURNRATE_SPEND_LIMITS_FILE, for the spend limit conditions. */
  spendLimitsFile?: string;
}

const MINUTE_MS = 60_000;

function windowOf(now: Date, minutes: number): Window {
  return { from: new Date(now.getTime() - minutes * MINUTE_MS), to: now };
}

// Messages are for people: cents, or three significant digits below a dollar. The exact
// amounts travel in the event's value and in the status API.
function usd(amount: number): string {
  if (amount === 0 || Math.abs(amount) >= 1) return `$${amount.toFixed(2)}`;
  return `$${Number(amount.toPrecision(3))}`;
}

/** 2026-11-21 22:36 UTC */
const time = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const percent = (ratio: number) => `${(ratio * 100).toFixed(1).replace(/\.0$/, '')}%`;

function budgetLabels(s: BudgetStatus): Record<string, string> {
  const b = s.budget;
  return { budget_id: b.id, budget_name: b.name, scope_kind: b.scope.kind, scope_value: b.scope.value, period: b.period };
}

function describeBudget(s: BudgetStatus): string {
  const b = s.budget;
  const scope = b.scope.kind === 'all' ? 'all calls' : `${b.scope.kind} ${b.scope.value}`;
  return `Budget "${b.name}" (${scope}, per ${b.period} in ${b.timeZone})`;
}

function selected(statuses: BudgetStatus[], ids: string[]): BudgetStatus[] {
  return ids.length === 0 ? statuses : statuses.filter((s) => ids.includes(s.budget.id));
}

function ratioFinding(
  subject: string,
  what: string,
  hits: number,
  total: number,
  thresholdPercent: number,
  minutes: number,
  filter: { service: string; model: string },
): Finding[] {
  if (hits * 100 <= thresholdPercent * total) return [];
  const scope = [filter.service && `service ${filter.service}`, filter.model && `model ${filter.model}`].filter(Boolean).join(', ');
  return [
    {
      subject,
      value: hits / total,
      summary: `${percent(hits / total)} of ${what}${scope ? ` (${scope})` : ''} in the last ${minutes} min (${hits} of ${total}); threshold ${thresholdPercent}%`,
      labels: { service: filter.service, model: filter.model },
    },
  ];
}

const minutes = (m: number) => (m % 60 === 0 ? `${m / 60} h` : `${m} min`);

/** "team search · claude-opus-4-6 · feature summaries": the parts that are set. */
export function driverText(d: { model: string; service: string; team: string; feature: string }): string {
  return [d.team && `team ${d.team}`, d.model, d.service && `service ${d.service}`, d.feature && `feature ${d.feature}`].filter(Boolean).join(' · ');
}

function burnFinding(f: BurnFinding): Finding {
  const b = f.budget;
  const scope = b.scope.kind === 'all' ? 'all calls' : `${b.scope.kind} ${b.scope.value}`;
  const amount = nanoToUsd(b.amountNano);
  const long = nanoToUsd(f.longNano);
  const perHour = (long * 60) / f.window.longMinutes;
  const hoursLeft = perHour > 0 ? amount / perHour : Infinity;
  const driver = f.driver && f.driver.nano > 0n ? f.driver : undefined;
  return {
    subject: `budget:${b.id}:burn:${f.window.longMinutes}m`,
    value: Number(long / amount),
    summary:
      `Budget "${b.name}" (${scope}, per ${b.period}) is burning ${f.pace === 'fast' ? 'fast' : 'steadily'}: ${usd(long)} in the last ${minutes(f.window.longMinutes)} ` +
      `(${percent(long / amount)} of ${usd(amount)}; alert at ${f.window.budgetPercent}%), ${usd(nanoToUsd(f.shortNano))} in the last ${minutes(f.window.shortMinutes)}; ` +
      `at ${usd(perHour)}/h the whole budget lasts ${hoursLeft < 1 ? `${Math.round(hoursLeft * 60)} min` : `${hoursLeft.toFixed(1)} h`}` +
      (driver ? `. Driver: ${driverText(driver)} (${usd(nanoToUsd(driver.nano))})` : ''),
    labels: {
      budget_id: b.id,
      budget_name: b.name,
      scope_kind: b.scope.kind,
      scope_value: b.scope.value,
      period: b.period,
      window: `${f.window.longMinutes}m/${f.window.shortMinutes}m`,
      burn_percent: String(f.window.budgetPercent),
      spent_long_usd: String(long),
      spent_short_usd: String(nanoToUsd(f.shortNano)),
      ...(driver ? { driver_model: driver.model, driver_service: driver.service, driver_team: driver.team, driver_feature: driver.feature } : {}),
    },
  };
}

export async function evaluateCondition(condition: AlertCondition, ctx: ConditionContext): Promise<Finding[]> {
  switch (condition.kind) {
    case 'budget_threshold':
      // Ascending thresholds, so a jump past two of them is announced in order.
      return selected(await ctx.budgetStatuses(), condition.budgetIds).flatMap((s) =>
        s.thresholdsCrossed.map((t) => ({
          subject: `budget:${s.budget.id}:threshold:${t}`,
          value: s.usedRatio,
          summary: `${describeBudget(s)} reached ${t}%: ${usd(s.spentUsd)} of ${usd(s.budget.amountUsd)} spent (${percent(s.usedRatio)})`,
          labels: { ...budgetLabels(s), threshold_percent: String(t) },
        })),
      );
    case 'budget_forecast':
      return selected(await ctx.budgetStatuses(), condition.budgetIds)
        .filter((s) => s.projectedToExceed)
        .map((s) => ({
          subject: `budget:${s.budget.id}:forecast`,
          value: s.projectedRatio,
          summary:
            `${describeBudget(s)} is projected to reach ${usd(s.projectedUsd)} of ${usd(s.budget.amountUsd)} by the period end (${time(s.periodEnd)})` +
            (s.projectedExceedAt ? `, crossing it at about ${time(s.projectedExceedAt)}` : '') +
            ` at the current burn rate of ${usd(s.burnRateUsdPerHour)}/h`,
          labels: budgetLabels(s),
        }));
    case 'budget_burn_rate': {
      const budgets = condition.budgetIds.length === 0 ? ctx.budgets : ctx.budgets.filter((b) => condition.budgetIds.includes(b.id));
      return (await burningBudgets(ctx.gateway, budgets, condition.pace, ctx.now)).map(burnFinding);
    }
    case 'spend_anomaly':
      return (await spendAnomalies(ctx.gateway, ctx.now, condition)).map((a) => {
        const d = a.driver;
        const times = a.times >= 10 ? Math.round(a.times) : Number(a.times.toFixed(1));
        return {
          subject: `driver:${JSON.stringify([d.team, d.model, d.service, d.feature])}`,
          value: a.currentUsd,
          summary:
            `${driverText(d) || 'unattributed calls'}: ${usd(a.currentUsd)} in the last hour, ${times}× its usual hour ` +
            `(median ${usd(a.medianUsd)} over the same hour of the last ${condition.weeks} weeks)`,
          labels: {
            driver_team: d.team,
            driver_model: d.model,
            driver_service: d.service,
            driver_feature: d.feature,
            spent_usd: String(a.currentUsd),
            usual_usd: String(a.medianUsd),
            times: String(times),
          },
        };
      });
    case 'rate_limited_ratio': {
      const { total, hits } = await rateLimitedAttempts(ctx.gateway, windowOf(ctx.now, condition.windowMinutes), condition);
      if (total < condition.minAttempts) return [];
      return ratioFinding('attempts', 'attempts were rate-limited (429)', hits, total, condition.thresholdPercent, condition.windowMinutes, condition);
    }
    case 'model_throttled': {
      const rows = await throttledModels(ctx.gateway, windowOf(ctx.now, condition.windowMinutes), condition.minAttempts);
      return rows
        .filter((r) => r.hits * 100 > condition.thresholdPercent * r.total)
        .map((r) => {
          const what = r.status === 429 ? 'rate-limited (429)' : 'overloaded (529)';
          const seconds = (ms: number | null) => (ms === null || Number.isNaN(ms) ? null : Math.round(ms / 100) / 10);
          const max = seconds(r.retry_after_max_ms);
          const median = seconds(r.retry_after_median_ms);
          const retry = max === null ? 'no retry-after seen' : `retry-after seen up to ${max} s (median ${median} s)`;
          return {
            subject: `model:${r.model}:${r.status}`,
            value: r.hits / r.total,
            summary: `${r.model}: ${percent(r.hits / r.total)} of attempts ${what} in the last ${condition.windowMinutes} min (${r.hits} of ${r.total}); ${retry}; threshold ${condition.thresholdPercent}%`,
            labels: { model: r.model, status: String(r.status), ...(max === null ? {} : { retry_after_s: String(max) }) },
          };
        });
    }
    case 'rate_limit_headroom':
      return headroomFindings(ctx.gateway, condition, ctx.now);
    case 'error_ratio': {
      const { total, hits } = await failedCalls(ctx.gateway, windowOf(ctx.now, condition.windowMinutes), condition);
      if (total < condition.minCalls) return [];
      return ratioFinding('calls', 'calls failed', hits, total, condition.thresholdPercent, condition.windowMinutes, condition);
    }
    case 'latency_p95':
      return (await slowModels(ctx.gateway, windowOf(ctx.now, condition.windowMinutes), condition)).map((m) => ({
        subject: `model:${m.model}`,
        value: m.p95,
        summary: `p95 latency of ${m.model} was ${(m.p95 / 1000).toFixed(1)} s over the last ${condition.windowMinutes} min (${m.calls} calls); threshold ${(condition.thresholdMs / 1000).toFixed(1)} s`,
        labels: { model: m.model },
      }));
    case 'unpriced_model':
      return (await unpricedModelCalls(ctx.gateway, windowOf(ctx.now, condition.windowMinutes))).map((m) => ({
        subject: `model:${m.model}`,
        value: m.calls,
        summary: `${m.model || '(no model)'} has no price: ${m.calls} call(s) in the last ${condition.windowMinutes} min are missing from spend; add it to the pricing file`,
        labels: { model: m.model },
      }));
    case 'deprecated_model':
      return (await modelCalls(ctx.gateway, windowOf(ctx.now, condition.windowMinutes), condition.models)).map((m) => ({
        subject: `model:${m.model}`,
        value: m.calls,
        summary: `${m.model} is deprecated: ${m.calls} call(s) in the last ${condition.windowMinutes} min; ${retirementAdvice(m.model)}`,
        labels: { model: m.model },
      }));
    case 'reconcile_drift': {
      const from = new Date(ctx.now.getTime() - condition.lookbackDays * 86_400_000);
      const minReportedNano = BigInt(Math.round(condition.minReportedUsd * 100)) * 10_000_000n;
      return (await driftByDayAndModel(ctx.gateway, { from, to: ctx.now }))
        .filter((d) => d.complete && d.driftPercent !== null && d.reportedNanoUsd !== null && d.reportedNanoUsd >= minReportedNano)
        .filter((d) => Math.abs(d.driftPercent!) > condition.thresholdPercent)
        .map((d) => ({
          subject: `drift:${d.day}:${d.model}`,
          value: d.driftPercent!,
          summary:
            `On ${d.day}, burnrate estimated ${usd(nanoToUsd(d.estimateNanoUsd ?? 0n))} for ${d.model || 'unattributed cost'} where Anthropic reports ` +
            `${usd(nanoToUsd(d.reportedNanoUsd ?? 0n))} (${d.driftPercent! > 0 ? '+' : ''}${d.driftPercent}%); threshold ${condition.thresholdPercent}%. ` +
            (d.driftPercent! < 0
              ? 'Calls may bypass instrumentation, or prices are out of date.'
              : 'A discount burnrate does not know, or calls counted twice.'),
          labels: { day: d.day, model: d.model },
        }));
    }
    case 'ingest_log':
      return ingestLogFindings(condition, ctx.writeAheadLog?.());
    case 'key_spend_spike':
      return keySpendSpikes(ctx.gateway, ctx.now, condition);
    case 'spend_limit_refused':
      return spendLimitRefusals(ctx.gateway, ctx.now);
    case 'spend_limit_threshold':
      return spendLimitThresholds(ctx.gateway, ctx.now, ctx.spendLimitsFile, condition.forecast);
    case 'usage_window':
      return usageWindowsFilling(ctx.gateway, ctx.now, condition.thresholdPercent, condition.windowMinutes);
    default: {
      const never: never = condition;
      throw new Error(`unknown alert condition ${JSON.stringify(never)}`);
    }
  }
}

/** What the retirement schedule says to do about a deprecated model. */
function retirementAdvice(model: string): string {
  const r = modelRetirement(model);
  const when = r?.retires ? `it is retired on ${r.retires}` : 'migrate before it is retired';
  return r?.replacement ? `${when}; move to ${r.replacement}` : when;
}
