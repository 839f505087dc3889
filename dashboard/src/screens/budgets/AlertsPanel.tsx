// What is firing now (acknowledge it, silence it, open its cause), the history with its range
// and filters, and the silences that are running.
import { useState } from 'react';
import type { ActiveAlert, AlertEvent, AlertSilence } from '../../api/types';
import { ChangeError, Editable, useChange } from './changes';
import { when } from './format';
import { HISTORY_RANGES, type HistoryAsk } from './historyQuery';

const SILENCE_HOURS = [1, 4, 24] as const;

function AlertActions({ alert, onChanged }: { alert: ActiveAlert; onChanged: () => void }) {
  const { run, busy, error } = useChange(onChanged);
  const [reason, setReason] = useState('');
  const [hours, setHours] = useState<number>(1);
  return (
    <Editable label={`Acknowledge or silence ${alert.ruleName}`} className="alert-actions">
      {alert.acknowledged ? (
        <span className="muted" data-testid="alert-acked">
          Acknowledged by {alert.acknowledged.by} at {when(alert.acknowledged.at)}
          {alert.acknowledged.note ? ` — ${alert.acknowledged.note}` : ''}
        </span>
      ) : (
        <button type="button" disabled={busy} onClick={() => run('POST', '/api/v1/alerts/ack', { ruleId: alert.ruleId, subject: alert.subject })}>
          Acknowledge
        </button>
      )}
      <input aria-label="Silence reason" placeholder="why silence it" value={reason} onChange={(e) => setReason(e.target.value)} />
      <select aria-label="Silence for" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
        {SILENCE_HOURS.map((h) => (
          <option key={h} value={h}>
            {h} h
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={busy || reason.trim() === ''}
        onClick={() =>
          run('POST', '/api/v1/alerts/silences', {
            ruleId: alert.ruleId,
            subject: alert.subject,
            endsAt: new Date(Date.now() + hours * 3_600_000).toISOString(),
            reason,
          })
        }
      >
        Silence
      </button>
      <ChangeError error={error} />
    </Editable>
  );
}

export function ActiveAlerts({ alerts, onChanged }: { alerts: ActiveAlert[]; onChanged: () => void }) {
  if (alerts.length === 0) return <p className="muted">Nothing is firing.</p>;
  return (
    <ul className="alert-list" data-testid="active-alerts">
      {alerts.map((a) => (
        <li key={`${a.ruleId}:${a.subject}`} className={`severity-${a.severity}`} data-rule={a.ruleId}>
          <div>
            <span className={`badge severity-${a.severity}`}>{a.severity}</span> <strong>{a.ruleName}</strong>{' '}
            <span className="muted">since {when(a.startedAt)}</span>
            {a.view && (
              <>
                {' '}
                <a href={a.view} data-testid="alert-cause">
                  Open the cause
                </a>
              </>
            )}
          </div>
          <div>{a.summary}</div>
          <AlertActions alert={a} onChanged={onChanged} />
        </li>
      ))}
    </ul>
  );
}

export function HistoryFilters({ ask, onAsk }: { ask: HistoryAsk; onAsk: (ask: HistoryAsk) => void }) {
  return (
    <div className="history-filters">
      <select aria-label="History range" value={ask.range} onChange={(e) => onAsk({ ...ask, range: e.target.value as HistoryAsk['range'] })}>
        {HISTORY_RANGES.map((r) => (
          <option key={r.id} value={r.id}>
            {r.label}
          </option>
        ))}
      </select>
      <select aria-label="History status" value={ask.status} onChange={(e) => onAsk({ ...ask, status: e.target.value as HistoryAsk['status'] })}>
        <option value="">fired and resolved</option>
        <option value="firing">fired</option>
        <option value="resolved">resolved</option>
      </select>
      <select aria-label="History severity" value={ask.severity} onChange={(e) => onAsk({ ...ask, severity: e.target.value as HistoryAsk['severity'] })}>
        <option value="">any severity</option>
        <option value="critical">critical</option>
        <option value="warning">warning</option>
        <option value="info">info</option>
      </select>
    </div>
  );
}

export function AlertHistory({ events }: { events: AlertEvent[] }) {
  if (events.length === 0) return <p className="muted">No alert fired or resolved in this range.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="alert-history">
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
              <td className={e.status === 'firing' ? 'bad' : undefined}>
                {e.status}
                {e.labels.silenced_by ? <span className="badge">silenced</span> : null}
                {e.acknowledged ? (
                  <span className="badge" title={`by ${e.acknowledged.by}`}>
                    acked
                  </span>
                ) : null}
              </td>
              <td>{e.ruleName}</td>
              <td className="wrap">
                {e.summary} {e.view && <a href={e.view}>view</a>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Silences({ silences, onChanged }: { silences: AlertSilence[]; onChanged: () => void }) {
  const { run, busy, error } = useChange(onChanged);
  const running = silences.filter((s) => s.active);
  if (running.length === 0) return <p className="muted">No silence is running.</p>;
  return (
    <Editable label="Silences">
      <ul className="alert-list" data-testid="silences">
        {running.map((s) => (
          <li key={s.id}>
            <strong>{s.ruleId || 'every rule'}</strong>
            {s.subject ? ` · ${s.subject}` : ''} until {when(s.endsAt)} — {s.reason} <span className="muted">({s.createdBy})</span>{' '}
            <button type="button" disabled={busy} onClick={() => run('DELETE', `/api/v1/alerts/silences/${encodeURIComponent(s.id)}`)}>
              End now
            </button>
          </li>
        ))}
      </ul>
      <ChangeError error={error} />
    </Editable>
  );
}
