// Scheduled digests: a daily or weekly summary sent to a webhook or Slack alert channel. The
// preview shows what one would say now; "Send now" sends it. Changes are an admin's.
import { useState, type FormEvent } from 'react';
import type { AlertChannelListResponse } from '../../api/types';
import { Panel } from '../../components/Panel';
import { LoadState } from '../../components/States';
import { useApi } from '../../hooks/useApi';
import { ChangeError, Editable, useChange } from '../budgets/changes';
import type { DigestContent, DigestListResponse, DigestSchedule } from '../../api/financeTypes';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function DigestForm({ channels, onChanged }: { channels: AlertChannelListResponse['channels']; onChanged: () => void }) {
  const usable = channels.filter((c) => c.kind === 'webhook' || c.kind === 'slack');
  const [name, setName] = useState('');
  const [schedule, setSchedule] = useState<DigestSchedule>('daily');
  const [hour, setHour] = useState('8');
  const [weekday, setWeekday] = useState('1');
  const [channelId, setChannelId] = useState('');
  const { run, busy, error } = useChange(onChanged);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await run('POST', '/api/v1/finance/digests', {
      name,
      schedule,
      hourUtc: Number(hour),
      weekday: Number(weekday),
      channelId: channelId || usable[0]?.id || '',
    });
    if (ok) setName('');
  };
  if (usable.length === 0) return <p className="muted">Add a webhook or Slack channel on the Budgets screen to send digests.</p>;
  return (
    <Editable label="Add a digest">
      <form className="toolbar" onSubmit={submit} data-testid="digest-form">
        <label>
          Name <input name="name" value={name} onChange={(e) => setName(e.target.value)} required placeholder="Finance daily" />
        </label>
        <label>
          Every{' '}
          <select name="schedule" value={schedule} onChange={(e) => setSchedule(e.target.value as DigestSchedule)}>
            <option value="daily">day</option>
            <option value="weekly">week</option>
          </select>
        </label>
        {schedule === 'weekly' && (
          <label>
            on{' '}
            <select name="weekday" value={weekday} onChange={(e) => setWeekday(e.target.value)}>
              {WEEKDAYS.map((d, i) => (
                <option key={d} value={i}>
                  {d}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          at (UTC) <input name="hour" type="number" min={0} max={23} value={hour} onChange={(e) => setHour(e.target.value)} size={3} />
          :00
        </label>
        <label>
          to{' '}
          <select name="channel" value={channelId || usable[0]!.id} onChange={(e) => setChannelId(e.target.value)}>
            {usable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.kind})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Add digest
        </button>
        <ChangeError error={error} />
      </form>
    </Editable>
  );
}

function DigestRow({ digest, channelName, onChanged }: { digest: DigestListResponse['digests'][number]; channelName: string; onChanged: () => void }) {
  const send = useChange(onChanged);
  const remove = useChange(onChanged);
  const [sent, setSent] = useState(false);
  return (
    <tr data-testid="digest-row" data-digest-id={digest.id}>
      <th scope="row">{digest.name}</th>
      <td>
        {digest.schedule === 'daily' ? 'every day' : `every ${WEEKDAYS[digest.weekday]}`} at {String(digest.hourUtc).padStart(2, '0')}:00 UTC
      </td>
      <td>{channelName}</td>
      <td className="muted">{digest.lastSentFor ? `last sent for ${digest.lastSentFor}` : 'not sent yet'}</td>
      <td>
        <Editable label={`Send or remove ${digest.name}`}>
          <button
            type="button"
            disabled={send.busy}
            onClick={async () => setSent(await send.run('POST', `/api/v1/finance/digests/${encodeURIComponent(digest.id)}/send`))}
          >
            Send now
          </button>{' '}
          <button type="button" disabled={remove.busy} onClick={() => void remove.run('DELETE', `/api/v1/finance/digests/${encodeURIComponent(digest.id)}`)}>
            Remove
          </button>
          {sent && !send.error && (
            <span className="muted" data-testid="digest-sent">
              {' '}
              sent
            </span>
          )}
          <ChangeError error={send.error} what="Not sent" />
          <ChangeError error={remove.error} what="Not removed" />
        </Editable>
      </td>
    </tr>
  );
}

export function DigestsPanel() {
  const [changes, setChanges] = useState(0);
  const [previewSchedule, setPreviewSchedule] = useState<DigestSchedule>('daily');
  const onChanged = () => setChanges((n) => n + 1);
  const digests = useApi<DigestListResponse | undefined>('/api/v1/finance/digests', { optional404: true, reloadKey: changes });
  const channels = useApi<AlertChannelListResponse | undefined>('/api/v1/alerts/channels', { optional404: true, reloadKey: changes });
  const preview = useApi<DigestContent | undefined>(`/api/v1/finance/digests/preview?schedule=${previewSchedule}`, { optional404: true });
  return (
    <Panel
      title="Scheduled digests"
      wide
      testId="digests"
      note="A daily or weekly summary of spend, top movers by team and model, budgets, the month-end forecast and anomalies, sent to a webhook or Slack channel."
    >
      <LoadState state={digests} what="digests">
        {(d) =>
          d === undefined ? (
            <p className="muted">This collector has no digests.</p>
          ) : (
            <>
              {d.digests.length === 0 ? (
                <p className="muted" data-testid="digests-empty">
                  No digest yet.
                </p>
              ) : (
                <div className="table-wrap">
                  <table data-testid="digests-table">
                    <tbody>
                      {d.digests.map((digest) => (
                        <DigestRow
                          key={digest.id}
                          digest={digest}
                          channelName={
                            channels.status === 'ready' ? (channels.data?.channels.find((c) => c.id === digest.channelId)?.name ?? 'a removed channel') : '…'
                          }
                          onChanged={onChanged}
                        />
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {channels.status === 'ready' && channels.data && <DigestForm channels={channels.data.channels} onChanged={onChanged} />}
            </>
          )
        }
      </LoadState>
      <h3>
        Preview{' '}
        <select
          value={previewSchedule}
          onChange={(e) => setPreviewSchedule(e.target.value as DigestSchedule)}
          data-testid="digest-preview-schedule"
          aria-label="Preview which digest"
        >
          <option value="daily">daily</option>
          <option value="weekly">weekly</option>
        </select>
      </h3>
      <LoadState state={preview} what="the preview" height={80}>
        {(p) =>
          p && (
            <pre className="snippet" data-testid="digest-preview">
              {p.text}
            </pre>
          )
        }
      </LoadState>
    </Panel>
  );
}
