// Who may sign in: admins add viewers and admins, set a new password, and disable an account
// (its sessions end at once; a new password enables it again). The same operations as
// `burnrate users`, through the same API. Shown to admins only: the list itself is an admin's.
import { useCallback, useState, type FormEvent } from 'react';
import type { Role, UserListResponse, UserSummary } from '../../api/types';
import { canManagePeople, MIN_PASSWORD_LENGTH } from '../../auth/session';
import { useSession } from '../../auth/SessionContext';
import { LoadState } from '../../components/States';
import { Panel } from '../../components/Panel';
import { useApi } from '../../hooks/useApi';
import { ChangeError, useChange } from '../budgets/changes';

export const USERS_URL = '/api/v1/users';
const ROLES: Role[] = ['viewer', 'admin'];
const userPath = (username: string) => `${USERS_URL}/${encodeURIComponent(username)}`;

function NewUserForm({ onCreated }: { onCreated: () => void }) {
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const { run, busy, error } = useChange(onCreated);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await run('POST', USERS_URL, { username: username.trim(), role, password })) {
      setUsername('');
      setPassword('');
    }
  }

  return (
    <form onSubmit={submit} aria-label="New user">
      <div className="form-row">
        <label>
          Username
          <input value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="off" />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Password (≥ {MIN_PASSWORD_LENGTH} characters)
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={MIN_PASSWORD_LENGTH}
            autoComplete="new-password"
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Add user
        </button>
      </div>
      <ChangeError error={error} />
    </form>
  );
}

function UserRow({ user, isMe, onChanged }: { user: UserSummary; isMe: boolean; onChanged: () => void }) {
  const [password, setPassword] = useState('');
  const { run, busy, error } = useChange(onChanged);

  async function setNewPassword(event: FormEvent) {
    event.preventDefault();
    if (await run('PUT', userPath(user.username), { password })) setPassword('');
  }

  return (
    <li data-testid={`user-${user.username}`}>
      <form className="form-row" onSubmit={setNewPassword} aria-label={`${user.username}`}>
        <strong>{user.username}</strong>
        <span className="badge">{user.role}</span>
        {user.disabled && <span className="badge bad">disabled</span>}
        {user.scope && (
          <span className="badge" data-testid="user-scope">
            only {user.scope.dimension} {user.scope.values.join(', ')}
          </span>
        )}
        {isMe && <span className="muted">you</span>}
        <label>
          {user.disabled ? 'New password (enables)' : 'New password'}
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={MIN_PASSWORD_LENGTH}
            autoComplete="new-password"
          />
        </label>
        <button type="submit" disabled={busy}>
          Set password
        </button>
        {!user.disabled && !isMe && (
          <button
            type="button"
            disabled={busy}
            onClick={() => window.confirm(`Disable ${user.username}? Their sessions end now.`) && void run('POST', `${userPath(user.username)}/disable`)}
          >
            Disable
          </button>
        )}
      </form>
      <ChangeError error={error} />
    </li>
  );
}

export function UsersPanel() {
  const { session } = useSession();
  const isAdmin = canManagePeople(session);
  const [changes, setChanges] = useState(0);
  const reload = useCallback(() => setChanges((n) => n + 1), []);
  const users = useApi<UserListResponse>(isAdmin ? USERS_URL : null, { reloadKey: changes });
  if (!isAdmin) return null;
  return (
    <Panel title="Users" wide testId="users-panel" note="Who may sign in. Viewers read every screen; admins also change budgets, alerts, keys and users.">
      <LoadState state={users} what="the users" height={80}>
        {(d) => (
          <>
            {d.users.length === 0 ? (
              <p className="muted">No users yet. With auth on, the first admin is created at setup; add viewers and admins here.</p>
            ) : (
              <ul className="channel-list">
                {d.users.map((u) => (
                  <UserRow key={u.username} user={u} isMe={u.username === session.username} onChanged={reload} />
                ))}
              </ul>
            )}
          </>
        )}
      </LoadState>
      <h3 className="subhead">Add a user</h3>
      <NewUserForm onCreated={reload} />
    </Panel>
  );
}
