// Today's spend against the daily budget, with the end-of-day projection at the current burn
// rate. With a budget, the budget's own status (spent, projection) is shown; without one, our
// projection from the last three hours.
import { Sparkline } from '../../charts/Sparkline';
import { LoadState } from '../../components/States';
import { formatPercent, formatUsd } from '../../format';
import type { Loadable } from '../../hooks/useApi';
import type { BudgetStatus } from '../../api/types';

interface Today {
  spent: number;
  hourly: number[];
  projection: { projected: number; burnPerHour: number };
}

export function BudgetCard({ today, budget }: { today: Loadable<Today>; budget: Loadable<BudgetStatus | undefined> }) {
  return (
    <div className="kpi kpi-budget">
      <div className="kpi-label">Today's spend (UTC day)</div>
      <LoadState state={today} what="today's spend" height={90}>
        {(t) => (
          <>
            <div className="kpi-value" data-testid="kpi-today">
              {formatUsd(t.spent)}
            </div>
            <LoadState state={budget} what="the budget" height={40}>
              {(b) => (b ? <BudgetLine status={b} /> : <NoBudget projected={t.projection.projected} burn={t.projection.burnPerHour} />)}
            </LoadState>
            <Sparkline values={t.hourly} />
          </>
        )}
      </LoadState>
    </div>
  );
}

function BudgetLine({ status }: { status: BudgetStatus }) {
  const used = Math.min(1, status.usedRatio);
  const projected = Math.min(1, status.projectedRatio);
  const tone = status.exceeded ? 'over' : status.projectedToExceed ? 'warn' : 'ok';
  return (
    <div className="budget" data-testid="budget-line">
      <div
        className="meter"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(status.usedRatio * 100)}
        aria-label={`${status.budget.name}: ${formatPercent(status.usedRatio)} used`}
      >
        <span className="meter-projected" style={{ width: `${projected * 100}%` }} />
        <span className={`meter-used meter-${tone}`} style={{ width: `${used * 100}%` }} />
      </div>
      <div className="kpi-detail">
        {formatUsd(status.spentUsd)} of {formatUsd(status.budget.amountUsd)} ({status.budget.name}, {formatPercent(status.usedRatio)})
      </div>
      <div className={`kpi-detail ${tone === 'ok' ? '' : 'bad'}`}>
        {status.exceeded ? 'Over budget. ' : ''}Projected end of day: <strong data-testid="projected">{formatUsd(status.projectedUsd)}</strong>
        {status.projectedToExceed && !status.exceeded && status.projectedExceedAt
          ? ` — crosses the budget about ${status.projectedExceedAt.slice(11, 16)} UTC`
          : ''}
      </div>
    </div>
  );
}

function NoBudget({ projected, burn }: { projected: number; burn: number }) {
  return (
    <div className="budget" data-testid="no-budget">
      <div className="kpi-detail">
        No budget set. Projected end of day: <strong data-testid="projected">{formatUsd(projected)}</strong> at {formatUsd(burn)}/h
      </div>
      <div className="kpi-detail muted">
        <a href="#/budgets">Set one on the Budgets screen</a> to see spend against it.
      </div>
    </div>
  );
}
