// The budget and its over-budget days under a spend chart, in words: what the line and the
// shading show, readable without the chart.
import { formatUsd } from '../../format';
import type { BudgetOverlay } from './budgetOverlay';

export function OverBudgetNote({ overlay }: { overlay: BudgetOverlay | undefined }) {
  if (!overlay) return null;
  return (
    <p className="chart-note" data-testid="budget-note">
      Daily budget <strong>{overlay.name}</strong>: <span data-testid="budget-amount">{formatUsd(overlay.amountUsd)}</span>.{' '}
      {overlay.over.length === 0 ? (
        'No day over budget in this range.'
      ) : (
        <span className="bad" data-testid="over-budget-days">
          Over budget:{' '}
          {overlay.over.map((d, i) => (
            <span key={d.day} data-testid="over-budget-day" data-day={d.day}>
              {i > 0 && ', '}
              {d.day} ({formatUsd(d.spentUsd)})
            </span>
          ))}
        </span>
      )}
    </p>
  );
}
