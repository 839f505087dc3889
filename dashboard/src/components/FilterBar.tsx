// Active filters as removable chips, and a small form to add one. Values are suggested from
// what the range holds (a breakdown of the chosen dimension).
import { useId, useState, type FormEvent } from 'react';
import { CALL_STATUSES, FILTER_NAMES } from '@burnrate/contract';
import { FILTER_LABELS, STATUS_LABELS } from '../api/catalog';
import { breakdownUrl, type ViewScope } from '../api/requests';
import type { BreakdownResponse, FilterName } from '../api/types';
import { useApi } from '../hooks/useApi';
import { withFilter, withoutFilter, type UrlState } from '../state/urlState';

const valueLabel = (name: FilterName, value: string) =>
  name === 'status' ? (STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? value) : value === '' ? '(none)' : value;

function Suggestions({ id, name, scope }: { id: string; name: Exclude<FilterName, 'status'>; scope: ViewScope }) {
  const state = useApi<BreakdownResponse>(breakdownUrl({ ...scope, filters: { ...scope.filters, [name]: undefined } }, name, 50));
  const values = state.status === 'ready' ? state.data.rows.map((r) => r.key).filter((k) => k !== '') : [];
  return (
    <datalist id={id}>
      {values.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}

export function FilterBar({ state, update, scope }: { state: UrlState; update: (c: Partial<UrlState>) => void; scope: ViewScope }) {
  const [name, setName] = useState<FilterName>('team');
  const [value, setValue] = useState('');
  const listId = useId();
  const add = (event: FormEvent) => {
    event.preventDefault();
    const v = name === 'status' ? value || 'error' : value.trim();
    if (v === '' && name !== 'status') return;
    update({ filters: withFilter(state.filters, name, v), call: '' });
    setValue('');
  };
  const chips = FILTER_NAMES.flatMap((n) => (state.filters[n] ?? []).map((v) => [n, v] as const));
  return (
    <div className="filters" role="region" aria-label="Filters">
      <span className="muted">{chips.length === 0 ? 'All calls — no filters' : 'Only calls with'}</span>
      <ul className="chips" data-testid="filter-chips">
        {chips.map(([n, v]) => (
          <li key={`${n}=${v}`} className="chip">
            <span>
              {FILTER_LABELS[n]}: <strong>{valueLabel(n, v)}</strong>
            </span>
            <button
              type="button"
              aria-label={`Remove filter ${FILTER_LABELS[n]} ${valueLabel(n, v)}`}
              onClick={() => update({ filters: withoutFilter(state.filters, n, v) })}
            >
              ×
            </button>
          </li>
        ))}
        {chips.length > 1 && (
          <li>
            <button type="button" className="link" onClick={() => update({ filters: {} })}>
              Clear all
            </button>
          </li>
        )}
      </ul>
      <form className="add-filter" onSubmit={add} aria-label="Add a filter">
        <select aria-label="Filter by" value={name} onChange={(e) => (setName(e.target.value as FilterName), setValue(''))} data-testid="filter-name">
          {FILTER_NAMES.map((n) => (
            <option key={n} value={n}>
              {FILTER_LABELS[n]}
            </option>
          ))}
        </select>
        {name === 'status' ? (
          <select aria-label="Status" value={value || 'error'} onChange={(e) => setValue(e.target.value)} data-testid="filter-value">
            {CALL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        ) : (
          <>
            <input
              aria-label={`${FILTER_LABELS[name]} is`}
              placeholder={`${FILTER_LABELS[name].toLowerCase()}…`}
              list={listId}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              data-testid="filter-value"
            />
            <Suggestions id={listId} name={name} scope={scope} />
          </>
        )}
        <button type="submit">Add filter</button>
      </form>
    </div>
  );
}
