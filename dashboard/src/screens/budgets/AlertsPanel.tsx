// What is firing now, and what changed in the last day (fired, resolved).
import type { ActiveAlert, AlertEvent } from '../../api/types';
import { when } from './format';

export function ActiveAlerts({ alerts }: { alerts: ActiveAlert[] }) {
  if (alerts.length === 0) return <p className="muted">Nothing is firing.</p>;
  return (
    <ul className="alert-list" data-testid="active-alerts">
      {alerts.map((a) => (
        <li key={`${a.ruleId}:${a.subject}`} className={`severity-${a.severity}`}>
          <div>
            <span className={`badge severity-${a.severity}`}>{a.severity}</span> <strong>{a.ruleName}</strong> <span className="muted">since {when(a.startedAt)}</span>
          </div>
          <div>{a.summary}</div>
        </li>
      ))}
    </ul>
  );
}

export function AlertHistory({ events }: { events: AlertEvent[] }) {
  if (events.length === 0) return <p className="muted">No alert fired or resolved in the last 24 hours.</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Status</th>
            <th>Rule</th>
            <th>What</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{when(e.at)}</td>
              <td className={e.status === 'firing' ? 'bad' : undefined}>{e.status}</td>
              <td>{e.ruleName}</td>
              <td className="wrap">{e.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
