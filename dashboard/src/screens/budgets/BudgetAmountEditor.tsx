// A budget's amount and alert thresholds, edited in place in its row: click the amount, change
// it, Enter (or Save) sends a PATCH; Escape (or Cancel) leaves it as it was. Viewers see the
// amount only. A refusal is shown in the API's words beside the fields.
import { useState, type FormEvent } from 'react';
import type { BudgetStatus } from '../../api/types';
import { formatUsd } from '../../format';
import { ChangeError, useCanChange, useChange } from './changes';

export function parseThresholds(text: string): number[] | undefined {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const numbers = parts.map(Number);
  return parts.length > 0 && numbers.every((n) => Number.isInteger(n) && n > 0) ? numbers : undefined;
}

export function BudgetAmountEditor({ status, onChanged }: { status: BudgetStatus; onChanged: () => void }) {
  const can = useCanChange();
  const [editing, setEditing] = useState(false);
  const [amount, setAmount] = useState('');
  const [thresholds, setThresholds] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();
  const { run, busy, error } = useChange(onChanged);
  const budget = status.budget;

  const open = () => {
    setAmount(String(budget.amountUsd));
    setThresholds(budget.thresholdsPercent.join(', '));
    setInvalid(undefined);
    setEditing(true);
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const amountUsd = Number(amount);
    const thresholdsPercent = parseThresholds(thresholds);
    if (!(amountUsd > 0)) return setInvalid('the amount must be a number above 0');
    if (!thresholdsPercent) return setInvalid('thresholds are whole percents, separated by commas');
    setInvalid(undefined);
    if (await run('PATCH', `/api/v1/budgets/${encodeURIComponent(budget.id)}`, { amountUsd, thresholdsPercent })) setEditing(false);
  };

  if (!editing) {
    return can ? (
      <button type="button" className="link muted" onClick={open} title="Change the amount or thresholds" data-testid="budget-amount-edit">
        of {formatUsd(budget.amountUsd)}
      </button>
    ) : (
      <span className="muted">of {formatUsd(budget.amountUsd)}</span>
    );
  }
  return (
    <form className="inline-edit" onSubmit={save} onKeyDown={(e) => e.key === 'Escape' && setEditing(false)} data-testid="budget-amount-form">
      <label>
        Amount (USD){' '}
        <input name="amount" type="number" min="0" step="any" value={amount} onChange={(e) => setAmount(e.target.value)} autoFocus required size={8} />
      </label>
      <label>
        Alert at % <input name="thresholds" value={thresholds} onChange={(e) => setThresholds(e.target.value)} size={10} />
      </label>
      <button type="submit" disabled={busy}>
        Save
      </button>
      <button type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {invalid && (
        <p className="form-error" role="alert">
          Not saved: {invalid}
        </p>
      )}
      <ChangeError error={error} />
    </form>
  );
}
