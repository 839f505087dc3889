// Each budget's standing: spend against the amount (a bar with its thresholds marked), where the
// burn rate takes it, and when it would cross.
import type { BudgetStatus } from '../../../../collector/src/api/contract';
import { percent, scopeLabel, usd, when } from './format';

function UsageBar({ status }: { status: BudgetStatus }) {
  const used = Math.min(1, status.usedRatio);
  const projected = Math.min(1, status.projectedRatio);
  const colour = status.exceeded ? '#c0392b' : status.projectedToExceed ? '#e67e22' : '#27ae60';
  return (
    <div role="meter" aria-valuenow={Math.round(status.usedRatio * 100)} aria-valuemin={0} aria-valuemax={100} aria-label={`${percent(status.usedRatio)} used`} style={{ position: 'relative', height: 10, background: '#eee', borderRadius: 5, minWidth: 160 }}>
      <div style={{ position: 'absolute', inset: 0, width: `${projected * 100}%`, background: colour, opacity: 0.25, borderRadius: 5 }} />
      <div style={{ position: 'absolute', inset: 0, width: `${used * 100}%`, background: colour, borderRadius: 5 }} />
      {status.budget.thresholdsPercent
        .filter((t) => t <= 100)
        .map((t) => (
          <div key={t} title={`${t}%`} style={{ position: 'absolute', left: `${t}%`, top: -2, bottom: -2, width: 1, background: '#555' }} />
        ))}
    </div>
  );
}

export function BudgetTable({ statuses, onDelete }: { statuses: BudgetStatus[]; onDelete: (id: string, name: string) => void }) {
  return (
    <table className="budgets-table">
      <thead>
        <tr>
          <th>Budget</th>
          <th>Scope</th>
          <th>Period</th>
          <th>Spent</th>
          <th>Used</th>
          <th>Projected at period end</th>
          <th>Crosses at</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {statuses.map((s) => (
          <tr key={s.budget.id}>
            <td>{s.budget.name}</td>
            <td>{scopeLabel(s.budget.scope)}</td>
            <td>
              {s.budget.period} ({s.budget.timeZone})
            </td>
            <td>
              {usd(s.spentUsd)} of {usd(s.budget.amountUsd)}
              {s.unpricedCalls > 0 && <div title="calls to models with no price are not in the spend">+{s.unpricedCalls} unpriced calls</div>}
            </td>
            <td>
              <UsageBar status={s} />
              {percent(s.usedRatio)}
            </td>
            <td title={`burn rate ${usd(s.burnRateUsdPerHour)}/h over the trailing window since ${when(s.burnRateWindowStart)}`}>
              {usd(s.projectedUsd)} ({percent(s.projectedRatio)})
            </td>
            <td>{s.exceeded ? 'exceeded' : when(s.projectedExceedAt)}</td>
            <td>
              <button type="button" onClick={() => onDelete(s.budget.id, s.budget.name)}>
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
