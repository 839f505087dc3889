// What-if repricing for the view's range and filters: the same calls on another model, through
// the Batch API, or with every cache write at one TTL, beside today's prices.
import { useState, type FormEvent } from 'react';
import type { ViewScope } from '../../api/requests';
import { Panel } from '../../components/Panel';
import { LoadState } from '../../components/States';
import { formatCount, formatUsd } from '../../format';
import { useApi } from '../../hooks/useApi';
import type { WhatIfResponse } from '../../api/financeTypes';
import { deltaText, whatIfUrl } from './whatIfView';

const MODELS = ['claude-haiku-4-5', 'claude-sonnet-4-6', 'claude-opus-4-6'];

export function WhatIfPanel({ scope }: { scope: ViewScope }) {
  const [draft, setDraft] = useState('');
  const [model, setModel] = useState('');
  const state = useApi<WhatIfResponse>(whatIfUrl(scope, model));
  const compare = (e: FormEvent) => {
    e.preventDefault();
    setModel(draft);
  };
  return (
    <Panel title="What-if repricing" wide testId="what-if" note="The same calls and tokens priced another way, beside what today's prices make of them.">
      <form className="toolbar" onSubmit={compare}>
        <label>
          Another model{' '}
          <input name="model" list="what-if-models" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="claude-haiku-4-5" />
        </label>
        <datalist id="what-if-models">
          {MODELS.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <button type="submit">Compare</button>
      </form>
      <LoadState state={state} what="the what-if">
        {(d) => (
          <div className="table-wrap">
            <table data-testid="what-if-table">
              <thead>
                <tr>
                  <th scope="col">Scenario</th>
                  <th scope="col" className="num">Cost</th>
                  <th scope="col" className="num">Difference</th>
                  <th scope="col" className="num">Per 30 days</th>
                  <th scope="col" className="num">Unpriced calls</th>
                </tr>
              </thead>
              <tbody>
                <tr data-testid="what-if-baseline">
                  <th scope="row">Today's prices ({formatCount(d.calls)} calls)</th>
                  <td className="num" data-testid="what-if-cost">
                    {formatUsd(d.baselineUsd)}
                  </td>
                  <td />
                  <td />
                  <td className="num">{formatCount(d.unpricedCalls)}</td>
                </tr>
                {d.scenarios.map((s) => (
                  <tr key={s.scenario} data-testid="what-if-row" data-scenario={s.scenario}>
                    <th scope="row">{s.label}</th>
                    <td className="num" data-testid="what-if-cost">
                      {formatUsd(s.costUsd)}
                    </td>
                    <td className={`num${s.deltaUsd > 0 ? ' bad' : ''}`} data-testid="what-if-delta">
                      {deltaText(s.deltaUsd)}
                    </td>
                    <td className="num" data-testid="what-if-month">
                      {deltaText(s.deltaPerMonthUsd)}
                    </td>
                    <td className="num">{formatCount(s.unpricedCalls)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
    </Panel>
  );
}
