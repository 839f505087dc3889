// Who is using the dashboard, and the calls that sign in, set up and sign out.
import { MIN_PASSWORD_LENGTH, type Role, type SessionResponse, type SetupStatusResponse } from '@burnrate/contract';
import { getJson, sendJson } from '../api/client';

export type { Role };
export type Session = SessionResponse;
export type SetupState = SetupStatusResponse;
export { MIN_PASSWORD_LENGTH };

export const OPEN_SESSION: Session = { username: null, role: 'admin', authEnabled: false, scope: null };

export const readSetup = () => getJson<SetupState>('/api/v1/setup');
export const readSession = () => getJson<Session>('/api/v1/session');

export async function signIn(username: string, password: string): Promise<Session> {
  const user = await sendJson<Omit<Session, 'authEnabled'>>('POST', '/api/v1/session', { username, password });
  return { ...user, scope: user.scope ?? null, authEnabled: true };
}

export async function setUp(token: string, username: string, password: string): Promise<Session> {
  const user = await sendJson<{ username: string; role: Role }>('POST', '/api/v1/setup', { token, username, password });
  return { ...user, scope: null, authEnabled: true };
}

export const signOut = () => sendJson('DELETE', '/api/v1/session');

/** What a scoped viewer or admin is limited to, in words ("team payments, search"); undefined for the whole organisation. */
export const scopeLabel = (session: Session) => (session.scope ? `${session.scope.dimension} ${session.scope.values.join(', ')}` : undefined);

/** Changes (budgets, rules, channels) are an admin's; a viewer reads. A scoped admin's changes are checked against the scope by the API. */
export const canChange = (session: Session) => session.role === 'admin';

/** People are managed by admins of the whole organisation only (a scoped admin's API refuses them). */
export const canManagePeople = (session: Session) => session.role === 'admin' && !session.scope;
