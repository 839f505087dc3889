// Keys, people and sessions: persisted in ClickHouse, served from memory. Every request's check
// is a map lookup; a change made through this collector applies at once, and a reload picks up
// changes made by another collector sharing the store.
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '@burnrate/contract';
import type { Gateway } from '../store/gateway';
import { nextVersion } from '../store/versionedTable';
import { KEYS_TABLE, SESSIONS_TABLE, USERS_TABLE } from './authTables';
import { hashPassword, newIngestKey, parseIngestKey, randomToken, sameHash, sha256, verifyPassword } from './secrets';

export const ROLES = ['admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const KEY_SCOPES = ['ingest', 'metrics'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export interface KeyRecord {
  id: string;
  name: string;
  project: string;
  scope: KeyScope;
  secretHash: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface UserRecord {
  username: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
  /** Random, new at creation and at every password change; sessions carry the one they began with. */
  credential: string;
}

interface SessionRecord {
  username: string;
  credential: string;
  expiresAt: number;
}

export const SESSION_TTL_MS = 12 * 3600_000;

const keyRow = z.object({ id: z.string(), name: z.string(), project: z.string(), scope: z.enum(KEY_SCOPES), secret_hash: z.string(), created_at: z.string(), revoked_at: z.string().nullable() });
const userRow = z.object({ username: z.string(), role: z.enum(ROLES), password_hash: z.string(), created_at: z.string(), deleted: z.boolean(), credential: z.string() });
const sessionRow = z.object({ username: z.string(), credential: z.string(), expires_at: z.string(), revoked: z.boolean() });

export class AuthError extends Error {}

/** The password hash of a disabled account: no password verifies against it. */
const DISABLED_PASSWORD_HASH = '';


const nowText = () => new Date().toISOString().replace('T', ' ').replace('Z', '');

export class AuthStore {
  private keys = new Map<string, KeyRecord>();
  private users = new Map<string, UserRecord>();
  private sessions = new Map<string, SessionRecord>();

  /** Counts this collector's own writes at their start and end, so a reload that overlapped one does not undo it. */
  private writes = 0;

  constructor(private readonly gateway: Gateway) {}

  /**
   * Re-reads keys and people from the store. A key or user written here while the read was in
   * flight may be missing from its answer; the read is then repeated, or that write would vanish
   * from memory until the next reload.
   */
  async reload(): Promise<void> {
    for (let tries = 0; tries < 5; tries++) {
      const before = this.writes;
      const read = await this.readAll();
      if (this.writes !== before) continue;
      this.keys = read.keys;
      this.users = read.users;
      return;
    }
  }

  private async readAll(): Promise<{ keys: Map<string, KeyRecord>; users: Map<string, UserRecord> }> {
    const g = this.gateway;
    const keys = await g.query('auth-keys', `SELECT id, name, project, scope, secret_hash, toString(created_at) AS created_at, toString(revoked_at) AS revoked_at FROM ${g.table(KEYS_TABLE)} FINAL`);
    const users = await g.query('auth-users', `SELECT username, role, password_hash, toString(created_at) AS created_at, deleted, credential FROM ${g.table(USERS_TABLE)} FINAL`);
    const keyRecords = keys.map((raw): [string, KeyRecord] => {
      const r = keyRow.parse(raw);
      return [r.id, { id: r.id, name: r.name, project: r.project, scope: r.scope, secretHash: r.secret_hash, createdAt: r.created_at, revokedAt: r.revoked_at }];
    });
    const userRecords = users
      .map((raw) => userRow.parse(raw))
      .filter((r) => !r.deleted)
      .map((r): [string, UserRecord] => [r.username, { username: r.username, role: r.role, passwordHash: r.password_hash, createdAt: r.created_at, credential: r.credential }]);
    return { keys: new Map(keyRecords), users: new Map(userRecords) };
  }

  // --- ingest keys
  listKeys(): Omit<KeyRecord, 'secretHash'>[] {
    return [...this.keys.values()].map(({ secretHash, ...rest }) => rest).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async createKey(input: { name: string; project: string; scope: KeyScope }): Promise<{ key: string; record: Omit<KeyRecord, 'secretHash'> }> {
    const { id, key, secretHash } = newIngestKey();
    const record: KeyRecord = { id, ...input, secretHash, createdAt: nowText(), revokedAt: null };
    await this.writeKey(record);
    const { secretHash: _hidden, ...visible } = record;
    return { key, record: visible };
  }

  async revokeKey(id: string): Promise<boolean> {
    const record = this.keys.get(id);
    if (!record) return false;
    if (record.revokedAt) return true;
    await this.writeKey({ ...record, revokedAt: nowText() });
    return true;
  }

  private async writeKey(record: KeyRecord): Promise<void> {
    this.writes += 1;
    await this.gateway.insert('auth-key-write', this.gateway.table(KEYS_TABLE), [
      { id: record.id, name: record.name, project: record.project, scope: record.scope, secret_hash: record.secretHash, created_at: record.createdAt, revoked_at: record.revokedAt, version: nextVersion() },
    ]);
    this.keys.set(record.id, record);
    this.writes += 1;
  }

  /** The live key this secret belongs to, or undefined (unknown, wrong or revoked). */
  findKey(presented: string): KeyRecord | undefined {
    const parsed = parseIngestKey(presented);
    if (!parsed) return undefined;
    const record = this.keys.get(parsed.id);
    if (!record || record.revokedAt || !sameHash(record.secretHash, sha256(parsed.secret))) return undefined;
    return record;
  }

  // --- people
  hasAdmin(): boolean {
    return [...this.users.values()].some((u) => u.role === 'admin');
  }

  listUsers(): { username: string; role: Role; createdAt: string; disabled: boolean }[] {
    return [...this.users.values()]
      .map(({ username, role, createdAt, passwordHash }) => ({ username, role, createdAt, disabled: passwordHash === DISABLED_PASSWORD_HASH }))
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  getUser(username: string): UserRecord | undefined {
    return this.users.get(username);
  }

  /** Creates a user, or changes one's role and password. A new password ends every session. */
  async saveUser(username: string, role: Role, password: string): Promise<void> {
    if (!/^[a-z0-9._@-]{1,64}$/i.test(username)) throw new AuthError('username must be 1–64 letters, digits or . _ @ -');
    if (password.length < MIN_PASSWORD_LENGTH) throw new AuthError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const existing = this.users.get(username);
    const record: UserRecord = { username, role, passwordHash: await hashPassword(password), createdAt: existing?.createdAt ?? nowText(), credential: randomToken() };
    await this.writeUser(record, false);
    this.forgetSessionsOf(username);
  }

  /**
   * The account of a person the company's IdP signed in: created on first sign-in, its role
   * following the IdP's groups at every sign-in. It has no password, so only the IdP opens it. A
   * local account of the same name is not taken over.
   */
  async saveIdpUser(username: string, role: Role): Promise<UserRecord> {
    if (!/^[a-z0-9._@-]{1,64}$/i.test(username)) throw new AuthError('the IdP gave a name burnrate cannot use (1–64 letters, digits or . _ @ -)');
    const existing = this.users.get(username);
    if (existing?.passwordHash) throw new AuthError(`a local account named ${username} exists; an admin must remove it before ${username} can sign in through single sign-on`);
    if (existing?.role === role) return existing;
    const record: UserRecord = existing ? { ...existing, role } : { username, role, passwordHash: '', createdAt: nowText(), credential: randomToken() };
    await this.writeUser(record, false);
    return record;
  }

  /** Changes a user's role only; sessions stay, and see the new role at their next request. */
  async setRole(username: string, role: Role): Promise<void> {
    const existing = this.users.get(username);
    if (!existing) throw new AuthError(`no user ${username}`);
    await this.writeUser({ ...existing, role }, false);
  }

  /** Ends every session of a user without changing the password (an admin's "sign out everywhere"). */
  async revokeSessions(username: string): Promise<boolean> {
    const existing = this.users.get(username);
    if (!existing) return false;
    await this.writeUser({ ...existing, credential: randomToken() }, false);
    this.forgetSessionsOf(username);
    return true;
  }

  /**
   * Ends a person's access and keeps the account: an empty password hash matches no password,
   * and a new credential ends their sessions (here at once, elsewhere at the next reload).
   * Setting a new password enables the account again.
   */
  async disableUser(username: string): Promise<boolean> {
    const existing = this.users.get(username);
    if (!existing) return false;
    const enabledAdmins = [...this.users.values()].filter((u) => u.role === 'admin' && u.passwordHash !== DISABLED_PASSWORD_HASH);
    if (existing.role === 'admin' && enabledAdmins.length === 1 && enabledAdmins[0]!.username === username) {
      throw new AuthError(`${username} is the only admin left; make another admin first`);
    }
    await this.writeUser({ ...existing, passwordHash: DISABLED_PASSWORD_HASH, credential: randomToken() }, false);
    this.forgetSessionsOf(username);
    return true;
  }

  async deleteUser(username: string): Promise<boolean> {
    const existing = this.users.get(username);
    if (!existing) return false;
    await this.writeUser({ ...existing, passwordHash: '', credential: '' }, true);
    this.users.delete(username);
    this.forgetSessionsOf(username);
    return true;
  }

  private async writeUser(record: UserRecord, deleted: boolean): Promise<void> {
    this.writes += 1;
    await this.gateway.insert('auth-user-write', this.gateway.table(USERS_TABLE), [
      { username: record.username, role: record.role, password_hash: record.passwordHash, created_at: record.createdAt, deleted, credential: record.credential, version: nextVersion() },
    ]);
    if (!deleted) this.users.set(record.username, record);
    this.writes += 1;
  }

  /** Drops cached sessions; they would fail the credential check anyway, this frees the memory. */
  private forgetSessionsOf(username: string): void {
    for (const [hash, session] of this.sessions) if (session.username === username) this.sessions.delete(hash);
  }

  async checkPassword(username: string, password: string): Promise<UserRecord | undefined> {
    const user = this.users.get(username);
    // Hash even for an unknown user, so the answer time does not tell which usernames exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    return ok && user ? user : undefined;
  }

  // --- sessions
  async createSession(username: string): Promise<string> {
    const user = this.users.get(username);
    if (!user) throw new AuthError(`no user ${username}`);
    const token = randomToken();
    const session: SessionRecord = { username, credential: user.credential, expiresAt: Date.now() + SESSION_TTL_MS };
    await this.writeSession(sha256(token), session, false);
    return token;
  }

  async endSession(token: string): Promise<void> {
    const hash = sha256(token);
    const session = this.sessions.get(hash) ?? (await this.readSession(hash));
    if (session) await this.writeSession(hash, session, true);
    this.sessions.delete(hash);
  }

  private async writeSession(hash: string, session: SessionRecord, revoked: boolean): Promise<void> {
    await this.gateway.insert('auth-session-write', this.gateway.table(SESSIONS_TABLE), [
      {
        token_hash: hash,
        username: session.username,
        credential: session.credential,
        expires_at: new Date(session.expiresAt).toISOString().replace('T', ' ').replace('Z', ''),
        revoked,
        version: nextVersion(),
      },
    ]);
    if (!revoked) this.sessions.set(hash, session);
  }

  private async readSession(hash: string): Promise<SessionRecord | undefined> {
    const [raw] = await this.gateway.query(
      'auth-session-read',
      `SELECT username, credential, toString(expires_at) AS expires_at, revoked FROM ${this.gateway.table(SESSIONS_TABLE)} FINAL WHERE token_hash = {hash:String}`,
      { hash },
    );
    const row = raw ? sessionRow.parse(raw) : undefined;
    if (!row || row.revoked) return undefined;
    return { username: row.username, credential: row.credential, expiresAt: new Date(`${row.expires_at.replace(' ', 'T')}Z`).getTime() };
  }

  /**
   * The signed-in user of a session token. Sessions survive a restart (read through on a miss),
   * and hold only while the user still has the credential the session began with: a password
   * change, a deletion or a re-created username ends them, here at once and in every collector
   * sharing the store at its next reload.
   */
  async findSessionUser(token: string): Promise<UserRecord | undefined> {
    const hash = sha256(token);
    let session = this.sessions.get(hash);
    if (!session) {
      session = await this.readSession(hash);
      if (!session) return undefined;
      this.sessions.set(hash, session);
    }
    if (session.expiresAt < Date.now()) return undefined;
    const user = this.users.get(session.username);
    return user && sameHash(user.credential, session.credential) ? user : undefined;
  }
}
