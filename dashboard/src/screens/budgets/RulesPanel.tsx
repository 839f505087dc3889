// Alert rules: switch each on or off, set its severity and channels, and edit the numbers of
// its condition. A change is saved at once (PATCH); a refusal shows the API's reason.
import { useState } from 'react';
import { ALERT_SEVERITIES, type AlertChannel, type AlertRule, type AlertSeverity } from '../../../../collector/src/api/contract';
import { request } from './api';
import { conditionFields } from './conditionFields';
import { conditionLabel } from './format';

function RuleRow({ rule, channels, onChanged }: { rule: AlertRule; channels: AlertChannel[]; onChanged: () => void }) {
  const [error, setError] = useState<string | undefined>();
  const condition = rule.condition as unknown as Record<string, unknown>;

  async function save(patch: Record<string, unknown>) {
    setError(undefined);
    try {
      await request('PATCH', `/api/v1/alerts/rules/${encodeURIComponent(rule.id)}`, patch);
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const toggleChannel = (id: string, on: boolean) => save({ channelIds: on ? [...rule.channelIds, id] : rule.channelIds.filter((c) => c !== id) });

  return (
    <tr>
      <td>
        <input type="checkbox" aria-label={`${rule.name} enabled`} checked={rule.enabled} onChange={(e) => save({ enabled: e.target.checked })} />
      </td>
      <td>
        <strong>{rule.name}</strong>
        <div>when {conditionLabel(rule.condition)}</div>
        {conditionFields(rule.condition.kind).map((field) => (
          <label key={`${field.key}:${String(condition[field.key])}`} style={{ marginRight: 8 }}>
            {field.label}{' '}
            <input
              type={field.type}
              defaultValue={String(condition[field.key] ?? '')}
              size={field.type === 'number' ? 6 : 16}
              onBlur={(e) => {
                const next = field.type === 'number' ? Number(e.target.value) : e.target.value;
                if (next !== condition[field.key]) void save({ condition: { ...condition, [field.key]: next } });
              }}
            />
          </label>
        ))}
        {error && <p role="alert">Not saved: {error}</p>}
      </td>
      <td>
        <select aria-label={`${rule.name} severity`} value={rule.severity} onChange={(e) => save({ severity: e.target.value as AlertSeverity })}>
          {ALERT_SEVERITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </td>
      <td>
        {channels.length === 0 && '—'}
        {channels.map((c) => (
          <label key={c.id} style={{ display: 'block' }}>
            <input type="checkbox" checked={rule.channelIds.length === 0 || rule.channelIds.includes(c.id)} disabled={rule.channelIds.length === 0} onChange={(e) => toggleChannel(c.id, e.target.checked)} /> {c.name}
          </label>
        ))}
        {channels.length > 0 && (
          <label style={{ display: 'block' }}>
            <input type="checkbox" checked={rule.channelIds.length === 0} onChange={(e) => save({ channelIds: e.target.checked ? [] : channels.map((c) => c.id) })} /> every channel
          </label>
        )}
      </td>
    </tr>
  );
}

export function RulesPanel({ rules, channels, onChanged }: { rules: AlertRule[]; channels: AlertChannel[]; onChanged: () => void }) {
  return (
    <table className="budgets-table">
      <thead>
        <tr>
          <th>On</th>
          <th>Rule</th>
          <th>Severity</th>
          <th>Notify</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((rule) => (
          <RuleRow key={`${rule.id}:${rule.updatedAt}`} rule={rule} channels={channels} onChanged={onChanged} />
        ))}
      </tbody>
    </table>
  );
}
