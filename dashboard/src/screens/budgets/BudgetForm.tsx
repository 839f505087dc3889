// A new budget: name, scope, period, time zone, amount, thresholds. The API validates; its
// message is shown as is when it refuses.
import { useState, type FormEvent } from 'react';
import { BUDGET_PERIODS, BUDGET_SCOPE_KINDS, type Budget, type BudgetInput, type BudgetPeriod, type BudgetScopeKind } from '../../../../collector/src/api/contract';
import { request } from './api';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function BudgetForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<BudgetScopeKind>('team');
  const [value, setValue] = useState('');
  const [period, setPeriod] = useState<BudgetPeriod>('day');
  const [timeZone, setTimeZone] = useState(browserZone);
  const [amount, setAmount] = useState('');
  const [thresholds, setThresholds] = useState('50, 80, 100');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const input: BudgetInput = {
      name,
      scope: { kind, value: kind === 'all' ? '' : value },
      period,
      timeZone,
      amountUsd: Number(amount),
      thresholdsPercent: thresholds.split(',').map((t) => Number(t.trim())).filter((t) => t > 0),
    };
    try {
      await request<Budget>('POST', '/api/v1/budgets', input);
      setName('');
      setValue('');
      setAmount('');
      onCreated();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="budgets-form" onSubmit={submit} aria-label="New budget">
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        Scope{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as BudgetScopeKind)}>
          {BUDGET_SCOPE_KINDS.map((k) => (
            <option key={k} value={k}>
              {k === 'all' ? 'everything' : k}
            </option>
          ))}
        </select>
      </label>
      {kind !== 'all' && (
        <label>
          {kind} <input value={value} onChange={(e) => setValue(e.target.value)} required placeholder={kind === 'model' ? 'claude-sonnet-4-6' : ''} />
        </label>
      )}
      <label>
        Period{' '}
        <select value={period} onChange={(e) => setPeriod(e.target.value as BudgetPeriod)}>
          {BUDGET_PERIODS.map((p) => (
            <option key={p} value={p}>
              per {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        Time zone <input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} required />
      </label>
      <label>
        Amount (USD) <input type="number" min="0" step="any" value={amount} onChange={(e) => setAmount(e.target.value)} required />
      </label>
      <label>
        Thresholds (%) <input value={thresholds} onChange={(e) => setThresholds(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Add budget
      </button>
      {error && <p role="alert">Not saved: {error}</p>}
    </form>
  );
}
