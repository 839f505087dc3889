// Where alerts go: a signed webhook, a Slack incoming webhook, or PagerDuty. Secrets are sent
// once and never shown again (the API does not return them).
import { useState, type FormEvent } from 'react';
import { ALERT_CHANNEL_KINDS, type AlertChannel, type AlertChannelInput, type AlertChannelKind } from '../../../../collector/src/api/contract';
import { request } from './api';

const SECRET_LABEL: Record<AlertChannelKind, string | undefined> = { webhook: 'Signing secret (≥ 16 characters)', slack: undefined, pagerduty: 'Routing key' };

function ChannelForm({ onCreated }: { onCreated: () => void }) {
  const [kind, setKind] = useState<AlertChannelKind>('webhook');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const input: AlertChannelInput = { name, kind, ...(url ? { url } : {}), ...(secret ? { secret } : {}) };
    try {
      await request('POST', '/api/v1/alerts/channels', input);
      setName('');
      setUrl('');
      setSecret('');
      onCreated();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const secretLabel = SECRET_LABEL[kind];
  return (
    <form className="budgets-form" onSubmit={submit} aria-label="New channel">
      <label>
        Kind{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as AlertChannelKind)}>
          {ALERT_CHANNEL_KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </label>
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        URL <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required={kind !== 'pagerduty'} placeholder={kind === 'pagerduty' ? 'Events API v2 by default' : 'https://…'} />
      </label>
      {secretLabel && (
        <label>
          {secretLabel} <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} required autoComplete="off" />
        </label>
      )}
      <button type="submit">Add channel</button>
      {error && <p role="alert">Not saved: {error}</p>}
    </form>
  );
}

export function ChannelsPanel({ channels, onChanged }: { channels: AlertChannel[]; onChanged: () => void }) {
  const [error, setError] = useState<string | undefined>();
  async function act(method: 'PATCH' | 'DELETE', channel: AlertChannel, body?: unknown) {
    setError(undefined);
    try {
      await request(method, `/api/v1/alerts/channels/${encodeURIComponent(channel.id)}`, body);
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <div>
      {channels.length === 0 ? (
        <p>No channels yet: alerts are recorded (see below) but not sent anywhere. Add a webhook, Slack or PagerDuty channel.</p>
      ) : (
        <ul>
          {channels.map((c) => (
            <li key={c.id}>
              <label>
                <input type="checkbox" checked={c.enabled} onChange={(e) => act('PATCH', c, { enabled: e.target.checked })} aria-label={`${c.name} enabled`} />
              </label>{' '}
              <strong>{c.name}</strong> ({c.kind}) {c.url}
              {c.hasSecret && ' · secret set'}{' '}
              <button type="button" onClick={() => window.confirm(`Remove channel "${c.name}"?`) && act('DELETE', c)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p role="alert">{error}</p>}
      <ChannelForm onCreated={onChanged} />
    </div>
  );
}
