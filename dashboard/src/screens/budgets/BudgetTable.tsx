// Each budget's standing: spend against the amount (a bar with its thresholds marked), where the
// burn rate takes it, and when it would cross.
import type { BudgetStatus } from '../../api/types';
import { formatCount, formatPercent, formatUsd } from '../../format';
import { BudgetAmountEditor } from './BudgetAmountEditor';
import { BudgetForecastCell, useBudgetForecasts, type BudgetForecast } from './BudgetForecastCell';
import { ChangeError, Editable, useChange } from './changes';
import { scopeLabel, when } from './format';

const tone = (s: BudgetStatus) => (s.exceeded ? 'over' : s.projectedToExceed ? 'warn' : 'ok');

function UsageBar({ status }: { status: BudgetStatus }) {
  return (
    <div
      className="meter budget-meter"
      role="meter"
      aria-valuenow={Math.round(status.usedRatio * 100)}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-label={`${status.budget.name}: ${formatPercent(status.usedRatio)} used`}
    >
      <span className="meter-projected" style={{ width: `${Math.min(1, status.projectedRatio) * 100}%` }} />
      <span className={`meter-used meter-${tone(status)}`} style={{ width: `${Math.min(1, status.usedRatio) * 100}%` }} />
      {status.budget.thresholdsPercent
        .filter((t) => t < 100)
        .map((t) => (
          <i key={t} className="meter-tick" title={`alert at ${t}%`} style={{ left: `${t}%` }} />
        ))}
    </div>
  );
}

function BudgetRow({ status: s, onChanged, forecast }: { status: BudgetStatus; onChanged: () => void; forecast: BudgetForecast | undefined }) {
  const { run, busy, error } = useChange(onChanged);
  const remove = () => {
    if (window.confirm(`Remove budget "${s.budget.name}"? Its alerts resolve at the next evaluation.`))
      void run('DELETE', `/api/v1/budgets/${encodeURIComponent(s.budget.id)}`);
  };
  return (
    <tr data-testid="budget-row" data-budget-id={s.budget.id}>
      <th scope="row">
        {s.budget.name}
        <ChangeError error={error} what="Not removed" />
      </th>
      <td>{scopeLabel(s.budget.scope)}</td>
      <td>
        per {s.budget.period} <span className="muted">({s.budget.timeZone})</span>
      </td>
      <td className="num">
        <span data-testid="budget-spent">{formatUsd(s.spentUsd)}</span> <BudgetAmountEditor status={s} onChanged={onChanged} />
        {s.unpricedCalls > 0 && (
          <div className="bad small" title="calls to models with no price are not in the spend">
            +{formatCount(s.unpricedCalls)} unpriced calls
          </div>
        )}
      </td>
      <td>
        <div className="used">
          <UsageBar status={s} />
          <span className={`num${tone(s) === 'ok' ? '' : ' bad'}`} data-testid="budget-used">
            {formatPercent(s.usedRatio)}
          </span>
        </div>
      </td>
      <td className="num" title={`burn rate ${formatUsd(s.burnRateUsdPerHour)}/h since ${when(s.burnRateWindowStart)}`}>
        {formatUsd(s.projectedUsd)} <span className="muted">({formatPercent(s.projectedRatio)})</span>
      </td>
      <BudgetForecastCell forecast={forecast} />
      <td className={s.exceeded || s.projectedToExceed ? 'bad' : undefined}>{s.exceeded ? 'exceeded' : when(s.projectedExceedAt)}</td>
      <td>
        <Editable label={`Remove ${s.budget.name}`}>
          <button type="button" onClick={remove} disabled={busy} aria-label={`Remove budget ${s.budget.name}`}>
            Remove
          </button>
        </Editable>
      </td>
    </tr>
  );
}

export function BudgetTable({ statuses, onChanged }: { statuses: BudgetStatus[]; onChanged: () => void }) {
  const forecasts = useBudgetForecasts();
  return (
    <div className="table-wrap">
      <table className="budgets" data-testid="budget-table">
        <thead>
          <tr>
            <th>Budget</th>
            <th>Scope</th>
            <th>Period</th>
            <th className="num">Spent this period</th>
            <th>Used</th>
            <th className="num">Projected at period end</th>
            <th className="num">Forecast (80% band)</th>
            <th>Crosses at</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {statuses.map((s) => (
            <BudgetRow key={s.budget.id} status={s} onChanged={onChanged} forecast={forecasts.get(s.budget.id)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
