// Top bar: the screens, the time range, the refresh control, and who is signed in. Number keys
// 1–6 switch screens.
import { useState, type FormEvent } from 'react';
import { useSession } from './auth/SessionContext';
import { scopeLabel } from './auth/session';
import { useClock } from './state/refresh';
import { PRESET_LABELS } from './state/timeRange';
import { RANGE_PRESETS, REFRESH_CHOICES, SCREENS, usesRangeAndFilters, type RefreshChoice, type Screen, type UrlState } from './state/urlState';

export const SCREEN_LABELS: Record<Screen, string> = {
  overview: 'Overview',
  spend: 'Spend',
  reliability: 'Reliability',
  routing: 'Routing',
  calls: 'Calls',
  budgets: 'Budgets',
  chargeback: 'Chargeback',
  savings: 'Savings',
};

const pad = (n: number) => String(n).padStart(2, '0');
/** datetime-local text for an instant, in UTC (the whole dashboard reads UTC). */
const toInput = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;

function RangePicker({ state, update }: { state: UrlState; update: (c: Partial<UrlState>) => void }) {
  const { now } = useClock();
  const [editing, setEditing] = useState(false);
  const custom = state.range.kind === 'custom';
  const [from, setFrom] = useState(() => toInput(custom ? (state.range as { from: Date }).from : new Date(now.getTime() - 86_400_000)));
  const [to, setTo] = useState(() => toInput(custom ? (state.range as { to: Date }).to : now));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const f = new Date(`${from}:00Z`);
    const t = new Date(`${to}:00Z`);
    if (Number.isNaN(f.getTime()) || Number.isNaN(t.getTime()) || f >= t) return;
    update({ range: { kind: 'custom', from: f, to: t } });
    setEditing(false);
  };
  return (
    <div className="range" role="group" aria-label="Time range">
      {RANGE_PRESETS.map((preset) => (
        <button
          key={preset}
          type="button"
          aria-pressed={state.range.kind === 'preset' && state.range.preset === preset}
          title={PRESET_LABELS[preset]}
          onClick={() => {
            setEditing(false);
            update({ range: { kind: 'preset', preset } });
          }}
        >
          {preset}
        </button>
      ))}
      <button type="button" aria-pressed={custom} aria-expanded={editing} onClick={() => setEditing((e) => !e)}>
        Custom
      </button>
      {editing && (
        <form className="custom-range" onSubmit={apply}>
          <label>
            From (UTC) <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label>
            To (UTC) <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
          </label>
          <button type="submit">Apply</button>
        </form>
      )}
    </div>
  );
}

function RefreshControl({ state, update }: { state: UrlState; update: (c: Partial<UrlState>) => void }) {
  const { now, refresh } = useClock();
  return (
    <div className="refresh">
      <label>
        Auto-refresh{' '}
        <select value={state.refresh} onChange={(e) => update({ refresh: e.target.value as RefreshChoice })}>
          {REFRESH_CHOICES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={refresh} title="Refresh now (r)">
        Refresh
      </button>
      <span className="muted" data-testid="updated-at">
        {pad(now.getUTCHours())}:{pad(now.getUTCMinutes())}:{pad(now.getUTCSeconds())} UTC
      </span>
    </div>
  );
}

/** With auth off there is nobody to show. */
function SignedInUser() {
  const { session, signOut } = useSession();
  if (!session.authEnabled) return null;
  const scope = scopeLabel(session);
  return (
    <div className="user" data-testid="signed-in">
      <span>
        <span className="sr-only">Signed in as </span>
        <strong data-testid="user-name">{session.username}</strong>{' '}
        <span className="badge" data-testid="user-role">
          {session.role}
        </span>
        {scope && (
          <span className="badge" data-testid="user-scope" title="Every number on these screens counts only these calls">
            only {scope}
          </span>
        )}
      </span>
      <button type="button" onClick={signOut}>
        Sign out
      </button>
    </div>
  );
}

export function Header({ state, update }: { state: UrlState; update: (c: Partial<UrlState>) => void }) {
  return (
    <header className="top">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        burnrate
      </div>
      <nav aria-label="Screens">
        {SCREENS.map((screen, i) => (
          <a
            key={screen}
            href={`#/${screen}`}
            aria-current={state.screen === screen ? 'page' : undefined}
            onClick={(e) => (e.preventDefault(), update({ screen, call: '' }))}
            title={`${SCREEN_LABELS[screen]} (${i + 1})`}
          >
            {SCREEN_LABELS[screen]}
          </a>
        ))}
      </nav>
      <span className="spacer" />
      {usesRangeAndFilters(state.screen) && <RangePicker state={state} update={update} />}
      <RefreshControl state={state} update={update} />
      <SignedInUser />
    </header>
  );
}
