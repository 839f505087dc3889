// What is firing now, and what changed in the last day (fired, resolved).
import type { ActiveAlertsResponse, AlertHistoryResponse } from '../../../../collector/src/api/contract';
import type { Resource } from './api';
import { when } from './format';

const SEVERITY_COLOUR = { critical: '#c0392b', warning: '#e67e22', info: '#2980b9' } as const;

export function ActiveAlerts({ active }: { active: Resource<ActiveAlertsResponse> }) {
  if (active.status === 'loading') return <p>Loading alerts…</p>;
  if (active.status === 'error') return <p role="alert">Could not load the firing alerts: {active.message}</p>;
  if (active.data.alerts.length === 0) return <p>Nothing is firing.</p>;
  return (
    <ul className="budgets-alerts">
      {active.data.alerts.map((a) => (
        <li key={`${a.ruleId}:${a.subject}`} style={{ borderLeft: `4px solid ${SEVERITY_COLOUR[a.severity]}`, paddingLeft: 8 }}>
          <strong>{a.ruleName}</strong> since {when(a.startedAt)}
          <div>{a.summary}</div>
        </li>
      ))}
    </ul>
  );
}

export function AlertHistory({ history }: { history: Resource<AlertHistoryResponse> }) {
  if (history.status === 'loading') return <p>Loading history…</p>;
  if (history.status === 'error') return <p role="alert">Could not load the alert history: {history.message}</p>;
  if (history.data.events.length === 0) return <p>No alert fired or resolved in the last 24 hours.</p>;
  return (
    <table className="budgets-table">
      <thead>
        <tr>
          <th>When</th>
          <th>Status</th>
          <th>Rule</th>
          <th>What</th>
        </tr>
      </thead>
      <tbody>
        {history.data.events.map((e) => (
          <tr key={e.id}>
            <td>{when(e.at)}</td>
            <td>{e.status}</td>
            <td>{e.ruleName}</td>
            <td>{e.summary}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
