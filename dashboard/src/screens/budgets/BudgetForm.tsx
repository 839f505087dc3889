import { canonicalModelId } from '@burnrate/contract';
// A new budget: name, scope, period, time zone, amount, thresholds. The API validates; its
// message is shown as is when it refuses.
import { useState, type FormEvent } from 'react';
import { BUDGET_PERIODS, BUDGET_SCOPE_KINDS } from '@burnrate/contract';
import type { BudgetInput, BudgetPeriod, BudgetScopeKind } from '../../api/types';
import { ChangeError, Editable, useChange } from './changes';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function BudgetForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<BudgetScopeKind>('team');
  const [value, setValue] = useState('');
  const [period, setPeriod] = useState<BudgetPeriod>('day');
  const [timeZone, setTimeZone] = useState(browserZone);
  const [amount, setAmount] = useState('');
  const [thresholds, setThresholds] = useState('50, 80, 100');
  const { run, busy, error } = useChange(onCreated);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input: BudgetInput = {
      name: name.trim(),
      // A model budget is keyed like the collector stores calls and the guard enforces them.
      scope: { kind, value: kind === 'all' ? '' : kind === 'model' ? canonicalModelId(value) : value.trim() },
      period,
      timeZone: timeZone.trim(),
      amountUsd: Number(amount),
      thresholdsPercent: thresholds
        .split(',')
        .map((t) => Number(t.trim()))
        .filter((t) => t > 0),
    };
    if (await run('POST', '/api/v1/budgets', input)) {
      setName('');
      setValue('');
      setAmount('');
    }
  }

  return (
    <form onSubmit={submit} aria-label="New budget" data-testid="budget-form">
      <Editable label="New budget" className="form-row">
        <label>
          Name
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} required placeholder="Search team daily" />
        </label>
        <label>
          Scope
          <select name="scope" value={kind} onChange={(e) => setKind(e.target.value as BudgetScopeKind)}>
            {BUDGET_SCOPE_KINDS.map((k) => (
              <option key={k} value={k}>
                {k === 'all' ? 'everything' : k}
              </option>
            ))}
          </select>
        </label>
        {kind !== 'all' && (
          <label>
            {kind[0]!.toUpperCase() + kind.slice(1)}
            <input
              name="scope-value"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              required
              placeholder={kind === 'model' ? 'claude-sonnet-4-6' : kind}
            />
            {kind === 'model' && value.trim() !== '' && canonicalModelId(value) !== value.trim() && (
              <small data-testid="canonical-model">counts every spelling of {canonicalModelId(value)}</small>
            )}
          </label>
        )}
        <label>
          Period
          <select name="period" value={period} onChange={(e) => setPeriod(e.target.value as BudgetPeriod)}>
            {BUDGET_PERIODS.map((p) => (
              <option key={p} value={p}>
                per {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Time zone
          <input name="time-zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} required />
        </label>
        <label>
          Amount (USD)
          <input name="amount" type="number" min="0" step="any" value={amount} onChange={(e) => setAmount(e.target.value)} required />
        </label>
        <label>
          Alert at (% of amount)
          <input name="thresholds" value={thresholds} onChange={(e) => setThresholds(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Add budget
        </button>
      </Editable>
      <ChangeError error={error} />
    </form>
  );
}
