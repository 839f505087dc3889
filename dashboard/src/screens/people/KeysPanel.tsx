// Ingest and metrics keys as they age: expiry, last use, what each key's calls cost in the last
// 24 hours and how fast it calls, so a key that suddenly spends (a leak's first sign) stands out.
// Rotating shows the new key once and keeps the old one working for the overlap.
import { useCallback, useState } from 'react';
import type { KeyListResponse, KeySummary } from '../../api/types';
import { sendJson } from '../../api/client';
import { LoadState } from '../../components/States';
import { Panel } from '../../components/Panel';
import { formatUsd } from '../../format';
import { useApi } from '../../hooks/useApi';
import { ChangeError, useCanChange, useChange } from '../budgets/changes';

export const KEYS_URL = '/api/v1/keys';
const OVERLAP_HOURS = 24;
const when = (stored: string | null) => (stored ? `${stored.slice(0, 16)} UTC` : '—');

function KeyRow({ keyInfo, onChanged }: { keyInfo: KeySummary; onChanged: () => void }) {
  const { run, busy, error } = useChange(onChanged);
  const [shown, setShown] = useState<string | undefined>();
  const [rotateError, setRotateError] = useState<string | undefined>();
  const live = keyInfo.status === 'active';

  async function rotate() {
    if (!window.confirm(`Rotate ${keyInfo.name}? The old key keeps working for ${OVERLAP_HOURS} h.`)) return;
    setRotateError(undefined);
    try {
      const rotated = await sendJson<{ key: string }>('POST', `${KEYS_URL}/${keyInfo.id}/rotate`, { overlapHours: OVERLAP_HOURS });
      setShown(rotated.key);
      onChanged();
    } catch (e) {
      setRotateError((e as Error).message);
    }
  }

  return (
    <tr data-testid={`key-${keyInfo.id}`}>
      <td>
        <strong>{keyInfo.name}</strong> <span className="muted">{keyInfo.id}</span>
        {keyInfo.project && <span className="badge">project {keyInfo.project}</span>}
        {shown && (
          <p role="status">
            New key (shown once): <code data-testid="rotated-key">{shown}</code>
          </p>
        )}
        <ChangeError error={error ?? rotateError} />
      </td>
      <td>{keyInfo.scope}</td>
      <td>
        <span className={`badge${live ? '' : ' bad'}`}>{keyInfo.status}</span>
      </td>
      <td>{when(keyInfo.expiresAt)}</td>
      <td data-testid="key-last-used">{when(keyInfo.lastUsedAt)}</td>
      <td className="num" data-testid="key-spend">
        {formatUsd(keyInfo.spend.dayUsd)}
      </td>
      <td className="num">{keyInfo.spend.callsPerHour.toFixed(1)}</td>
      <td className="num">{formatUsd(keyInfo.spend.weekDailyMeanUsd)}</td>
      <td>
        {live && (
          <>
            <button type="button" disabled={busy} onClick={() => void rotate()}>
              Rotate
            </button>{' '}
            <button
              type="button"
              disabled={busy}
              onClick={() => window.confirm(`Revoke ${keyInfo.name}? Apps using it are refused at once.`) && void run('DELETE', `${KEYS_URL}/${keyInfo.id}`)}
            >
              Revoke
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

export function KeysPanel() {
  const isAdmin = useCanChange();
  const [changes, setChanges] = useState(0);
  const reload = useCallback(() => setChanges((n) => n + 1), []);
  const keys = useApi<KeyListResponse>(isAdmin ? KEYS_URL : null, { reloadKey: changes });
  if (!isAdmin) return null;
  return (
    <Panel
      title="Keys"
      wide
      testId="keys-panel"
      note="Spend and calls per hour over the last 24 hours; a key far above its usual day is worth a look (alert rule: key spend spike). Create keys with `burnrate keys create`."
    >
      <LoadState state={keys} what="the keys" height={80}>
        {(d) =>
          d.keys.length === 0 ? (
            <p className="muted">No keys yet: apps send with an ingest key (burnrate keys create).</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>key</th>
                  <th>scope</th>
                  <th>status</th>
                  <th>expires</th>
                  <th>last used</th>
                  <th className="num">spend 24 h</th>
                  <th className="num">calls/h</th>
                  <th className="num">usual day</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {d.keys.map((k) => (
                  <KeyRow key={k.id} keyInfo={k} onChanged={reload} />
                ))}
              </tbody>
            </table>
          )
        }
      </LoadState>
    </Panel>
  );
}
