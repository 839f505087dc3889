// Where alerts go: a signed webhook, a Slack incoming webhook, or PagerDuty. Secrets are sent
// once and never shown again (the API does not return them).
import { useState, type FormEvent } from 'react';
import { ALERT_CHANNEL_KINDS } from '@burnrate/contract';
import type { AlertChannel, AlertChannelInput, AlertChannelKind } from '../../api/types';
import { ChangeError, Editable, useChange } from './changes';

const SECRET_LABEL: Record<AlertChannelKind, string | undefined> = { webhook: 'Signing secret (≥ 16 characters)', slack: undefined, pagerduty: 'Routing key' };

function ChannelForm({ onCreated }: { onCreated: () => void }) {
  const [kind, setKind] = useState<AlertChannelKind>('webhook');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const { run, busy, error } = useChange(onCreated);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input: AlertChannelInput = { name: name.trim(), kind, ...(url ? { url } : {}), ...(secret ? { secret } : {}) };
    if (await run('POST', '/api/v1/alerts/channels', input)) {
      setName('');
      setUrl('');
      setSecret('');
    }
  }

  const secretLabel = SECRET_LABEL[kind];
  return (
    <form onSubmit={submit} aria-label="New channel">
      <Editable label="New channel" className="form-row">
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as AlertChannelKind)}>
            {ALERT_CHANNEL_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          URL
          <input
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            required={kind !== 'pagerduty'}
            placeholder={kind === 'pagerduty' ? 'Events API v2 by default' : 'https://…'}
          />
        </label>
        {secretLabel && (
          <label>
            {secretLabel}
            <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} required autoComplete="off" />
          </label>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Add channel
        </button>
      </Editable>
      <ChangeError error={error} />
    </form>
  );
}

function ChannelRow({ channel: c, onChanged }: { channel: AlertChannel; onChanged: () => void }) {
  const { run, error } = useChange(onChanged);
  const path = `/api/v1/alerts/channels/${encodeURIComponent(c.id)}`;
  return (
    <li>
      <Editable label={c.name} className="channel">
        <label className="check">
          <input
            type="checkbox"
            checked={c.enabled}
            onChange={(e) => void run('PATCH', path, { enabled: e.target.checked })}
            aria-label={`${c.name} enabled`}
          />
          <strong>{c.name}</strong>
        </label>
        <span className="badge">{c.kind}</span>
        <span className="muted channel-url">{c.url}</span>
        {c.hasSecret && <span className="muted">secret set</span>}
        <button type="button" onClick={() => window.confirm(`Remove channel "${c.name}"?`) && void run('DELETE', path)} aria-label={`Remove channel ${c.name}`}>
          Remove
        </button>
      </Editable>
      <ChangeError error={error} />
    </li>
  );
}

export function ChannelsPanel({ channels, onChanged }: { channels: AlertChannel[]; onChanged: () => void }) {
  return (
    <>
      {channels.length === 0 ? (
        <p className="muted">No channels yet: alerts are recorded (see the last 24 hours) but not sent anywhere. Add a webhook, Slack or PagerDuty channel.</p>
      ) : (
        <ul className="channel-list">
          {channels.map((c) => (
            <ChannelRow key={c.id} channel={c} onChanged={onChanged} />
          ))}
        </ul>
      )}
      <ChannelForm onCreated={onChanged} />
    </>
  );
}
