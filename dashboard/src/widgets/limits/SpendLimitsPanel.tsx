// Spend limits as data: the tier's monthly cap and the organisation or workspace limits, with
// month-to-date spend against each and the day each is crossed at this week's rate. Admins
// enter them here; limits from BURNRATE_SPEND_LIMITS_FILE show as such and are changed there.
import { useState, type FormEvent } from 'react';
import { SPEND_LIMITS_URL } from '../../api/limitsRequests';
import { sendJson } from '../../api/client';
import type { SpendLimitInput, SpendLimitKind, SpendLimitsResponse } from '../../api/types';
import { Panel } from '../../components/Panel';
import { LoadState } from '../../components/States';
import { formatPercent, formatUsd } from '../../format';
import { useApi } from '../../hooks/useApi';

const KINDS: Record<SpendLimitKind, string> = { tier_cap: 'Usage tier cap', org_limit: 'Organisation limit', workspace_limit: 'Workspace limit' };

export function SpendLimitsPanel() {
  const [saved, setSaved] = useState(0);
  const [problem, setProblem] = useState('');
  const state = useApi<SpendLimitsResponse>(SPEND_LIMITS_URL, { reloadKey: saved });
  const [kind, setKind] = useState<SpendLimitKind>('tier_cap');
  const [workspace, setWorkspace] = useState('');
  const [amount, setAmount] = useState('');

  async function save(event: FormEvent) {
    event.preventDefault();
    const body: SpendLimitInput = { kind, amountUsd: Number(amount), ...(kind === 'workspace_limit' ? { workspace } : {}) };
    try {
      await sendJson('PUT', SPEND_LIMITS_URL, body);
      setProblem('');
      setSaved((n) => n + 1);
    } catch (error) {
      setProblem((error as Error).message);
    }
  }

  return (
    <Panel
      title="Spend limits"
      wide
      testId="spend-limits"
      note="Month-to-date spend against each limit (UTC month), and the day it is crossed at this week's rate."
    >
      <LoadState state={state} what="spend limits">
        {(d) => (
          <>
            {d.fileProblems.map((p) => (
              <p key={p} className="error" role="alert">
                {p}
              </p>
            ))}
            {d.limits.length === 0 ? (
              <p className="muted">No spend limit entered. Add the usage tier's monthly cap (Console → Limits) to see when it will be reached.</p>
            ) : (
              <table className="table" data-testid="spend-limit-table">
                <thead>
                  <tr>
                    <th>Limit</th>
                    <th>Amount</th>
                    <th>Spent this month</th>
                    <th>Used</th>
                    <th>Crossed / forecast</th>
                  </tr>
                </thead>
                <tbody>
                  {d.limits.map((s) => (
                    <tr key={s.limit.id} data-limit-id={s.limit.id}>
                      <th>
                        {KINDS[s.limit.kind]}
                        {s.limit.workspace ? ` ${s.limit.workspace}` : ''} {s.limit.source === 'file' ? '(config file)' : ''}
                      </th>
                      <td>{formatUsd(s.limit.amountUsd)}</td>
                      <td>
                        {formatUsd(s.spentUsd)}
                        {s.reportedUsd !== null ? ` (Anthropic: ${formatUsd(s.reportedUsd)})` : ''}
                        {s.unpricedCalls > 0 ? ` + ${s.unpricedCalls} unpriced calls` : ''}
                      </td>
                      <td>{formatPercent(s.usedRatio)}</td>
                      <td data-testid="spend-limit-forecast">
                        {s.crossedOn
                          ? `crossed on ${s.crossedOn}`
                          : s.forecastCrossingDay
                            ? `at this week's rate, reached on ${s.forecastCrossingDay}`
                            : 'not this month at this rate'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </LoadState>
      <form className="inline-form" onSubmit={save} data-testid="spend-limit-form">
        <select aria-label="kind" value={kind} onChange={(e) => setKind(e.target.value as SpendLimitKind)}>
          {Object.entries(KINDS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        {kind === 'workspace_limit' && (
          <input aria-label="workspace" placeholder="workspace" value={workspace} onChange={(e) => setWorkspace(e.target.value)} />
        )}
        <input
          aria-label="amount (USD)"
          type="number"
          min="1"
          step="0.01"
          placeholder="amount $"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          required
        />
        <button type="submit">Save limit</button>
        {problem && (
          <span className="error" role="alert">
            {problem}
          </span>
        )}
      </form>
    </Panel>
  );
}
