// Alert rules: switch each on or off, set its severity and channels, and edit the numbers of
// its condition. A change is saved at once (PATCH); a refusal shows the API's reason.
import { ALERT_SEVERITIES } from '@burnrate/contract';
import type { AlertChannel, AlertRule, AlertSeverity } from '../../api/types';
import { ChangeError, Editable, useChange } from './changes';
import { conditionFields } from './conditionFields';
import { conditionLabel } from './format';

function RuleRow({ rule, channels, onChanged }: { rule: AlertRule; channels: AlertChannel[]; onChanged: () => void }) {
  const { run, error } = useChange(onChanged);
  const condition = rule.condition as unknown as Record<string, unknown>;
  const save = (patch: Record<string, unknown>) => void run('PATCH', `/api/v1/alerts/rules/${encodeURIComponent(rule.id)}`, patch);
  const toggleChannel = (id: string, on: boolean) => save({ channelIds: on ? [...rule.channelIds, id] : rule.channelIds.filter((c) => c !== id) });
  const fields = conditionFields(rule.condition.kind);

  return (
    <tr data-testid="rule-row">
      <td>
        <input type="checkbox" aria-label={`${rule.name} enabled`} checked={rule.enabled} onChange={(e) => save({ enabled: e.target.checked })} />
      </td>
      <td className="wrap">
        <strong>{rule.name}</strong>
        <div className="muted">when {conditionLabel(rule.condition)}</div>
        {fields.length > 0 && (
          <div className="condition-fields">
            {fields.map((field) => (
              <label key={`${field.key}:${String(condition[field.key])}`}>
                {field.label}
                <input
                  type={field.type}
                  defaultValue={String(condition[field.key] ?? '')}

                  onBlur={(e) => {
                    const next = field.type === 'number' ? Number(e.target.value) : e.target.value;
                    if (next !== condition[field.key]) save({ condition: { ...condition, [field.key]: next } });
                  }}
                />
              </label>
            ))}
          </div>
        )}
        <ChangeError error={error} />
      </td>
      <td>
        <select aria-label={`${rule.name} severity`} value={rule.severity} onChange={(e) => save({ severity: e.target.value as AlertSeverity })}>
          {ALERT_SEVERITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </td>
      <td>
        {channels.length === 0 && <span className="muted">no channels yet</span>}
        {channels.length > 0 && (
          <label className="check">
            <input
              type="checkbox"
              checked={rule.channelIds.length === 0}
              onChange={(e) => save({ channelIds: e.target.checked ? [] : channels.map((c) => c.id) })}
            />{' '}
            every channel
          </label>
        )}
        {channels.map((c) => (
          <label key={c.id} className="check">
            <input
              type="checkbox"
              checked={rule.channelIds.length === 0 || rule.channelIds.includes(c.id)}
              disabled={rule.channelIds.length === 0}
              onChange={(e) => toggleChannel(c.id, e.target.checked)}
            />{' '}
            {c.name}
          </label>
        ))}
      </td>
    </tr>
  );
}

export function RulesPanel({ rules, channels, onChanged }: { rules: AlertRule[]; channels: AlertChannel[]; onChanged: () => void }) {
  if (rules.length === 0) return <p className="muted">No alert rules. The collector adds its default rules at start.</p>;
  return (
    <>
      <Editable label="Alert rules" className="table-wrap">
        <table data-testid="rules-table">
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
      </Editable>
    </>
  );
}
